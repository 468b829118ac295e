/**
 * A service with no repository and no image (a placeholder) has nothing Railway can build: `up` creates
 * it, writes its variables, deploys nothing and reports NO_SOURCE, stays converged through a refresh,
 * and deploys it once when a source is connected.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../emulator/index.ts";
import { TestStack } from "../engine/driver.ts";
import { delta, railwayEnv } from "./support.ts";

let emulator: Emulator;

beforeEach(async () => {
  emulator = await startEmulator();
});
afterEach(async () => {
  await emulator?.close();
});

function sourceLaterStack(): TestStack {
  return new TestStack({
    project: "shop",
    stack: "dev",
    program: "test/scenarios/fixtures/sourceLater.ts",
    env: railwayEnv(emulator),
  });
}

describe("a service without a source", () => {
  it("is created and deploys nothing, stays converged, and deploys once when a source is connected", async () => {
    const stack = sourceLaterStack();
    let before = emulator.metrics();
    const first = await stack.up();
    expect(first.errors).toEqual([]);
    expect(first.outputs.statuses).toEqual({ Redis: "SUCCESS", placeholder: "NO_SOURCE" });
    let change = delta(before, emulator.metrics());
    expect(change.deployments).toEqual(["production/Redis"]);
    expect(change.writes.filter((write) => write.field.startsWith("serviceInstanceDeploy"))).toEqual([]);

    before = emulator.metrics();
    const again = await stack.up();
    expect(again.errors).toEqual([]);
    expect(again.changes).toBe(0);
    expect(delta(before, emulator.metrics()).requests).toBe(0);
    expect((await stack.preview({ refresh: true })).changes).toBe(0);

    stack.setConfig({ image: "nginx:1.27" });
    before = emulator.metrics();
    const connected = await stack.up();
    expect(connected.errors).toEqual([]);
    expect(connected.outputs.statuses).toEqual({ Redis: "SUCCESS", placeholder: "SUCCESS" });
    change = delta(before, emulator.metrics());
    expect(change.deployments).toEqual(["production/placeholder"]);
  });
});
