import { afterAll, beforeEach, describe, expect, it } from "vitest";
import type { Emulator } from "../../emulator/index.ts";
import {
  buildLogs,
  createProject,
  createService,
  deployLogs,
  deploymentStatus,
  latestDeploymentId,
  MINUTE,
  ok,
  type ProjectRef,
  start,
} from "./helpers.ts";

// The worker's deploy logs follow from what would really run (the failure table of docs/troubleshooting-guide.md).

const CELERY = "celery -A src.tasks.celery_app worker --loglevel=info --concurrency=1";
const REDIS_URL = "redis://default:${{REDIS_PASSWORD}}@${{RAILWAY_PRIVATE_DOMAIN}}:6379";

let emulator: Emulator;
let ref: ProjectRef;
let redis: string;
let worker: string;

beforeEach(async () => {
  await emulator?.close();
  emulator = await start();
  ref = await createProject(emulator, "omnidoc");
  redis = await createService(emulator, ref, { name: "Redis" });
  worker = await createService(emulator, ref, { name: "omnidoc-celery-worker" });
});
afterAll(() => emulator.close());

/** One patch: Redis (image, password) and the worker (repo, settings, variables). */
async function deployStack(workerEntry: {
  startCommand?: string;
  variables?: Record<string, string>;
  healthcheckPath?: string;
}) {
  const variables = Object.fromEntries(
    Object.entries(workerEntry.variables ?? {}).map(([k, v]) => [k, { value: v }]),
  );
  const deploy: Record<string, unknown> = {};
  if (workerEntry.startCommand) deploy.startCommand = workerEntry.startCommand;
  if (workerEntry.healthcheckPath) deploy.healthcheckPath = workerEntry.healthcheckPath;
  await ok(
    emulator,
    "mutation($e: String!, $p: EnvironmentConfig!) { environmentPatchCommit(environmentId: $e, patch: $p) }",
    {
      e: ref.environmentId,
      p: {
        services: {
          [redis]: {
            source: { image: "redis:7" },
            variables: { REDIS_PASSWORD: { value: "s3cret" }, REDIS_URL: { value: REDIS_URL } },
          },
          [worker]: { source: { repo: "acme/omnidoc", branch: "main" }, deploy, variables },
        },
      },
    },
  );
  emulator.clock.advance(2 * MINUTE);
  const id = await latestDeploymentId(emulator, worker, ref.environmentId);
  return { id, logs: await deployLogs(emulator, id), status: await deploymentStatus(emulator, id) };
}

describe("a healthy Celery worker", () => {
  it("connects to the environment's Redis and says ready, with the password masked", async () => {
    const { logs, status } = await deployStack({
      startCommand: CELERY,
      variables: { REDIS_URL: "${{Redis.REDIS_URL}}" },
    });
    expect(status).toBe("SUCCESS");
    const text = logs.join("\n");
    // Celery 5.2's record format, as test/fixtures/real-logs recorded it.
    expect(text).toMatch(
      /\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}: INFO\/MainProcess\] Connected to redis:\/\/default:\*\*@redis\.railway\.internal:6379\/\//,
    );
    expect(text).toMatch(/: INFO\/MainProcess\] celery@[0-9a-f]{12} ready\./);
    expect(text).toContain(".> transport:   redis://default:**@redis.railway.internal:6379//");
    expect(text).toContain("  . omnidoc.generate_documents");
    expect(text).toContain(": INFO/MainProcess] mingle: all alone");
    expect(text).not.toContain("s3cret");
    const redisLogs = await deployLogs(
      emulator,
      await latestDeploymentId(emulator, redis, ref.environmentId),
    );
    expect(redisLogs.at(-1)).toMatch(/Ready to accept connections tcp$/);
  });

  it("expands $VARS only when the exec-form command is wrapped in sh -c", async () => {
    const wrapped = await deployStack({
      startCommand: `/bin/sh -c "celery -A src.tasks.celery_app worker --loglevel=info --concurrency=$CONC"`,
      variables: { REDIS_URL: "${{Redis.REDIS_URL}}", CONC: "2" },
    });
    expect(wrapped.status).toBe("SUCCESS");
    expect(wrapped.logs.join("\n")).toContain(".> concurrency: 2 (prefork)");
  });
});

