/**
 * A stack brought up with version 0.1.0 (its state and Railway's world kept in test/fixtures/upgrade-0.1.0)
 * keeps every resource under today's code: the renamed component types are found through their aliases,
 * the old `__provider` texts still load, and nothing is created, replaced, deleted or deployed.
 */
import { copyFileSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../emulator/index.ts";
import { stepsWith, TestStack } from "../engine/driver.ts";
import { delta, productionConfig, railwayEnv } from "./support.ts";

const FIXTURE = resolve(import.meta.dirname, "../fixtures/upgrade-0.1.0");
let emulator: Emulator;
let stack: TestStack;

beforeAll(async () => {
  emulator = await startEmulator({ world: readFileSync(join(FIXTURE, "world.json"), "utf8") });
  const stacksDir = mkdtempSync(join(tmpdir(), "omnidoc-upgrade-"));
  copyFileSync(join(FIXTURE, "prod.state.json"), join(stacksDir, "prod.json"));
  stack = new TestStack({ stack: "prod", config: productionConfig(), env: railwayEnv(emulator), stacksDir });
});
afterAll(async () => {
  await emulator?.close();
});

describe("upgrading a stack made with 0.1.0", () => {
  it("the old state's providers still run: refresh reads it in two requests and finds no drift", async () => {
    const before = emulator.metrics();
    const refresh = await stack.refresh();
    expect(refresh.errors).toEqual([]);
    expect(refresh.steps).toEqual([]);
    expect(delta(before, emulator.metrics()).requests).toBe(2);
  });

  it("the first up with today's code: every resource kept through its alias, 0 writes, 0 deployments", async () => {
    // 0.1.0 deployed a service when a digest changed that also covered the shared variables' revisions;
    // today a Deployment carries the declaration itself. The services that use shared variables are
    // therefore updated once: each finds Railway already runs its declaration (one environment read for
    // both) and keeps its deployment.
    const oldUrns = stack.state().resources.map((resource) => resource.urn);
    const oldCustomUrns = stack
      .state()
      .resources.filter((resource) => resource.custom)
      .map((resource) => resource.urn);
    const before = emulator.metrics();
    const up = await stack.up();
    expect(up.errors).toEqual([]);
    for (const op of ["create", "replace", "delete"] as const) expect(stepsWith(up, op)).toEqual([]);
    expect(stepsWith(up, "update")).toEqual([
      "omnidoc-backend-deployment",
      "omnidoc-celery-worker-deployment",
    ]);
    expect(stepsWith(up, "same")).toHaveLength(14);
    const change = delta(before, emulator.metrics());
    expect(change.writes).toEqual([]);
    expect(change.deployments).toEqual([]);
    // One environment read for both, and the worker's log, read to verify the deployment it keeps.
    expect(change.byOperation).toEqual({ EnvironmentSnapshot: 1, DeploymentLogs: 1 });
    // Renamed: the components' new type tokens, and their children's URNs under them.
    const urns = stack.state().resources.map((resource) => resource.urn);
    expect(urns.filter((urn) => urn.includes("omnidoc:railway:"))).toEqual([]);
    expect(urns).toContain(
      "urn:pulumi:prod::omnidoc::railway-app:index:CeleryApp$railway-app:index:RailwayService$pulumi-nodejs:dynamic/railway:Service::omnidoc-celery-worker",
    );
    expect(urns).toHaveLength(oldUrns.length);
    // Each custom resource whose URN changed was found under its old URN (components are not steps).
    const renamed = oldCustomUrns.filter((urn) => !urns.includes(urn));
    const aliased = up.steps.flatMap((step) => (step.aliasedFrom ? [step.aliasedFrom] : []));
    expect(renamed.length).toBeGreaterThan(0);
    expect(aliased.sort()).toEqual(renamed.sort());
  });

  it("then behaves as today's stacks do: a second up sends nothing, a change deploys once", async () => {
    const before = emulator.metrics();
    const again = await stack.up();
    expect(again.errors).toEqual([]);
    expect(again.changes).toBe(0);
    expect(delta(before, emulator.metrics()).requests).toBe(0);

    stack.setConfig({ workerConcurrency: "2" });
    const changed = await stack.up();
    expect(changed.errors).toEqual([]);
    expect(delta(before, emulator.metrics()).deployments).toEqual(["production/omnidoc-celery-worker"]);
  });
});
