/**
 * The doctor's rules on their own, without Railway: which lines explain a failed deployment, where two
 * broker URLs differ, and which checks are skipped (never failed again) after an earlier failure.
 */
import { describe, expect, it } from "vitest";
import { CHECK_IDS, runChecks } from "../../scripts/doctor/checks.ts";
import { explainDeployment } from "../../scripts/doctor/explain.ts";
import type { DoctorFacts, LogEntry, ServiceFacts } from "../../scripts/doctor/facts.ts";
import { formatMarkdown, formatReport } from "../../scripts/doctor/report.ts";
import { brokerUrlDifferences, describeDifferences } from "../../scripts/doctor/urlDiff.ts";

const info = (message: string): LogEntry => ({ message, severity: "info" });
const error = (message: string): LogEntry => ({ message, severity: "error" });

describe("explainDeployment", () => {
  const buildSteps = Array.from({ length: 30 }, (_, index) => info(`step ${index}: compiling`));

  it("a failed build: its error lines with a little context, not the last lines", () => {
    const build = [
      ...buildSteps,
      info("#9 [4/5] RUN pip install -r requirements.txt"),
      info("#9 ERROR: No matching distribution found for torch==9.9"),
      info("#9 finished"),
      info("ERROR: failed to solve: process did not complete successfully: exit code: 1"),
      info("Build time: 41.20 seconds"),
    ];
    const explained = explainDeployment("FAILED", build, []);
    expect(explained.phase).toBe("build");
    expect(explained.summary).toBe("its build failed, so it never started");
    expect(explained.lines).toEqual([
      "[build] step 28: compiling",
      "[build] step 29: compiling",
      "[build] #9 [4/5] RUN pip install -r requirements.txt",
      "[build] #9 ERROR: No matching distribution found for torch==9.9",
      "[build] ERROR: failed to solve: process did not complete successfully: exit code: 1",
    ]);
  });

  it("a failed healthcheck: its path, first and last attempts, the verdict, then the service's own lines", () => {
    const attempts = Array.from({ length: 9 }, (_, index) =>
      info(`Attempt #${index + 1} failed with service unavailable. Continuing to retry for ${290 - index}s`),
    );
    const build = [
      ...buildSteps,
      info("===================="),
      info("Starting Healthcheck"),
      info("Path: /health"),
      info("Retry window: 5m0s"),
      ...attempts,
      error("1/1 replicas never became healthy!"),
      error("Healthcheck failed!"),
    ];
    const deploy = [info("Starting Container"), info("INFO:     Uvicorn running on http://127.0.0.1:8000")];
    const explained = explainDeployment("FAILED", build, deploy);
    expect(explained).toMatchObject({ phase: "healthcheck", healthcheckPath: "/health" });
    expect(explained.lines).toEqual([
      "[build] Path: /health",
      "[build] Retry window: 5m0s",
      "[build] Attempt #1 failed with service unavailable. Continuing to retry for 290s",
      "[build] Attempt #2 failed with service unavailable. Continuing to retry for 289s",
      "[build] … 6 more failed attempts …",
      "[build] Attempt #9 failed with service unavailable. Continuing to retry for 282s",
      "[build] 1/1 replicas never became healthy!",
      "[build] Healthcheck failed!",
      "[deploy] Starting Container",
      "[deploy] INFO:     Uvicorn running on http://127.0.0.1:8000",
    ]);
  });

  it("a crash: the traceback and error lines of the deploy log", () => {
    const deploy = [
      info("Starting Container"),
      info(" -------------- celery@abc v5.4.0"),
      error("Traceback (most recent call last):"),
      error('  File "/usr/local/bin/celery", line 8, in <module>'),
      error("KeyError: 'No such transport: amqp2'"),
      info("later noise"),
    ];
    const explained = explainDeployment("CRASHED", [], deploy);
    expect(explained.phase).toBe("crash");
    expect(explained.lines).toEqual([
      "[deploy] Traceback (most recent call last):",
      '[deploy]   File "/usr/local/bin/celery", line 8, in <module>',
      "[deploy] KeyError: 'No such transport: amqp2'",
    ]);
  });

  it("a deployment still on its way is not a failure to explain from logs", () => {
    expect(explainDeployment("BUILDING", buildSteps, []).phase).toBe("in-progress");
  });
});

