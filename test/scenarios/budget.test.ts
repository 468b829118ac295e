/**
 * When Railway's hourly request budget runs out, `up` stops before any write it could not finish (never
 * a stage without its commit), says what was not sent and when to run again, and the next run converges.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../emulator/index.ts";
import { delta, liveConfig, productionStack } from "./support.ts";

let emulator: Emulator;
let offsetMs = 0;

beforeAll(async () => {
  // Budget for a few creates, not for the commit: the hour's window runs on a clock the test can move.
  emulator = await startEmulator({
    rateLimits: { perHour: 9, perSecond: 10, edgePerSecond: 10, now: () => Date.now() + offsetMs },
  });
});
afterAll(async () => {
  await emulator?.close();
});

describe("a spent request budget", () => {
  it("stops the up before the environment's commit, with nothing staged and a time to run again", async () => {
    const stack = productionStack(emulator);
    const before = emulator.metrics();
    const up = await stack.up();
    expect(up.ok).toBe(false);
    const message = up.errors.join("\n");
    expect(message).toMatch(
      /Railway's request budget is spent: \d+ request\(s\) left this hour, 3 needed to write/,
    );
    expect(message).toMatch(
      /Nothing of that was sent, so nothing is half-applied\. Run `pulumi up` again after \d\d:\d\d UTC/,
    );
    const change = delta(before, emulator.metrics());
    const fields = change.writes.map((write) => write.field);
    expect(fields).not.toContain("environmentStageChanges");
    expect(fields).not.toContain("environmentPatchCommitStaged");
    expect(change.deployments).toEqual([]);
    // The client stopped itself: no request was sent only to be answered 429.
    expect(change.requests).toBeLessThanOrEqual(9);
    const environmentId = stack
      .state()
      .resources.find((resource) => resource.type === "pulumi-nodejs:dynamic/railway:Environment")?.id;
    expect(environmentId).toBeTruthy();
    const staged = (await emulator.dashboard(
      "query($id: String!) { environment(id: $id) { unmergedChangesCount } }",
      { id: environmentId },
    )) as { data: { environment: { unmergedChangesCount: number } } };
    expect(staged.data.environment.unmergedChangesCount).toBe(0);

    // Each hour the budget is back, and `up` goes on from what is done: with this tiny budget (9 requests
    // an hour) it takes a few hours, and ends with one deployment per service and nothing duplicated.
    const after = emulator.metrics();
    let runs = 0;
    let last = up;
    while (!last.ok && runs < 6) {
      offsetMs += 3_600_000 + 1_000;
      last = await stack.up();
      runs += 1;
      for (const error of last.errors) expect(error).toMatch(/request budget is spent|Railway answered 429/);
    }
    expect(last.errors).toEqual([]);
    expect(runs).toBeGreaterThan(1);
    expect(delta(after, emulator.metrics()).deployments).toEqual([
      "production/Redis",
      "production/omnidoc-backend",
      "production/omnidoc-celery-worker",
    ]);
    const config = await liveConfig(emulator, environmentId as string);
    expect(Object.keys(config.services)).toHaveLength(3);
    offsetMs += 3_600_000 + 1_000;
    const converged = await stack.up();
    expect(converged.changes).toBe(0);
  });
});
