/**
 * The emulator's real deployments (EmulatorOptions.realDeployments) by Railway's rules, with a probe
 * container (test/fixtures/probe-app) and Debian's redis-server: exec-form start commands and `sh -c`, the
 * variables Railway injects, private domains on loopback, logs from stdout and stderr, exits and the
 * restart policy, redeploys, deletes, and close.
 */
import { spawn } from "node:child_process";
import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../emulator/index.ts";
import { realProcessSupport } from "../../emulator/processes/system-support.ts";

const support = realProcessSupport();
if (!support.ok) console.warn(`SKIPPED, NOT PASSED — real deployment tests: ${support.reason}`);

const PROBE_REPO = "acme/probe";
const REDIS_PASSWORD = "probe-redis-password-9d2e";

let emulator: Emulator;
let projectId = "";
let environmentId = "";

async function dashboard<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const result = await emulator.dashboard(query, variables);
  if (result.errors) throw new Error(JSON.stringify(result.errors));
  return result.data as T;
}

async function createService(name: string): Promise<string> {
  const data = await dashboard<{ serviceCreate: { id: string } }>(
    "mutation($p: String!, $n: String!) { serviceCreate(input: { projectId: $p, name: $n }) { id } }",
    { p: projectId, n: name },
  );
  return data.serviceCreate.id;
}

/** Commits one service's config (which deploys it) and waits until its new deployment settles. */
async function deploy(
  serviceId: string,
  entry: Record<string, unknown>,
  settled = ["SUCCESS", "FAILED", "CRASHED"],
) {
  const before = await latest(serviceId);
  await dashboard(
    "mutation($e: String!, $patch: EnvironmentConfig) { environmentPatchCommit(environmentId: $e, patch: $patch) }",
    {
      e: environmentId,
      patch: { services: { [serviceId]: entry } },
    },
  );
  return until(async () => {
    const now = await latest(serviceId);
    return now && now.id !== before?.id && settled.includes(now.status) ? now : undefined;
  });
}

async function latest(serviceId: string) {
  const data = await dashboard<{
    serviceInstance: { latestDeployment: { id: string; status: string } | null };
  }>(
    "query($s: String!, $e: String!) { serviceInstance(serviceId: $s, environmentId: $e) { latestDeployment { id status } } }",
    { s: serviceId, e: environmentId },
  );
  return data.serviceInstance.latestDeployment ?? undefined;
}

async function logs(deploymentId: string) {
  const data = await dashboard<{
    deploymentLogs: Array<{
      message: string;
      severity: string;
      attributes: Array<{ key: string; value: string }>;
    }>;
  }>(
    "query($id: String!) { deploymentLogs(deploymentId: $id, limit: 500) { message severity attributes { key value } } }",
    { id: deploymentId },
  );
  return data.deploymentLogs;
}

/** The probe's `ARGV …` / `ENV …` line, parsed. */
async function printed<T>(deploymentId: string, prefix: "ARGV" | "ENV"): Promise<T> {
  const line = await until(async () =>
    (await logs(deploymentId)).find((l) => l.message.startsWith(`${prefix} `)),
  );
  return JSON.parse(line.message.slice(prefix.length + 1)) as T;
}

async function until<T>(probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((done) => setTimeout(done, 100));
  }
}

