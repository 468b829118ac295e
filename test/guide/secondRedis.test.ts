/**
 * The guide's "task received but not processed", with real processes: out of band (Railway's API, not the
 * stack) a second Redis is created and the worker's REDIS_URL pointed at it. A submitted task then sits in
 * the API's Redis, never processed; the doctor names redis-url-same and the stuck task; refresh reports the
 * drift; the next `up` puts the worker back on the API's Redis, which then processes the stuck task.
 */
import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../../emulator/index.ts";
import type { TestStack } from "../engine/driver.ts";
import { stepsWith } from "../engine/driver.ts";
import { idsOf, SECRETS, type StackIds } from "../scenarios/support.ts";
import {
  check,
  completedDocuments,
  eventually,
  failingChecks,
  generate,
  latestDeployment,
  railway,
  realStack,
  runDoctor,
  serviceLogs,
  skipReason,
  startRealEmulator,
  support,
  WORKER,
} from "./support.ts";

const CACHE_PASSWORD = "cache-secret-password-4c1d";
const STUCK = "guide-stuck-1";

let emulator: Emulator;
let stack: TestStack;
let ids: StackIds;
let stuckTaskId = "";

/** Tasks waiting in the API's Redis (Celery's default queue is the list "celery"). */
function queued(): number {
  const redis = emulator.processes.list().find((process) => process.serviceName === "Redis");
  const result = spawnSync("redis-cli", ["-p", String(redis?.port), "--no-auth-warning", "LLEN", "celery"], {
    encoding: "utf8",
    env: { PATH: "/usr/bin:/bin", REDISCLI_AUTH: SECRETS.redisPassword },
  });
  return Number(result.stdout.trim());
}

/** The worker's running deployment once it logs ready on `host`, and its predecessor has stopped. */
function workerReadyOn(host: string) {
  return eventually(`the worker ready on ${host}`, async () => {
    const latest = await latestDeployment(emulator, ids.environmentId, WORKER);
    const lines = await serviceLogs(emulator, ids.environmentId, WORKER);
    const connected = lines.some((line) => line.includes(`Connected to redis://default:**@${host}:6379//`));
    const workers = emulator.processes.list().filter((process) => process.serviceName === WORKER);
    const ready = lines.some((line) => / celery@\S+ ready\.$/.test(line));
    return latest?.status === "SUCCESS" && connected && ready && workers.length === 1 ? lines : undefined;
  });
}

describe.skipIf(!support.ok)(
  `the worker on another Redis, with real processes${skipReason}`,
  { timeout: 240_000 },
  () => {
    beforeAll(async () => {
      emulator = await startRealEmulator();
      stack = realStack(emulator);
      const up = await stack.up();
      expect(up.errors).toEqual([]);
      ids = idsOf(up.outputs);
    });
    afterAll(async () => {
      await emulator?.close();
    });

    it("out of band: a second Redis, and the worker's REDIS_URL pointed at it", async () => {
      const { serviceCreate } = await railway<{ serviceCreate: { id: string } }>(
        emulator,
        'mutation($p: String!) { serviceCreate(input: { projectId: $p, name: "Cache" }) { id } }',
        { p: ids.projectId },
      );
      await railway(
        emulator,
        "mutation($e: String!, $patch: EnvironmentConfig) { environmentPatchCommit(environmentId: $e, patch: $patch) }",
        {
          e: ids.environmentId,
          patch: {
            services: {
              [serviceCreate.id]: {
                source: { image: "redis:8.2" },
                deploy: { startCommand: `/bin/sh -c 'exec redis-server --requirepass "$REDIS_PASSWORD"'` },
                variables: {
                  REDIS_PASSWORD: { value: CACHE_PASSWORD },
                  REDIS_URL: {
                    value: "redis://default:${{REDIS_PASSWORD}}@${{RAILWAY_PRIVATE_DOMAIN}}:6379",
                  },
                },
              },
            },
          },
        },
      );
      await eventually("Cache running", async () =>
        (await latestDeployment(emulator, ids.environmentId, "Cache"))?.status === "SUCCESS"
          ? true
          : undefined,
      );
      // Without skipDeploys, as in the dashboard: Railway redeploys the worker with the new value.
      await railway(
        emulator,
        'mutation($p: String!, $e: String!, $s: String!) { variableUpsert(input: { projectId: $p, environmentId: $e, serviceId: $s, name: "REDIS_URL", value: "${{Cache.REDIS_URL}}" }) }',
        { p: ids.projectId, e: ids.environmentId, s: ids.serviceIds[WORKER] },
      );
      await workerReadyOn("cache.railway.internal");
    });

    it("a submitted task is never processed: it waits in the API's Redis", async () => {
      const request = await generate(emulator, STUCK);
      expect(request.status).toBe(202);
      stuckTaskId = request.body.task_id ?? "";
      await new Promise((done) => setTimeout(done, 5000));
      const worker = await serviceLogs(emulator, ids.environmentId, WORKER);
      expect(worker.filter((line) => line.includes(stuckTaskId))).toEqual([]);
      expect(queued()).toBe(1);
    });

    it("the doctor names redis-url-same, the worker's other Redis and the stuck task", async () => {
      const run = await runDoctor(emulator, ids.projectId);
      expect(run.status).toBe(1);
      expect(failingChecks(run)).toEqual(["redis-url-same", "worker-connected", "known-errors"]);
      expect(check(run, "redis-url-same").message).toBe(
        "REDIS_URL differs between omnidoc-backend and omnidoc-celery-worker: host: redis.railway.internal vs cache.railway.internal; password: differs (not shown)",
      );
      expect(check(run, "known-errors").message).toContain(
        `1 task(s) submitted by omnidoc-backend were never received by omnidoc-celery-worker: ${stuckTaskId}`,
      );
      for (const secret of [SECRETS.redisPassword, CACHE_PASSWORD, emulator.defaults.accountToken]) {
        expect(run.stdout).not.toContain(secret);
      }
    });

    it("refresh reports the drift: the worker's variables and its deployment", async () => {
      const refresh = await stack.refresh();
      expect(refresh.errors).toEqual([]);
      expect(stepsWith(refresh, "refresh-update")).toEqual([`${WORKER}-deployment`, `${WORKER}-variables`]);
    });

    it("the next up puts the worker back on the API's Redis, and the stuck task is processed", async () => {
      const up = await stack.up();
      expect(up.errors).toEqual([]);
      await workerReadyOn("redis.railway.internal");
      const lines = await eventually("the stuck task's 7 documents", async () => {
        const worker = await serviceLogs(emulator, ids.environmentId, WORKER);
        return completedDocuments(worker, STUCK).length === 7 ? worker : undefined;
      });
      expect(lines).toContainEqual(
        expect.stringContaining(`Task omnidoc.generate_documents[${stuckTaskId}] received`),
      );
      expect(queued()).toBe(0);
      const run = await runDoctor(emulator, ids.projectId);
      expect(failingChecks(run)).toEqual([]);
      expect(run.status).toBe(0);
    });
  },
);
