/**
 * Adopting a Celery worker that has been running: its deployment was started long before this `up`, so
 * its start-up lines (`Connected to redis://…`, `celery@… ready.`) may no longer be among the lines Railway
 * returns. The program pull writes verifies the worker from those lines; on adoption they are judged once,
 * without waiting: gone → its SUCCESS stands; a known error line → refused, before any write.
 */
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../emulator/index.ts";
import { TestStack } from "../engine/driver.ts";
import { capture, policyResources, validate } from "../policy/support.ts";
import { dashboard, dashboardCommit, delta, railwayEnv } from "../scenarios/support.ts";
import { type SeededShop, seedShop, shopSecretConfig } from "./seedShop.ts";
import { pulledProgramFolder, runPull } from "./support.ts";

let emulator: Emulator;
let seeded: SeededShop;
let programDir: string;

beforeEach(async () => {
  emulator = await startEmulator();
  seeded = await seedShop(emulator);
  programDir = pulledProgramFolder("shop");
});
afterEach(async () => {
  await emulator?.close();
  rmSync(programDir, { recursive: true, force: true });
});

/** The worker's last 200 log lines, as Railway returns them (read as the dashboard, not counted). */
async function workerLines(): Promise<string[]> {
  const found = (await dashboard(
    emulator,
    "query($s: String!, $e: String!) { deployments(input: { serviceId: $s, environmentId: $e }, first: 1) { edges { node { id } } } }",
    { s: seeded.serviceIds["shop-worker"], e: seeded.environmentId },
  )) as { deployments: { edges: Array<{ node: { id: string } }> } };
  const logs = (await dashboard(
    emulator,
    "query($d: String!) { deploymentLogs(deploymentId: $d, limit: 200) { message } }",
    { d: found.deployments.edges[0]?.node.id },
  )) as { deploymentLogs: Array<{ message: string }> };
  return logs.deploymentLogs.map((line) => line.message);
}

/** Pull the shop, then `up` the program it wrote with the secrets set as its report says. */
async function pullAndUp() {
  const pulled = await runPull(
    ["--project", "shop", "--environment", "production", "--out", "index.ts"],
    programDir,
    railwayEnv(emulator),
  );
  expect(pulled.status).toBe(0);
  const stack = new TestStack({
    project: "shop",
    stack: "production",
    programDir,
    config: shopSecretConfig(pulled.stdout),
    env: railwayEnv(emulator),
  });
  const before = emulator.metrics();
  const up = await stack.up();
  return { stack, up, change: delta(before, emulator.metrics()) };
}

describe("adopting a worker that has been running", () => {
  it("whose start-up lines have scrolled away: its SUCCESS stands, nothing is written or deployed", async () => {
    for (let task = 0; task < 120; task += 1)
      emulator.simulateRequest({ environmentId: seeded.environmentId, serviceName: "shop-api" });
    emulator.clock.advance(60_000);
    const lines = await workerLines();
    expect(lines).toHaveLength(201);
    expect(lines.some((line) => line.includes("Connected to redis://"))).toBe(false);

    const { stack, up, change } = await pullAndUp();
    expect(up.errors).toEqual([]);
    expect(change.writes).toEqual([]);
    expect(change.deployments).toEqual([]);
    expect(change.byOperation.DeploymentLogs).toBe(1);
    const worker = stack.state().resources.find((resource) => resource.name === "shop-worker-deployment");
    expect(worker?.outputs.status).toBe("SUCCESS");
    expect(worker?.outputs.readyLine).toBeUndefined();
  }, 120_000);

  it("whose recent lines say it cannot reach its broker: refused at preview by the policy pack, and by up with the cause and fix, nothing written", async () => {
    // Someone pointed the worker at a Redis that does not exist; Railway says SUCCESS, Celery keeps retrying.
    await dashboardCommit(emulator, seeded.environmentId, {
      services: {
        [seeded.serviceIds["shop-worker"]]: {
          variables: { REDIS_URL: { value: "redis://missing-redis.railway.internal:6379/0" } },
        },
      },
    });
    emulator.clock.advance(15 * 60_000);
    expect((await workerLines()).some((line) => line.includes("missing-redis.railway.internal"))).toBe(true);

    const { up, change } = await pullAndUp();
    // The policy pack refuses the pulled program at preview already: the API and the worker, built from one
    // repository, name different brokers.
    const captured = capture(join(programDir, "index.ts"), {
      project: "shop",
      stack: "production",
      config: shopSecretConfig(readFileSync(join(programDir, "index.ts"), "utf8")),
    });
    const violations = await validate(policyResources(captured));
    expect(violations.map((violation) => `${violation.level} ${violation.policy}`)).toEqual([
      "mandatory celery-same-broker",
    ]);
    expect(violations[0]?.message).toContain(
      "shop-api uses ${{Redis.REDIS_URL}} (REDIS_URL), shop-worker uses redis://missing-redis.railway.internal:6379/0 (REDIS_URL)",
    );
    expect(change.writes).toEqual([]);
    expect(change.deployments).toEqual([]);
    const message = up.errors.join("\n");
    expect(message).toMatch(/shop-worker.*is not ready: its recent log lines say /s);
  }, 120_000);
});