const probeSource = { source: { repo: PROBE_REPO, branch: "main" }, build: { builder: "DOCKERFILE" } };
const pidsOf = (serviceName: string) =>
  emulator.processes
    .list()
    .filter((p) => p.serviceName === serviceName)
    .map((p) => p.pid);
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe.skipIf(!support.ok)(
  `real deployments${support.ok ? "" : ` [skipped: ${support.reason}]`}`,
  { timeout: 120_000 },
  () => {
    let redisId = "";

    beforeAll(async () => {
      process.env.OMNIDOC_TEST_PARENT_ONLY = "must-not-leak";
      emulator = await startEmulator({
        clock: { mode: "realtime" },
        rateLimits: false,
        realDeployments: {
          repos: { [PROBE_REPO]: resolve(import.meta.dirname, "../fixtures/probe-app") },
          stopGraceSeconds: 2,
        },
      });
      const data = await dashboard<{
        projectCreate: { id: string; environments: { edges: Array<{ node: { id: string } }> } };
      }>(
        'mutation($w: String!) { projectCreate(input: { name: "probe", workspaceId: $w }) { id environments { edges { node { id } } } } }',
        { w: emulator.defaults.workspaceId },
      );
      projectId = data.projectCreate.id;
      environmentId = data.projectCreate.environments.edges[0]?.node.id ?? "";
      await dashboard(
        'mutation($p: String!, $e: String!) { variableUpsert(input: { projectId: $p, environmentId: $e, name: "GREETING", value: "hello from shared" }) }',
        { p: projectId, e: environmentId },
      );
      redisId = await createService("Redis");
      const redis = await deploy(redisId, {
        source: { image: "redis:8.2" },
        deploy: { startCommand: `/bin/sh -c 'exec redis-server --requirepass "$REDIS_PASSWORD"'` },
        variables: {
          REDIS_PASSWORD: { value: REDIS_PASSWORD },
          REDIS_URL: { value: "redis://default:${{REDIS_PASSWORD}}@${{RAILWAY_PRIVATE_DOMAIN}}:6379" },
        },
      });
      expect(redis.status).toBe("SUCCESS");
    });
    afterAll(async () => {
      delete process.env.OMNIDOC_TEST_PARENT_ONLY;
      await emulator?.close();
    });

    it("a custom start command runs in exec form: $VARS stay literal; `sh -c` expands them", async () => {
      const exec = await deploy(await createService("exec-form"), {
        ...probeSource,
        deploy: { startCommand: "python3 probe.py $RAILWAY_SERVICE_NAME 'two words'" },
      });
      expect(await printed<string[]>(exec.id, "ARGV")).toEqual(["$RAILWAY_SERVICE_NAME", "two words"]);
      const shell = await deploy(await createService("shell-form"), {
        ...probeSource,
        deploy: { startCommand: `/bin/sh -c 'exec python3 probe.py "$RAILWAY_SERVICE_NAME"'` },
      });
      expect(await printed<string[]>(shell.id, "ARGV")).toEqual(["shell-form"]);
      const image = await deploy(await createService("image-cmd"), probeSource);
      expect(await printed<string[]>(image.id, "ARGV")).toEqual(["default-cmd"]);
    });

    it("gets the variables Railway injects, rendered, and nothing of the emulator's own environment", async () => {
      const deployment = await deploy(await createService("variables"), {
        ...probeSource,
        variables: {
          GREETING: { value: "${{shared.GREETING}}" },
          REDIS_URL: { value: "${{Redis.REDIS_URL}}" },
        },
      });
      const env = await printed<Record<string, string>>(deployment.id, "ENV");
      expect(env).toMatchObject({
        GREETING: "hello from shared",
        REDIS_URL: `redis://default:${REDIS_PASSWORD}@redis.railway.internal:6379`,
        RAILWAY_SERVICE_NAME: "variables",
        RAILWAY_PRIVATE_DOMAIN: "variables.railway.internal",
        RAILWAY_ENVIRONMENT_NAME: "production",
        RAILWAY_PROJECT_NAME: "probe",
        RAILWAY_DEPLOYMENT_ID: deployment.id,
        PROBE_IMAGE_ENV: "from-dockerfile",
        PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
      });
      expect(Number(env.PORT)).toBeGreaterThan(0);
      expect(env.OMNIDOC_TEST_PARENT_ONLY).toBeUndefined();
    });

    it("resolves a service's private domain to the loopback port its running deployment listens on", async () => {
      const deployment = await deploy(await createService("client"), {
        ...probeSource,
        variables: {
          PROBE: { value: "connect" },
          PROBE_HOST: { value: "redis.railway.internal" },
          PROBE_PORT: { value: "6379" },
        },
      });
      const redisPort = emulator.processes.list().find((p) => p.serviceName === "Redis")?.port;
      const lines = await until(async () => {
        const all = (await logs(deployment.id)).map((l) => l.message);
        return all.includes("CONNECTED") ? all : undefined;
      });
      expect(lines).toContain(`RESOLVED ["127.0.0.1", ${redisPort}]`);
      const unknown = await deploy(await createService("lost"), {
        ...probeSource,
        variables: {
          PROBE: { value: "connect" },
          PROBE_HOST: { value: "nothing.railway.internal" },
          PROBE_PORT: { value: "6379" },
        },
      });
      await until(async () =>
        (await logs(unknown.id)).some((l) => l.message.startsWith("CONNECT FAILED [Errno -2]"))
          ? true
          : undefined,
      );
    });

    it("stdout is info, stderr error, a JSON line structured; an exit is CRASHED after the restart policy's retries", async () => {
      const structured = await deploy(await createService("structured"), {
        ...probeSource,
        variables: { PROBE: { value: "json" } },
      });
      const line = await until(async () =>
        (await logs(structured.id)).find((l) => l.message === "structured line"),
      );
      expect(line.severity).toBe("error");
      expect(line.attributes).toContainEqual({ key: "request_id", value: "r-1" });

      const serviceId = await createService("crasher");
      await deploy(
        serviceId,
        {
          ...probeSource,
          deploy: { restartPolicyType: "ON_FAILURE", restartPolicyMaxRetries: 2 },
          variables: { PROBE: { value: "exit" } },
        },
        ["SUCCESS", "CRASHED"],
      );
      const crashed = await until(async () => {
        const now = await latest(serviceId);
        const lines = now ? await logs(now.id) : [];
        const starts = lines.filter((l) => l.message === "Starting Container").length;
        return now?.status === "CRASHED" && starts === 3 && pidsOf("crasher").length === 0
          ? lines
          : undefined;
      }, 90_000);
      expect(crashed.filter((l) => l.message === "exiting on purpose").map((l) => l.severity)).toEqual([
        "error",
        "error",
        "error",
      ]);
      expect(crashed.find((l) => l.message.startsWith("ARGV"))?.severity).toBe("info");

      const never = await createService("no-restart");
      await deploy(
        never,
        { ...probeSource, deploy: { restartPolicyType: "NEVER" }, variables: { PROBE: { value: "exit" } } },
        ["SUCCESS", "CRASHED"],
      );
      await until(async () => ((await latest(never))?.status === "CRASHED" ? true : undefined));
      const once = await logs((await latest(never))?.id ?? "");
      expect(once.filter((l) => l.message === "Starting Container")).toHaveLength(1);

      const clean = await createService("clean-exit");
      await deploy(
        clean,
        { ...probeSource, variables: { PROBE: { value: "exit" }, PROBE_EXIT: { value: "0" } } },
        ["SUCCESS"],
      );
      await until(async () => (pidsOf("clean-exit").length === 0 ? true : undefined));
      // Exit code 0 under ON_FAILURE: nothing restarts and the deployment stays SUCCESS.
      await new Promise((done) => setTimeout(done, 1500));
      expect((await latest(clean))?.status).toBe("SUCCESS");
    });

    it("a redeploy replaces the process; deleting the service stops it; a deployment removal stops Redis", async () => {
      const serviceId = await createService("replaced");
      await deploy(serviceId, probeSource);
      const [first] = pidsOf("replaced");
      await dashboard(
        "mutation($s: String!, $e: String!) { serviceInstanceRedeploy(serviceId: $s, environmentId: $e) }",
        {
          s: serviceId,
          e: environmentId,
        },
      );
      const second = await until(async () => {
        const pids = pidsOf("replaced");
        return pids.length === 1 && pids[0] !== first && !alive(first ?? 0) ? pids[0] : undefined;
      });
      await dashboard("mutation($id: String!) { serviceDelete(id: $id) }", { id: serviceId });
      await until(async () => (pidsOf("replaced").length === 0 && !alive(second ?? 0) ? true : undefined));

      const redis = await latest(redisId);
      const [redisPid] = pidsOf("Redis");
      await dashboard("mutation($id: String!) { deploymentRemove(id: $id) }", { id: redis?.id });
      await until(async () => (!alive(redisPid ?? 0) ? true : undefined));
      expect((await latest(redisId))?.status).toBe("REMOVED");
    });

    it("a process of the emulator's that dies without close() takes its deployments' processes with it", async () => {
      const child = spawn(
        process.execPath,
        [resolve(import.meta.dirname, "../fixtures/emulator-with-redis.ts")],
        {
          stdio: ["ignore", "pipe", "inherit"],
        },
      );
      let printed = "";
      child.stdout.on("data", (chunk: Buffer) => {
        printed += chunk.toString();
      });
      const pid = await until(async () => {
        const found = /PID (\d+)/.exec(printed)?.[1];
        return found ? Number(found) : undefined;
      });
      expect(alive(pid)).toBe(true);
      child.kill("SIGKILL");
      // The watchdog polls once a second.
      await until(async () => (!alive(pid) ? true : undefined), 10_000);
    });

    it("close stops every process it started", async () => {
      const pids = emulator.processes.list().map((p) => p.pid);
      expect(pids.length).toBeGreaterThan(0);
      await emulator.close();
      expect(pids.filter(alive)).toEqual([]);
    });
  },
);
