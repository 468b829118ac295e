/**
 * Railway failing mid-run: answers lost after a write was applied, 5xx, 429. The stack still converges
 * with no duplicate service, environment or deployment, and a failed deployment fails `up` with its status
 * and the log lines that explain it — never with a secret.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../emulator/index.ts";
import { dashboard, delta, productionConfig, productionStack, SECRETS } from "./support.ts";

let emulator: Emulator;

beforeEach(async () => {
  emulator = await startEmulator();
});
afterEach(async () => {
  await emulator?.close();
});

async function serviceNames(): Promise<string[]> {
  const data = (await dashboard(
    emulator,
    "query { projects { edges { node { services { edges { node { name } } } } } } }",
  )) as {
    projects: { edges: Array<{ node: { services: { edges: Array<{ node: { name: string } }> } } }> };
  };
  return data.projects.edges
    .flatMap((project) => project.node.services.edges.map((edge) => edge.node.name))
    .sort();
}

describe("faults during up", () => {
  it("lost answers after applied creates and commits are reconciled by reading: nothing is created twice", async () => {
    emulator.faults.inject({ field: "projectCreate", kind: "dropResponse" });
    emulator.faults.inject({ field: "serviceCreate", nth: 2, kind: "dropResponse" });
    emulator.faults.inject({ field: "environmentPatchCommitStaged", nth: 1, kind: "dropResponse" });
    emulator.faults.inject({ field: "serviceDomainCreate", kind: "timeout" });
    const stack = productionStack(emulator, {
      env: {
        RAILWAY_API_URL: emulator.url,
        RAILWAY_API_TOKEN: emulator.defaults.accountToken,
        RAILWAY_POLL_INTERVAL_MS: "10",
        RAILWAY_REQUEST_TIMEOUT_MS: "1500",
      },
    });
    const before = emulator.metrics();
    const up = await stack.up();
    expect(up.errors).toEqual([]);
    const change = delta(before, emulator.metrics());
    expect(change.writes.filter((write) => write.field === "projectCreate")).toHaveLength(1);
    // Each lost answer was followed by a read, not by a second send: the lost commit by a read of the
    // staged changes, which were gone, so it had happened. The timed-out domain create was never executed,
    // so the read found nothing and it was sent once more.
    expect(change.byOperation).toMatchObject({
      ProjectCreate: 1,
      Projects: 2,
      ServiceCreate: 3,
      EnvironmentStageChanges: 1,
      EnvironmentPatchCommitStaged: 1,
      EnvironmentStagedChanges: 1,
      ServiceDomainCreate: 2,
    });
    expect(change.byOperation.ServiceInstanceDeploy).toBeUndefined();
    expect(await serviceNames()).toEqual(["Redis", "omnidoc-backend", "omnidoc-celery-worker"]);
    expect(change.deployments).toEqual([
      "production/Redis",
      "production/omnidoc-backend",
      "production/omnidoc-celery-worker",
    ]);
    const again = await stack.up();
    expect(again.changes).toBe(0);
  });

  it("5xx and 429 answers are retried (429 after Retry-After) and the run completes", async () => {
    emulator.faults.inject({ field: "environmentStageChanges", kind: "503", times: 2 });
    emulator.faults.inject({ field: "environment", kind: "500" });
    emulator.faults.inject({ field: "serviceCreate", nth: 2, kind: "429", retryAfterSeconds: 1 });
    emulator.faults.inject({ field: "environment", nth: 4, kind: "reset" });
    const stack = productionStack(emulator);
    const up = await stack.up();
    expect(up.errors).toEqual([]);
    const metrics = emulator.metrics();
    expect(metrics.rateLimited).toBe(1);
    // The one staged patch: two attempts answered 503 and it was sent again (staging is idempotent).
    expect(metrics.requestsByOperationName.EnvironmentStageChanges).toBe(3);
    expect(metrics.requestsByOperationName.EnvironmentPatchCommitStaged).toBe(1);
    expect((await stack.up()).changes).toBe(0);
  });

  it("a worker that never becomes ready fails up with its status and log lines, and no secret", async () => {
    const stack = productionStack(emulator, { config: productionConfig({ celeryApp: "src.worker_app" }) });
    const up = await stack.up();
    expect(up.ok).toBe(false);
    const message = up.errors.join("\n");
    expect(message).toMatch(/Deployment \S+ of service "omnidoc-celery-worker" (ended CRASHED|is not ready)/);
    expect(message).toContain("Unable to load celery application");
    for (const secret of Object.values(SECRETS)) expect(message).not.toContain(secret);
    // The API and Redis did deploy; the next up retries the worker only (its deployment was not recorded).
    stack.setConfig({ celeryApp: "src.tasks.celery_app" });
    const before = emulator.metrics();
    const fixed = await stack.up();
    expect(fixed.errors).toEqual([]);
    expect(delta(before, emulator.metrics()).deployments).toEqual(["production/omnidoc-celery-worker"]);
  });
});
