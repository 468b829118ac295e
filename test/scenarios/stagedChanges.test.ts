/**
 * Staged changes in the stack's environment. Someone else's (the dashboard's) are never committed with
 * ours: `up` refuses before writing. Our own, left staged by a run that was stopped between its stage and
 * its commit (here: the commit answered 429 with a wait longer than the client keeps), are taken over by
 * the next run, which commits them once.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../emulator/index.ts";
import { dashboard, delta, idsOf, liveConfig, productionStack } from "./support.ts";

let emulator: Emulator;

beforeEach(async () => {
  emulator = await startEmulator();
});
afterEach(async () => {
  await emulator?.close();
});

async function stagedCount(environmentId: string): Promise<number> {
  const data = (await dashboard(
    emulator,
    "query($id: String!) { environment(id: $id) { unmergedChangesCount } }",
    {
      id: environmentId,
    },
  )) as { environment: { unmergedChangesCount: number } };
  return data.environment.unmergedChangesCount;
}

describe("staged changes", () => {
  it("a run stopped between its stage and its commit: the next up commits what it staged, each service deployed once", async () => {
    const stack = productionStack(emulator);
    emulator.faults.inject({ field: "environmentPatchCommitStaged", kind: "429", retryAfterSeconds: 3600 });
    const stopped = await stack.up();
    expect(stopped.ok).toBe(false);
    expect(stopped.errors.join("\n")).toMatch(
      /Railway asked to wait 3600 s: run it again after \d\d:\d\d UTC/,
    );
    const before = emulator.metrics();
    const again = await stack.up();
    expect(again.errors).toEqual([]);
    const change = delta(before, emulator.metrics());
    expect(change.writes.filter((write) => write.field === "environmentPatchCommitStaged")).toHaveLength(1);
    expect(change.deployments).toEqual([
      "production/Redis",
      "production/omnidoc-backend",
      "production/omnidoc-celery-worker",
    ]);
    const ids = idsOf(again.outputs);
    expect(await stagedCount(ids.environmentId)).toBe(0);
    expect((await stack.preview({ refresh: true })).changes).toBe(0);
  });

  it("someone else's staged change: up refuses before writing, and leaves it staged", async () => {
    const stack = productionStack(emulator);
    const ids = idsOf((await stack.up()).outputs);
    const api = ids.serviceIds["omnidoc-backend"] ?? "";
    await dashboard(
      emulator,
      "mutation($e: String!, $input: EnvironmentConfig!) { environmentStageChanges(environmentId: $e, input: $input, merge: true) { id } }",
      {
        e: ids.environmentId,
        input: { services: { [api]: { variables: { FEATURE_FLAG: { value: "on" } } } } },
      },
    );
    stack.setConfig({ logLevel: "DEBUG" });
    const before = emulator.metrics();
    const up = await stack.up();
    expect(up.ok).toBe(false);
    expect(up.errors.join("\n")).toContain(
      'Environment "production" has staged changes that were not made by this run',
    );
    expect(delta(before, emulator.metrics()).writes).toEqual([]);
    expect(await stagedCount(ids.environmentId)).toBe(1);
    const config = await liveConfig(emulator, ids.environmentId);
    expect(config.sharedVariables.LOG_LEVEL?.value).toBe("INFO");
  });
});
