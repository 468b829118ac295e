/**
 * The doctor against setups seeded through Railway's own GraphQL API on the emulator: a healthy one and
 * each broken one from the table of docs/troubleshooting-guide.md. It must name exactly the failing checks, exit 1 (0 when
 * healthy, 2 when it cannot check), and never print a secret.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../emulator/index.ts";
import { runScript } from "../support/runScript.ts";

const REDIS_PASSWORD = "doctor-redis-password-31337";
const GEMINI = "doctor-gemini-secret-4242";
const WORKER_COMMAND = "celery -A src.tasks.celery_app worker --loglevel=info --concurrency=1";

let emulator: Emulator;

beforeEach(async () => {
  emulator = await startEmulator({ clock: { mode: "manual" } });
});
afterEach(async () => {
  await emulator?.close();
});

/** A GraphQL request to the emulator with the account token, like any Railway API client. */
async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch(`${emulator.url}?source=doctor-test`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      authorization: `Bearer ${emulator.defaults.accountToken}`,
    },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data as T;
}

interface Setup {
  /** Declare the worker at all. */
  worker?: boolean;
  workerStartCommand?: string | null;
  /** The worker's REDIS_URL: undefined for none. */
  workerRedisUrl?: string | undefined;
  /** The API's REDIS_URL. */
  apiRedisUrl?: string;
  /** A second Redis named Cache, for "the worker on another Redis". */
  secondRedis?: boolean;
  shared?: Record<string, string>;
  /** The branch the worker builds from (the repository has only main when this is set). */
  workerBranch?: string;
  /** More deploy settings for the worker (e.g. a healthcheck path it cannot answer). */
  workerDeploy?: Record<string, unknown>;
}

const HEALTHY: Required<Pick<Setup, "worker" | "workerStartCommand" | "workerRedisUrl" | "apiRedisUrl">> = {
  worker: true,
  workerStartCommand: WORKER_COMMAND,
  workerRedisUrl: "${{Redis.REDIS_URL}}",
  apiRedisUrl: "${{Redis.REDIS_URL}}",
};

/** Builds omnidoc by hand the way a person (or another tool) would, then deploys it and sends one request. */
async function seed(setup: Setup): Promise<{ projectId: string; environmentName: string }> {
  const options = { ...HEALTHY, ...setup };
  if (options.workerBranch) emulator.seed.repo("omnidoc-app/omnidoc", { branches: ["main"] });
  const { projectCreate } = await gql<{
    projectCreate: { id: string; environments: { edges: Array<{ node: { id: string } }> } };
  }>(
    `mutation($w: String!) { projectCreate(input: { name: "omnidoc", workspaceId: $w }) { id environments { edges { node { id } } } } }`,
    { w: emulator.defaults.workspaceId },
  );
  const projectId = projectCreate.id;
  const environmentId = projectCreate.environments.edges[0]?.node.id ?? "";
  const create = async (name: string) =>
    (
      await gql<{ serviceCreate: { id: string } }>(
        `mutation($p: String!, $n: String!) { serviceCreate(input: { projectId: $p, name: $n }) { id } }`,
        { p: projectId, n: name },
      )
    ).serviceCreate.id;
  const redisEntry = {
    source: { image: "redis:8.2" },
    variables: {
      REDIS_PASSWORD: { value: REDIS_PASSWORD },
      REDIS_URL: { value: "redis://default:${{REDIS_PASSWORD}}@${{RAILWAY_PRIVATE_DOMAIN}}:6379" },
    },
  };
  const app = (redisUrl: string | undefined) => ({
    source: { repo: "omnidoc-app/omnidoc", branch: "main" },
    build: { builder: "DOCKERFILE" },
    variables: {
      GEMINI_API_KEY: { value: GEMINI },
      LOG_LEVEL: { value: "INFO" },
      ...(redisUrl ? { REDIS_URL: { value: redisUrl } } : {}),
    },
  });
  const services: Record<string, unknown> = { [await create("Redis")]: redisEntry };
  if (options.secondRedis) services[await create("Cache")] = redisEntry;
  services[await create("omnidoc-backend")] = {
    ...app(options.apiRedisUrl),
    deploy: { healthcheckPath: "/health" },
  };
  if (options.worker) {
    const worker = app(options.workerRedisUrl);
    services[await create("omnidoc-celery-worker")] = {
      ...worker,
      source: { ...worker.source, branch: options.workerBranch ?? "main" },
      deploy: {
        ...(options.workerStartCommand ? { startCommand: options.workerStartCommand } : {}),
        ...options.workerDeploy,
      },
    };
  }
  const sharedVariables = Object.fromEntries(
    Object.entries(options.shared ?? {}).map(([k, v]) => [k, { value: v }]),
  );
  await gql(
    `mutation($e: String!, $patch: EnvironmentConfig) { environmentPatchCommit(environmentId: $e, patch: $patch) }`,
    {
      e: environmentId,
      patch: { services, sharedVariables },
    },
  );
  emulator.clock.advance(10 * 60_000);
  emulator.simulateRequest({ environmentId, serviceName: "omnidoc-backend" });
  emulator.clock.advance(60_000);
  return { projectId, environmentName: "production" };
}