describe("brokerUrlDifferences", () => {
  const base = "rediss://default:s3cret-one@fluent-cat.upstash.io:6379";

  it("names only the parts that differ", () => {
    expect(brokerUrlDifferences(`${base}?ssl_cert_reqs=none`, `${base}?ssl_cert_reqs=required`)).toEqual([
      { part: "ssl_cert_reqs", first: "none", second: "required" },
    ]);
    expect(brokerUrlDifferences(`${base}?ssl_cert_reqs=none`, base)).toEqual([
      { part: "ssl_cert_reqs", first: "none", second: "(not set)" },
    ]);
    expect(
      brokerUrlDifferences(
        "redis://default:pw@redis.railway.internal:6379/0",
        "redis://default:pw@cache:6380/2",
      ),
    ).toEqual([
      { part: "host", first: "redis.railway.internal", second: "cache" },
      { part: "port", first: "6379", second: "6380" },
      { part: "database", first: "0", second: "2" },
    ]);
    expect(brokerUrlDifferences("redis://h:6379", "rediss://h:6379")).toEqual([
      { part: "scheme", first: "redis", second: "rediss" },
    ]);
  });

  it("never shows a password, or a query parameter whose name says it is a secret", () => {
    const differences = brokerUrlDifferences(
      `${base}?ssl_cert_reqs=none&auth_token=tok-aaa`,
      "rediss://default:s3cret-two@fluent-cat.upstash.io:6379?ssl_cert_reqs=none&auth_token=tok-bbb",
    );
    expect(differences).toEqual([
      { part: "password", first: "(not shown)", second: "(not shown)" },
      { part: "auth_token", first: "(not shown)", second: "(not shown)" },
    ]);
    const described = describeDifferences(differences ?? []);
    expect(described).toBe("password: differs (not shown); auth_token: differs (not shown)");
    expect(described).not.toMatch(/s3cret|tok-/);
  });

  it("a default written out is no difference; a reference or a non-URL cannot be compared", () => {
    expect(brokerUrlDifferences("redis://h", "redis://h:6379/0")).toEqual([]);
    expect(brokerUrlDifferences("${{Redis.REDIS_URL}}", "redis://h")).toBeUndefined();
    expect(brokerUrlDifferences("not a url", "redis://h")).toBeUndefined();
  });
});

const COMMAND = "celery -A src.tasks.celery_app worker --loglevel=info --concurrency=1";
const OPTIONS = { celeryApp: "src.tasks.celery_app", concurrency: 1, brokerVariable: "REDIS_URL" };

function service(name: string, overrides: Partial<ServiceFacts> = {}): ServiceFacts {
  return {
    name,
    exists: true,
    variableNames: ["REDIS_URL"],
    startCommand: undefined,
    brokerUrl: "redis://default:pw@redis.railway.internal:6379",
    brokerVariable: "REDIS_URL",
    latestDeployment: { id: "d", status: "SUCCESS" },
    logs: [],
    buildLogs: [],
    ...overrides,
  };
}

function facts(worker: Partial<ServiceFacts>): DoctorFacts {
  return {
    projectName: "omnidoc",
    environmentName: "production",
    api: service("api", { logs: [info("Application startup complete.")] }),
    worker: service("worker", {
      startCommand: COMMAND,
      logs: [
        info("[INFO/MainProcess] Connected to redis://default:**@redis.railway.internal:6379//"),
        info("[INFO/MainProcess] celery@abc ready."),
      ],
      ...worker,
    }),
  };
}

