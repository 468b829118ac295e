/**
 * The rest of the guide's table, with real processes, each broken out of band through Railway's API and
 * then repaired by the stack: the worker's start command removed, the worker service deleted, Redis stopped.
 * In this order because the doctor reads the latest worker deployment's logs only: once a task has been
 * submitted, a later redeploy of the worker makes it look "never received".
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../../emulator/index.ts";
import type { TestStack } from "../engine/driver.ts";
import { idsOf, type StackIds } from "../scenarios/support.ts";
import {
  API,
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

let emulator: Emulator;
let stack: TestStack;
let ids: StackIds;

const running = (service: string) => emulator.processes.list().filter((p) => p.serviceName === service);

async function upAgain() {
  const refresh = await stack.refresh();
  expect(refresh.errors).toEqual([]);
  const up = await stack.up();
  expect(up.errors).toEqual([]);
  ids = idsOf(up.outputs);
}

/** The worker's latest deployment logs ready (the stack's `up` already verified it; this reads it back). */
function workerReady() {
  return eventually("the worker ready", async () => {
    const lines = await serviceLogs(emulator, ids.environmentId, WORKER);
    return lines.some((line) => / celery@\S+ ready\.$/.test(line)) && running(WORKER).length === 1
      ? lines
      : undefined;
  });
}

describe.skipIf(!support.ok)(`broken setups with real processes${skipReason}`, { timeout: 240_000 }, () => {
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

  it("start command removed: the worker runs the API, and the doctor says so", async () => {
    const serviceId = ids.serviceIds[WORKER];
    await railway(
      emulator,
      "mutation($s: String!, $e: String!) { serviceInstanceUpdate(serviceId: $s, environmentId: $e, input: { startCommand: null }) }",
      { s: serviceId, e: ids.environmentId },
    );
    const before = await latestDeployment(emulator, ids.environmentId, WORKER);
    await railway(
      emulator,
      "mutation($s: String!, $e: String!) { serviceInstanceDeployV2(serviceId: $s, environmentId: $e) }",
      {
        s: serviceId,
        e: ids.environmentId,
      },
    );
    // The image's CMD is the API: the "worker" now serves HTTP and never connects to Redis.
    const lines = await eventually("the worker service running the API", async () => {
      const latest = await latestDeployment(emulator, ids.environmentId, WORKER);
      const logs = await serviceLogs(emulator, ids.environmentId, WORKER);
      return latest?.id !== before?.id &&
        latest?.status === "SUCCESS" &&
        logs.some((l) => l.includes("omnidoc API listening"))
        ? logs
        : undefined;
    });
    expect(lines.filter((line) => line.includes("Connected to redis://"))).toEqual([]);
    const run = await runDoctor(emulator, ids.projectId);
    expect(failingChecks(run)).toEqual(["worker-start-command"]);
    // A process that is not Celery prints no Celery lines: those checks are skipped, naming the failure.
    expect(run.report.checks.filter((c) => c.skipped).map((c) => c.id)).toEqual([
      "worker-connected",
      "worker-ready",
    ]);
    expect(check(run, "worker-start-command").message).toBe(
      `${WORKER} has no start command, so it runs the image's default command (the API)`,
    );
    await upAgain();
    await workerReady();
    expect((await runDoctor(emulator, ids.projectId)).status).toBe(0);
  });

  it("worker deleted: its process stops, the doctor says so, up recreates it and it takes the waiting task", async () => {
    await railway(emulator, "mutation($id: String!) { serviceDelete(id: $id) }", {
      id: ids.serviceIds[WORKER],
    });
    await eventually("the worker's process gone", async () =>
      running(WORKER).length === 0 ? true : undefined,
    );
    const request = await generate(emulator, "guide-no-worker");
    expect(request.status).toBe(202);
    const run = await runDoctor(emulator, ids.projectId);
    expect(failingChecks(run)).toEqual(["worker-exists", "known-errors"]);
    expect(check(run, "worker-exists").message).toBe(`there is no Celery worker service "${WORKER}"`);
    await upAgain();
    await workerReady();
    await eventually("the waiting task's documents", async () =>
      completedDocuments(await serviceLogs(emulator, ids.environmentId, WORKER), "guide-no-worker").length ===
      7
        ? true
        : undefined,
    );
  });

  it("Redis stopped: the API logs Failed to submit task to background queue, and the doctor points at Redis", async () => {
    const redis = await latestDeployment(emulator, ids.environmentId, "Redis");
    await railway(emulator, "mutation($id: String!) { deploymentRemove(id: $id) }", { id: redis?.id });
    await eventually("Redis's process gone", async () => (running("Redis").length === 0 ? true : undefined));
    const request = await generate(emulator, "guide-no-redis");
    expect(request.status).toBe(503);
    const api = await serviceLogs(emulator, ids.environmentId, API);
    expect(api).toContainEqual(
      expect.stringMatching(
        /^Failed to submit task to background queue: Error 111 connecting to redis\.railway\.internal:6379\. Connection refused\.$/,
      ),
    );
    const run = await runDoctor(emulator, ids.projectId);
    expect(run.status).toBe(1);
    const errors = check(run, "known-errors");
    expect(errors.ok).toBe(false);
    expect(errors.message).toContain("the API could not put the task on the Redis broker");
    expect(errors.fix).toContain("that Redis is up");
    // The stack brings Redis back: refresh sees its deployment removed, up deploys it again.
    await upAgain();
    expect((await latestDeployment(emulator, ids.environmentId, "Redis"))?.status).toBe("SUCCESS");
    expect(running("Redis")).toHaveLength(1);
  });
});
