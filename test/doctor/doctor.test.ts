/**
 * The doctor against setups seeded through Railway's own GraphQL API on the emulator: a healthy one and
 * each broken one from SCENARIO.md's table. It must name exactly the failing checks, exit 1 (0 when
 * healthy, 2 when it cannot check), and never print a secret.
 */
import { spawn } from "node:child_process";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../emulator/index.ts";

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
    services[await create("omnidoc-celery-worker")] = {
      ...app(options.workerRedisUrl),
      ...(options.workerStartCommand ? { deploy: { startCommand: options.workerStartCommand } } : {}),
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
    checks: Array<{ id: string; ok: boolean; skipped?: boolean; message: string; fix: string }>;
  };
}

/** Runs the real command. Asynchronously: the emulator answers from this same process. */
async function doctor(args: string[], env: Record<string, string> = {}): Promise<DoctorRun> {
  const child = spawn(process.execPath, ["scripts/doctor.ts", ...args], {
    env: {
      PATH: process.env.PATH ?? "",
      RAILWAY_API_URL: emulator.url,
      RAILWAY_API_TOKEN: emulator.defaults.accountToken,
      ...env,
    },
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const status = await new Promise<number | null>((resolve) => child.on("close", resolve));
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

  it("worker without a start command → it runs the API: worker-start-command, not connected, not ready", async () => {
    const run = await diagnose({ workerStartCommand: null });
    expect(failing(run)).toEqual([
      "worker-start-command",
      "worker-connected",
      "worker-ready",
      "known-errors",
    ]);
    const check = run.report.checks.find((c) => c.id === "worker-start-command");
    expect(check?.fix).toBe(`set its start command to: ${WORKER_COMMAND}`);
  });

  it("worker on a different REDIS_URL → redis-url-same and worker-connected name the two hosts", async () => {
    const run = await diagnose({ secondRedis: true, workerRedisUrl: "${{Cache.REDIS_URL}}" });
    expect(failing(run)).toEqual(["redis-url-same", "worker-connected", "known-errors"]);
    const same = run.report.checks.find((c) => c.id === "redis-url-same");
    expect(same?.message).toContain("redis.railway.internal:6379");
    expect(same?.message).toContain("cache.railway.internal:6379");
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