describe("broken workers: Celery's own error; an unreachable broker is retried, not fatal", () => {
  it("no REDIS_URL: Celery falls back to local AMQP and keeps retrying it", async () => {
    const { logs, status } = await deployStack({ startCommand: CELERY });
    expect(status).toBe("SUCCESS");
    expect(logs).toContainEqual(
      expect.stringMatching(
        /: ERROR\/MainProcess\] consumer: Cannot connect to amqp:\/\/guest:\*\*@127\.0\.0\.1:5672\/\/: \[Errno 111\] Connection refused\.$/,
      ),
    );
    expect(logs).toContain("Trying again in 2.00 seconds... (1/100)");
    expect(logs.join("\n")).not.toContain("Connected to");
  });

  it("an Upstash host reached with redis:// is reset (TLS only), attempt after attempt", async () => {
    const { logs, status } = await deployStack({
      startCommand: CELERY,
      variables: { REDIS_URL: "redis://default:pw@eu1-known-cat-12345.upstash.io:6379" },
    });
    expect(status).toBe("SUCCESS");
    expect(logs.join("\n")).toContain("Error while reading from socket: (104, 'Connection reset by peer')");
    expect(logs).toContain("Trying again in 4.00 seconds... (2/100)");
  });

  it("a rediss:// URL without ssl_cert_reqs: the Redis result backend raises ValueError; with it the worker connects", async () => {
    const broken = await deployStack({
      startCommand: CELERY,
      variables: { REDIS_URL: "rediss://default:pw@eu1-known-cat-12345.upstash.io:6379" },
    });
    expect(broken.status).toBe("CRASHED");
    expect(broken.logs.slice(-2)).toEqual([
      "ValueError: ",
      "A rediss:// URL must have parameter ssl_cert_reqs and this must be set to CERT_REQUIRED, CERT_OPTIONAL, or CERT_NONE",
    ]);
    const fixed = await deployStack({
      startCommand: CELERY,
      variables: { REDIS_URL: "rediss://default:pw@eu1-known-cat-12345.upstash.io:6379?ssl_cert_reqs=none" },
    });
    expect(fixed.status).toBe("SUCCESS");
    expect(fixed.logs).toContainEqual(
      expect.stringMatching(
        /INFO\/MainProcess\] Connected to rediss:\/\/default:\*\*@eu1-known-cat-12345\.upstash\.io:6379\/\/$/,
      ),
    );
  });

  it("an unknown host is not resolvable; a wrong password is refused", async () => {
    const unknown = await deployStack({
      startCommand: CELERY,
      variables: { REDIS_URL: "redis://cache.example.com:6379/0" },
    });
    expect(unknown.logs.join("\n")).toContain(
      "Error -2 connecting to cache.example.com:6379. Name or service not known..",
    );
    const wrong = await deployStack({
      startCommand: CELERY,
      variables: { REDIS_URL: "redis://default:nope@redis.railway.internal:6379" },
    });
    expect(wrong.status).toBe("SUCCESS");
    expect(wrong.logs.join("\n")).toContain("WRONGPASS invalid username-password pair or user is disabled..");
  });

  it("an unexpanded $VAR in an exec-form start command is not a valid integer", async () => {
    const { logs, status } = await deployStack({
      startCommand: "celery -A src.tasks.celery_app worker --loglevel=info --concurrency=$CONC",
      variables: { REDIS_URL: "${{Redis.REDIS_URL}}", CONC: "2" },
    });
    expect(status).toBe("CRASHED");
    expect(logs).toContain(
      "Error: Invalid value for '-c' / '--concurrency': '$CONC' is not a valid integer.",
    );
  });

  it("a Celery app the repo does not have fails to load", async () => {
    const { logs, status } = await deployStack({
      startCommand: "celery -A src.worker worker --loglevel=info",
      variables: { REDIS_URL: "${{Redis.REDIS_URL}}" },
    });
    expect(status).toBe("CRASHED");
    expect(logs.slice(-3)).toEqual([
      "Error: Invalid value for '-A' / '--app': ",
      "Unable to load celery application.",
      "The module src.worker was not found.",
    ]);
  });
});

describe("other ways a worker goes wrong", () => {
  it("with no start command the worker runs the API (the image's default command)", async () => {
    const { logs, status } = await deployStack({ variables: { REDIS_URL: "${{Redis.REDIS_URL}}" } });
    expect(status).toBe("SUCCESS");
    expect(logs).toContain("INFO:     Uvicorn running on http://0.0.0.0:8080 (Press CTRL+C to quit)");
    expect(logs.join("\n")).not.toContain("celery@");
  });

  it("a healthcheck on a worker (no HTTP) fails the deployment after healthcheckTimeout", async () => {
    await deployStack({
      startCommand: CELERY,
      variables: { REDIS_URL: "${{Redis.REDIS_URL}}" },
      healthcheckPath: "/health",
    });
    const id = await latestDeploymentId(emulator, worker, ref.environmentId);
    expect(await deploymentStatus(emulator, id)).toBe("DEPLOYING");
    emulator.clock.advance(5 * MINUTE);
    expect(await deploymentStatus(emulator, id)).toBe("FAILED");
    const build = await buildLogs(emulator, id);
    expect(build).toContain("Starting Healthcheck");
    expect(build.find((l) => l.startsWith("Attempt #1 failed"))).toMatch(
      /^Attempt #1 failed with service unavailable\./,
    );
    expect(build.at(-1)).toBe("Healthcheck failed!");
  });

  it("without --loglevel=info Celery prints the banner but not the INFO lines", async () => {
    const { logs, status } = await deployStack({
      startCommand: "celery -A src.tasks.celery_app worker",
      variables: { REDIS_URL: "${{Redis.REDIS_URL}}" },
    });
    expect(status).toBe("SUCCESS");
    expect(logs.join("\n")).toContain("[tasks]");
    expect(logs.join("\n")).not.toContain("ready.");
  });
});