interface DoctorRun {
  status: number | null;
  stdout: string;
  stderr: string;
  report: {
    ok: boolean;
    checks: Array<{
      id: string;
      ok: boolean;
      skipped?: boolean;
      message: string;
      fix: string;
      lines?: string[];
    }>;
  };
}

/** Runs the real command. Asynchronously: the emulator answers from this same process. */
async function doctor(
  args: string[],
  env: Record<string, string> = {},
  cwd: string = process.cwd(),
): Promise<DoctorRun> {
  const { status, stdout, stderr } = await runScript("scripts/doctor.ts", args, {
    cwd,
    env: { RAILWAY_API_URL: emulator.url, RAILWAY_API_TOKEN: emulator.defaults.accountToken, ...env },
  });
  let report: DoctorRun["report"] = { ok: false, checks: [] };
  try {
    report = JSON.parse(stdout) as DoctorRun["report"];
  } catch {
    // Table output.
  }
  return { status, stdout, stderr, report };
}

function failing(run: DoctorRun): string[] {
  return run.report.checks.filter((check) => !check.ok && !check.skipped).map((check) => check.id);
}

function skipped(run: DoctorRun): string[] {
  return run.report.checks.filter((check) => check.skipped).map((check) => check.id);
}

function check(run: DoctorRun, id: string) {
  const found = run.report.checks.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`no check ${id} in ${run.stdout}`);
  return found;
}

async function diagnose(setup: Setup): Promise<DoctorRun> {
  const { projectId, environmentName } = await seed(setup);
  const run = await doctor(["--project", projectId, "--environment", environmentName, "--json"]);
  for (const secret of [REDIS_PASSWORD, GEMINI, emulator.defaults.accountToken]) {
    expect(run.stdout).not.toContain(secret);
    expect(run.stderr).not.toContain(secret);
  }
  return run;
}