describe("runChecks", () => {
  const byId = (results: ReturnType<typeof runChecks>) =>
    new Map(results.map((result) => [result.id, result]));

  it("runs every check once, in the guide's order", () => {
    const results = runChecks(facts({}), OPTIONS);
    expect(results.map((result) => result.id)).toEqual([...CHECK_IDS]);
    expect(results.every((result) => result.ok)).toBe(true);
  });

  it("a skipped check names the failed check it waits on and carries no fix", () => {
    const results = byId(
      runChecks(
        facts({
          latestDeployment: { id: "d", status: "FAILED" },
          logs: [],
          buildLogs: [error("Dockerfile `Dockerfile` does not exist")],
        }),
        OPTIONS,
      ),
    );
    for (const id of ["worker-connected", "worker-ready"] as const) {
      expect(results.get(id)).toEqual({
        id,
        ok: false,
        skipped: true,
        message:
          "not checked: worker's latest deployment is FAILED: its build failed, so it never started (see worker-deployed)",
        fix: "",
      });
    }
    expect(results.get("worker-deployed")?.lines).toEqual(["[build] Dockerfile `Dockerfile` does not exist"]);
  });

  it("a worker whose CELERY_BROKER_URL points elsewhere is told so: Celery reads it before REDIS_URL", () => {
    const results = byId(
      runChecks(
        facts({
          brokerUrl: "redis://default:pw@other-redis.railway.internal:6379",
          brokerVariable: "CELERY_BROKER_URL",
        }),
        OPTIONS,
      ),
    );
    expect(results.get("redis-url-same")).toMatchObject({
      ok: false,
      message:
        "the broker differs between api and worker: host: redis.railway.internal vs other-redis.railway.internal (worker's CELERY_BROKER_URL, which Celery reads before REDIS_URL)",
      fix: "remove CELERY_BROKER_URL from worker, or set it to the same broker, then redeploy",
    });
  });

  it("a worker logging below INFO is told to add --loglevel=info, in its own command", () => {
    const results = byId(
      runChecks(
        facts({ startCommand: "celery -A src.tasks.celery_app worker -l warning -c 2", logs: [] }),
        OPTIONS,
      ),
    );
    expect(results.get("worker-start-command")).toMatchObject({
      ok: false,
      fix: "add --loglevel=info: celery -A src.tasks.celery_app worker --loglevel=info -c 2",
    });
    expect(results.get("worker-start-command")?.message).toContain("with --loglevel WARNING");
    expect(results.get("worker-connected")?.skipped).toBe(true);
    expect(results.get("worker-ready")?.skipped).toBe(true);
  });

  it("the table and the Markdown report show ✓ ✗ –, the explaining lines and the fixes", () => {
    const upstash = "redis://default:pw@fluent-cat.upstash.io:6379";
    const checks = runChecks(
      {
        ...facts({
          latestDeployment: { id: "d", status: "FAILED" },
          logs: [],
          buildLogs: [error("boom ``` <b>")],
        }),
        api: service("api", { brokerUrl: upstash }),
      },
      OPTIONS,
    );
    const report = { ok: false, project: "omnidoc", environment: "production", checks };
    const table = formatReport(report);
    expect(table).toContain("✗ worker-deployed");
    expect(table).toContain("│ [build] boom ``` <b>");
    expect(table).toContain("– worker-connected      not checked:");
    expect(table).toContain("fix: use rediss://default:<password>@<host>:6379?ssl_cert_reqs=none");
    const markdown = formatMarkdown(report);
    expect(markdown).toContain("| – | `worker-ready` | not checked:");
    // Text outside code blocks never opens HTML (GitHub would swallow <password>) or breaks the table.
    expect(markdown).toContain(
      "- **`redis-url-form`**: use rediss://default:&lt;password&gt;@&lt;host&gt;:6379",
    );
    expect(markdown).toMatch(
      /\| ✗ \| `redis-url-same` \| REDIS_URL differs between api and worker: host: fluent-cat\.upstash\.io vs redis\.railway\.internal \|/,
    );
    // A log line holding ``` cannot close its code block.
    expect(markdown).toContain("````text\n[build] boom ``` <b>\n````");
  });
});
