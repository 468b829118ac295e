/**
 * Preview stacks (one Railway environment per pull request), through the engine-faithful harness: they
 * refer to production's project and services by StackReference and write nothing outside their own
 * environment.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../emulator/index.ts";
import { TestStack } from "../engine/driver.ts";
import {
  dashboard,
  delta,
  idsOf,
  liveConfig,
  productionConfig,
  railwayEnv,
  type StackIds,
  writtenEnvironments,
} from "./support.ts";

let emulator: Emulator;
let production: TestStack;
let prodIds: StackIds;

function previewStack(number: number, branch: string): TestStack {
  const config = productionConfig({
    pullRequest: String(number),
    branch,
    productionStack: "organization/omnidoc/prod",
  });
  delete (config as Record<string, unknown>).environment;
  return new TestStack({
    stack: `pr-${number}`,
    config,
    env: railwayEnv(emulator),
    stacksDir: production.stacksDir,
  });
}

async function environmentsOfProject(): Promise<Array<{ id: string; name: string; isEphemeral: boolean }>> {
  const data = (await dashboard(
    emulator,
    "query($id: String!) { project(id: $id) { environments { edges { node { id name isEphemeral } } } } }",
    { id: prodIds.projectId },
  )) as {
    project: { environments: { edges: Array<{ node: { id: string; name: string; isEphemeral: boolean } }> } };
  };
  return data.project.environments.edges.map((edge) => edge.node);
}

beforeAll(async () => {
  emulator = await startEmulator();
  production = new TestStack({ stack: "prod", config: productionConfig(), env: railwayEnv(emulator) });
  const up = await production.up();
  expect(up.errors).toEqual([]);
  prodIds = idsOf(up.outputs);
});
afterAll(async () => {
  await emulator?.close();
});

describe("a preview stack per pull request", () => {
  const pr7 = () => previewStack(7, "feature/faster-pdf");
  let pr7Ids: StackIds;

  it("pr-7 up: its own ephemeral environment following the branch; production gets zero writes", async () => {
    const before = emulator.metrics();
    const up = await pr7().up();
    expect(up.errors).toEqual([]);
    pr7Ids = idsOf(up.outputs);
    const change = delta(before, emulator.metrics());

    expect(pr7Ids.projectId).toBe(prodIds.projectId);
    expect(pr7Ids.serviceIds).toEqual(prodIds.serviceIds);
    expect(pr7Ids.environmentId).not.toBe(prodIds.environmentId);
    expect(writtenEnvironments(change.writes)).toEqual([pr7Ids.environmentId]);
    expect(change.writes.map((write) => write.field)).not.toContain("serviceCreate");
    expect(change.writes.map((write) => write.field)).not.toContain("projectCreate");
    expect(change.deployments).toEqual(["pr-7/Redis", "pr-7/omnidoc-backend", "pr-7/omnidoc-celery-worker"]);

    const environment = (await environmentsOfProject()).find((candidate) => candidate.name === "pr-7");
    expect(environment?.isEphemeral).toBe(true);
    const config = await liveConfig(emulator, pr7Ids.environmentId);
    for (const name of ["omnidoc-backend", "omnidoc-celery-worker"]) {
      expect(config.services[prodIds.serviceIds[name] ?? ""]?.source).toMatchObject({
        branch: "feature/faster-pdf",
      });
    }
    const prodConfig = await liveConfig(emulator, prodIds.environmentId);
    expect(prodConfig.services[prodIds.serviceIds["omnidoc-backend"] ?? ""]?.source).toMatchObject({
      branch: "main",
    });
  });

  it("a second pr-7 up changes nothing", async () => {
    const before = emulator.metrics();
    const up = await pr7().up();
    expect(up.errors).toEqual([]);
    expect(up.changes).toBe(0);
    expect(delta(before, emulator.metrics()).writes).toEqual([]);
  });

  it("pr-7 destroy removes its environment and only it; a second destroy succeeds", async () => {
    const before = emulator.metrics();
    const destroy = await pr7().destroy();
    expect(destroy.errors).toEqual([]);
    const change = delta(before, emulator.metrics());
    expect(writtenEnvironments(change.writes)).toEqual([pr7Ids.environmentId]);
    expect(change.writes.map((write) => write.field)).toContain("environmentDelete");
    expect(change.writes.map((write) => write.field)).not.toContain("serviceDelete");
    expect((await environmentsOfProject()).map((environment) => environment.name)).toEqual(["production"]);

    const again = await pr7().destroy();
    expect(again.errors).toEqual([]);
    expect(again.changes).toBe(0);

    // Production is untouched and still converged.
    const check = await production.up();
    expect(check.changes).toBe(0);
  });

  it("two preview stacks at once do not interfere", async () => {
    const [a, b] = [previewStack(11, "feature/a"), previewStack(12, "feature/b")];
    const [upA, upB] = await Promise.all([a.up(), b.up()]);
    expect(upA.errors).toEqual([]);
    expect(upB.errors).toEqual([]);
    const idsA = idsOf(upA.outputs);
    const idsB = idsOf(upB.outputs);
    expect(idsA.environmentId).not.toBe(idsB.environmentId);
    const worker = prodIds.serviceIds["omnidoc-celery-worker"] ?? "";
    expect((await liveConfig(emulator, idsA.environmentId)).services[worker]?.source?.branch).toBe(
      "feature/a",
    );
    expect((await liveConfig(emulator, idsB.environmentId)).services[worker]?.source?.branch).toBe(
      "feature/b",
    );

    const destroyA = await a.destroy();
    expect(destroyA.errors).toEqual([]);
    const names = (await environmentsOfProject()).map((environment) => environment.name).sort();
    expect(names).toEqual(["pr-12", "production"]);
    const stillB = await b.up();
    expect(stillB.changes).toBe(0);
    expect((await b.destroy()).errors).toEqual([]);
  });
});
