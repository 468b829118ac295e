/**
 * Out-of-band changes, made through the emulator as a person in the dashboard would: refresh reports
 * each one, and the next `up` repairs it (and redeploys exactly the service it reaches).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../emulator/index.ts";
import type { TestStack } from "../engine/driver.ts";
import { stepsWith } from "../engine/driver.ts";
import { dashboard, delta, idsOf, liveConfig, productionStack, type StackIds } from "./support.ts";

let emulator: Emulator;
let stack: TestStack;
let ids: StackIds;

const WORKER = "omnidoc-celery-worker";
const WORKER_COMMAND = "celery -A src.tasks.celery_app worker --loglevel=info --concurrency=1";

beforeAll(async () => {
  emulator = await startEmulator();
  stack = productionStack(emulator);
  const up = await stack.up();
  expect(up.errors).toEqual([]);
  ids = idsOf(up.outputs);
});
afterAll(async () => {
  await emulator?.close();
});

const workerId = () => ids.serviceIds[WORKER] ?? "";

async function workerConfig() {
  return (await liveConfig(emulator, ids.environmentId)).services[workerId()];
}

/** Refresh, then up; returns what each reported and what the up changed in Railway. */
async function refreshThenUp() {
  const refresh = await stack.refresh();
  expect(refresh.errors).toEqual([]);
  const before = emulator.metrics();
  const up = await stack.up();
  expect(up.errors).toEqual([]);
  ids = idsOf(up.outputs);
  return { refresh, up, change: delta(before, emulator.metrics()) };
}

describe("drift made in the dashboard", () => {
  it("start command edited: refresh reports it, up restores it and redeploys the worker", async () => {
    await dashboard(
      emulator,
      `mutation($s: String!, $e: String!) { serviceInstanceUpdate(serviceId: $s, environmentId: $e, input: { startCommand: "celery -A src.tasks.celery_app worker" }) }`,
      { s: workerId(), e: ids.environmentId },
    );
    const { refresh, up, change } = await refreshThenUp();
    expect(refresh.steps).toEqual([
      expect.objectContaining({ name: `${WORKER}-settings`, op: "refresh-update", keys: ["settings"] }),
    ]);
    expect(stepsWith(up, "update")).toEqual([`${WORKER}-deployment`, `${WORKER}-settings`]);
    expect(change.deployments).toEqual([`production/${WORKER}`]);
    expect((await workerConfig())?.deploy?.startCommand).toBe(WORKER_COMMAND);
  });

  it("variable edited (the worker on another Redis): reported, restored, worker redeployed", async () => {
    await dashboard(
      emulator,
      `mutation($p: String!, $e: String!, $s: String!) { variableUpsert(input: { projectId: $p, environmentId: $e, serviceId: $s, name: "REDIS_URL", value: "redis://default:x@other-redis.railway.internal:6379" }) }`,
      { p: ids.projectId, e: ids.environmentId, s: workerId() },
    );
    const { refresh, change } = await refreshThenUp();
    // The dashboard's variable write also started a deployment (Railway deploys on variable writes).
    expect(stepsWith(refresh, "refresh-update")).toEqual([`${WORKER}-deployment`, `${WORKER}-variables`]);
    expect(change.deployments).toEqual([`production/${WORKER}`]);
    expect((await workerConfig())?.variables?.REDIS_URL).toEqual({ value: "${{Redis.REDIS_URL}}" });
  });

  it("variable added: reported, removed (the set is owned whole), worker redeployed", async () => {
    await dashboard(
      emulator,
      `mutation($p: String!, $e: String!, $s: String!) { variableUpsert(input: { projectId: $p, environmentId: $e, serviceId: $s, name: "HOTFIX", value: "1" }) }`,
      { p: ids.projectId, e: ids.environmentId, s: workerId() },
    );
    const { refresh, change } = await refreshThenUp();
    expect(stepsWith(refresh, "refresh-update")).toEqual([`${WORKER}-deployment`, `${WORKER}-variables`]);
    expect(change.deployments).toEqual([`production/${WORKER}`]);
    expect((await workerConfig())?.variables?.HOTFIX).toBeUndefined();
  });

  it("variable deleted: reported, restored, worker redeployed", async () => {
    await dashboard(
      emulator,
      `mutation($p: String!, $e: String!, $s: String!) { variableDelete(input: { projectId: $p, environmentId: $e, serviceId: $s, name: "GEMINI_API_KEY" }) }`,
      { p: ids.projectId, e: ids.environmentId, s: workerId() },
    );
    const { refresh, change } = await refreshThenUp();
    expect(stepsWith(refresh, "refresh-update")).toEqual([`${WORKER}-deployment`, `${WORKER}-variables`]);
    expect(change.deployments).toEqual([`production/${WORKER}`]);
    expect((await workerConfig())?.variables?.GEMINI_API_KEY).toEqual({
      value: "${{shared.GEMINI_API_KEY}}",
    });
  });

  it("service deleted: reported as gone, recreated with its settings and variables, deployed once", async () => {
    const oldId = workerId();
    await dashboard(emulator, "mutation($id: String!) { serviceDelete(id: $id) }", { id: oldId });
    const { refresh, up, change } = await refreshThenUp();
    expect(stepsWith(refresh, "refresh-delete")).toEqual([
      WORKER,
      `${WORKER}-deployment`,
      `${WORKER}-settings`,
      `${WORKER}-variables`,
    ]);
    expect(stepsWith(up, "create")).toEqual([
      WORKER,
      `${WORKER}-deployment`,
      `${WORKER}-settings`,
      `${WORKER}-variables`,
    ]);
    expect(workerId()).not.toBe(oldId);
    expect(change.deployments).toEqual([`production/${WORKER}`]);
    expect((await workerConfig())?.deploy?.startCommand).toBe(WORKER_COMMAND);
  });

  it("environment deleted: everything in it reported gone, then rebuilt and deployed once per service", async () => {
    const oldEnvironment = ids.environmentId;
    await dashboard(emulator, "mutation($id: String!) { environmentDelete(id: $id) }", {
      id: oldEnvironment,
    });
    const { refresh, change } = await refreshThenUp();
    expect(stepsWith(refresh, "refresh-delete")).toContain("production");
    expect(stepsWith(refresh, "refresh-delete")).toContain("omnidoc-shared");
    expect(ids.environmentId).not.toBe(oldEnvironment);
    expect(change.deployments).toEqual([
      "production/Redis",
      "production/omnidoc-backend",
      `production/${WORKER}`,
    ]);
    expect((await liveConfig(emulator, ids.environmentId)).sharedVariables.LOG_LEVEL).toEqual({
      value: "INFO",
    });
  });

  it("after the repairs, the stack has converged: refresh and up change nothing", async () => {
    const { refresh, up, change } = await refreshThenUp();
    expect(refresh.changes).toBe(0);
    expect(up.changes).toBe(0);
    expect(change.writes).toEqual([]);
  });
});