describe("doctor", () => {
  it("a healthy setup passes every check and exits 0", async () => {
    const run = await diagnose({});
    expect(run.report.checks.map((check) => check.id)).toEqual([
      "api-exists",
      "worker-exists",
      "api-deployed",
      "worker-deployed",
      "worker-start-command",
      "variables-match",
      "redis-url-same",
      "redis-url-form",
      "worker-connected",
      "worker-ready",
      "known-errors",
    ]);
    expect(failing(run)).toEqual([]);
    expect(run.status).toBe(0);
    expect(run.report.ok).toBe(true);
  });

  it("worker missing → worker-exists (and the task that was never received)", async () => {
    const run = await diagnose({ worker: false });
    expect(failing(run)).toEqual(["worker-exists", "known-errors"]);
    expect(skipped(run)).toEqual([
      "worker-deployed",
      "worker-start-command",
      "variables-match",
      "redis-url-same",
      "worker-connected",
      "worker-ready",
    ]);
    expect(run.status).toBe(1);
  });

  it("worker without a start command → it runs the API: worker-start-command; its Celery lines are not judged", async () => {
    const run = await diagnose({ workerStartCommand: null });
    expect(failing(run)).toEqual(["worker-start-command", "known-errors"]);
    expect(skipped(run)).toEqual(["worker-connected", "worker-ready"]);
    expect(check(run, "worker-start-command").fix).toBe(`set its start command to: ${WORKER_COMMAND}`);
    expect(check(run, "worker-connected")).toMatchObject({
      message: "not checked: omnidoc-celery-worker does not run a Celery worker (see worker-start-command)",
      fix: "",
    });
    expect(run.status).toBe(1);
  });

  it("worker on a different REDIS_URL → redis-url-same names the differing host, worker-connected both hosts", async () => {
    const run = await diagnose({ secondRedis: true, workerRedisUrl: "${{Cache.REDIS_URL}}" });
    expect(failing(run)).toEqual(["redis-url-same", "worker-connected", "known-errors"]);
    expect(check(run, "redis-url-same").message).toBe(
      "REDIS_URL differs between omnidoc-backend and omnidoc-celery-worker: host: redis.railway.internal vs cache.railway.internal",
    );
    expect(check(run, "worker-connected").message).toContain("connected to cache.railway.internal");
    expect(check(run, "worker-connected").message).toContain("points at redis.railway.internal");
  });

  it("REDIS_URLs that differ only in their query string → only ssl_cert_reqs is named, never a password", async () => {
    emulator.seed.externalRedis("fluent-cat-12345.upstash.io", { tls: true, password: "upstash-pw-31337" });
    const base = "rediss://default:upstash-pw-31337@fluent-cat-12345.upstash.io:6379";
    const run = await diagnose({
      apiRedisUrl: `${base}?ssl_cert_reqs=none`,
      workerRedisUrl: `${base}?ssl_cert_reqs=required`,
    });
    expect(failing(run)).toEqual(["redis-url-same"]);
    expect(check(run, "redis-url-same").message).toBe(
      "REDIS_URL differs between omnidoc-backend and omnidoc-celery-worker: ssl_cert_reqs: none vs required",
    );
    expect(run.stdout).not.toContain("upstash-pw-31337");
  });

  it("worker whose build FAILED → the build error is shown; its log checks are skipped, not failed", async () => {
    const run = await diagnose({ workerBranch: "feature/typo" });
    // known-errors: the API's task was never received, because the worker never ran.
    expect(failing(run)).toEqual(["worker-deployed", "known-errors"]);
    expect(check(run, "known-errors").fix).toBe(
      "get omnidoc-celery-worker deployed and running (see worker-deployed); tasks wait in Redis until a worker takes them",
    );
    expect(skipped(run)).toEqual(["worker-connected", "worker-ready"]);
    const deployed = check(run, "worker-deployed");
    expect(deployed.message).toBe(
      "omnidoc-celery-worker's latest deployment is FAILED: its build failed, so it never started",
    );
    expect(deployed.lines).toContain(
      "[build] Branch not found: feature/typo does not exist in omnidoc-app/omnidoc",
    );
    expect(deployed.fix).toMatch(/^fix the build error in the lines shown/);
    expect(check(run, "worker-connected").message).toBe(
      "not checked: omnidoc-celery-worker's latest deployment is FAILED: its build failed, so it never started (see worker-deployed)",
    );
    for (const result of run.report.checks.filter((c) => c.skipped)) expect(result.fix).toBe("");
    expect(run.stdout).not.toMatch(/REDIS_URL.*start command|start command.*REDIS_URL/);
  });

  it("worker that failed its healthcheck → Healthcheck failed! and the attempts are shown, with the fix for a worker", async () => {
    const run = await diagnose({ workerDeploy: { healthcheckPath: "/health", healthcheckTimeout: 60 } });
    const deployed = check(run, "worker-deployed");
    expect(failing(run)).toContain("worker-deployed");
    expect(deployed.message).toBe(
      "omnidoc-celery-worker's latest deployment is FAILED: it started, but never passed Railway's healthcheck on /health",
    );
    expect(deployed.lines).toEqual(
      expect.arrayContaining([
        "[build] Path: /health",
        expect.stringMatching(/^\[build\] Attempt #1 failed with service unavailable/),
        "[build] 1/1 replicas never became healthy!",
        "[build] Healthcheck failed!",
      ]),
    );
    expect(deployed.fix).toContain("remove omnidoc-celery-worker's healthcheck path");
  });

  it("worker without --loglevel=info → told to add it; the lines Celery does not print are not judged", async () => {
    const run = await diagnose({
      workerStartCommand: "celery -A src.tasks.celery_app worker --concurrency=1",
    });
    expect(failing(run)).toEqual(["worker-start-command"]);
    expect(skipped(run)).toEqual(["worker-connected", "worker-ready"]);
    const command = check(run, "worker-start-command");
    expect(command.message).toContain("no --loglevel, so Celery's default, WARNING");
    expect(command.fix).toBe(
      "add --loglevel=info: celery -A src.tasks.celery_app worker --loglevel=info --concurrency=1",
    );
    expect(run.stdout).not.toContain("set REDIS_URL");
  });

  it("worker with no REDIS_URL → variables-match, redis-url-same, and the broker it cannot reach", async () => {
    const run = await diagnose({ workerRedisUrl: undefined });
    // Celery retries an unreachable broker instead of exiting, so the deployment itself stays SUCCESS.
    expect(failing(run)).toEqual([
      "variables-match",
      "redis-url-same",
      "worker-connected",
      "worker-ready",
      "known-errors",
    ]);
    expect(run.report.checks.find((c) => c.id === "variables-match")?.message).toContain("lacks REDIS_URL");
    // Real Celery 5.2 falls back to amqp://localhost and retries it (test/fixtures/real-logs/
    // celery-no-broker-url.log): the deployment stays SUCCESS, and its own error line explains the rest.
    expect(check(run, "worker-deployed").ok).toBe(true);
    expect(check(run, "known-errors").message).toContain("consumer: Cannot connect to amqp://");
    expect(check(run, "known-errors").message).toContain("the worker cannot reach its broker");
    expect(check(run, "worker-connected").fix).toContain("as redis-url-same says");
  });

  it("an Upstash host over redis:// → redis-url-form, with the TLS fix", async () => {
    const upstash = "redis://default:upstash-pw-77@fluent-cat-12345.upstash.io:6379";
    const run = await diagnose({
      apiRedisUrl: "${{shared.REDIS_URL}}",
      workerRedisUrl: "${{shared.REDIS_URL}}",
      shared: { REDIS_URL: upstash },
    });
    expect(failing(run)).toEqual(["redis-url-form", "worker-connected", "worker-ready", "known-errors"]);
    expect(run.report.checks.find((c) => c.id === "redis-url-form")?.message).toContain("only accepts TLS");
    expect(run.stdout).not.toContain("upstash-pw-77");
  });

  it("--stack reads the stack's config: project, environment and service names", async () => {
    await seed({});
    const run = await doctor(["--stack", "prod", "--json"]);
    expect(run.status).toBe(0);
    expect(run.report.checks.find((check) => check.id === "worker-exists")?.message).toBe(
      "omnidoc-celery-worker exists",
    );
  });

  it("prints a readable table by default", async () => {
    const { projectId } = await seed({ workerStartCommand: null });
    const run = await doctor(["--project", projectId, "--environment", "production"]);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain("✓ api-exists");
    expect(run.stdout).toContain("✗ worker-start-command");
    expect(run.stdout).toContain(`fix: set its start command to: ${WORKER_COMMAND}`);
  });

  it("--format markdown writes a job summary: the table, the fixes, the explaining lines in a code block", async () => {
    const { projectId } = await seed({ workerBranch: "feature/typo" });
    const run = await doctor(["--project", projectId, "--environment", "production", "--format", "markdown"]);
    expect(run.status).toBe(1);
    const lines = run.stdout.split("\n");
    expect(lines[0]).toBe("## omnidoc doctor — project omnidoc, environment production");
    expect(lines).toContain("| ✓ | `api-exists` | omnidoc-backend exists |");
    expect(lines).toContain(
      "| ✗ | `worker-deployed` | omnidoc-celery-worker's latest deployment is FAILED: its build failed, so it never started |",
    );
    expect(lines.some((line) => line.startsWith("| – | `worker-connected` | not checked:"))).toBe(true);
    expect(run.stdout).toContain("### Fixes\n\n- **`worker-deployed`**: fix the build error");
    expect(run.stdout).toMatch(
      /### Log lines behind `worker-deployed`\n\n```text\n[^`]*\[build\] Branch not found: feature\/typo[^`]*\n```/,
    );
    for (const secret of [REDIS_PASSWORD, GEMINI, emulator.defaults.accountToken]) {
      expect(run.stdout).not.toContain(secret);
    }
  });

  it("--help prints usage and examples (exit 0); an unknown argument exits 2 with one line and a pointer", async () => {
    const help = await doctor(["--help"]);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(
      /^Usage: npm run doctor -- \[--stack NAME \| --project ID --environment NAME\]/,
    );
    expect(help.stdout).toContain("--format <table|json|markdown>");
    expect(help.stdout).toContain("Examples:");
    const unknown = await doctor(["--stack", "prod", "--bogus"]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toBe('doctor: unknown argument "--bogus". See npm run doctor -- --help\n');
    const clash = await doctor(["--json", "--format", "markdown"]);
    expect(clash.status).toBe(2);
    expect(clash.stderr).toContain("--json is --format json");
  });

  it("a connection error names the endpoint it tried, without its query string", async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : 0;
    await new Promise((resolve) => server.close(resolve));
    const url = `http://127.0.0.1:${port}/graphql/v2`;
    const run = await doctor(["--project", "p", "--environment", "production", "--json"], {
      RAILWAY_API_URL: `${url}?source=doctor-test`,
    });
    expect(run.status).toBe(2);
    const answer = JSON.parse(run.stdout) as { error: string; endpoint: string };
    expect(answer.error).toContain(`the connection to ${url} failed (ECONNREFUSED)`);
    expect(answer.endpoint).toBe(url);
  });

  it("reads .env and the stack file from the project folder, wherever it runs", async () => {
    await seed({});
    const elsewhere = mkdtempSync(join(tmpdir(), "doctor-cwd-"));
    try {
      // A .env in the current folder is not the project's: its token must not be used.
      writeFileSync(join(elsewhere, ".env"), `RAILWAY_API_TOKEN=${emulator.defaults.accountToken}\n`);
      const fromElsewhere = await doctor(["--stack", "prod", "--json"], {}, elsewhere);
      expect(fromElsewhere.status).toBe(0);
      const noToken = await doctor(["--stack", "prod", "--json"], { RAILWAY_API_TOKEN: "" }, elsewhere);
      expect(noToken.status).toBe(2);
      expect(JSON.parse(noToken.stdout).error).toContain("No Railway token found");
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it("exits 2 when it cannot check: no token, or no such environment", async () => {
    const noToken = await doctor(["--project", "p", "--environment", "production", "--json"], {
      RAILWAY_API_TOKEN: "",
    });
    expect(noToken.status).toBe(2);
    expect(JSON.parse(noToken.stdout).error).toContain("RAILWAY_API_TOKEN");
    const { projectId } = await seed({});
    const missing = await doctor(["--project", projectId, "--environment", "staging", "--json"]);
    expect(missing.status).toBe(2);
    expect(JSON.parse(missing.stdout).error).toContain('no environment "staging"');
  });
});
