import { afterAll, beforeEach, describe, expect, it } from "vitest";
import type { Emulator } from "../../emulator/index.ts";
import {
  createProject,
  createService,
  deployLogs,
  latestDeploymentId,
  MINUTE,
  ok,
  type ProjectRef,
  start,
} from "./helpers.ts";

// The troubleshooting guide's checklist items 4–7 (docs/troubleshooting-guide.md): a request to the API reaches the worker only when both use
// the same Redis.

const CELERY = "celery -A src.tasks.celery_app worker --loglevel=info --concurrency=1";

let emulator: Emulator;
let ref: ProjectRef;
let services: Record<string, string>;

beforeEach(async () => {
  await emulator?.close();
  emulator = await start();
  ref = await createProject(emulator, "omnidoc");
  services = {
    Redis: await createService(emulator, ref, { name: "Redis" }),
    api: await createService(emulator, ref, { name: "api" }),
    worker: await createService(emulator, ref, { name: "worker" }),
  };
});
afterAll(() => emulator.close());

async function deploy(apiRedis: string, workerRedis: string) {
  const id = (name: string) => services[name] ?? "";
  await ok(
    emulator,
    "mutation($e: String!, $p: EnvironmentConfig!) { environmentPatchCommit(environmentId: $e, patch: $p) }",
    {
      e: ref.environmentId,
      p: {
        services: {
          [id("Redis")]: { source: { image: "redis:7" }, variables: { REDIS_PASSWORD: { value: "pw" } } },
          [id("api")]: {
            source: { repo: "acme/omnidoc" },
            deploy: { healthcheckPath: "/health" },
            variables: { REDIS_URL: { value: apiRedis } },
          },
          [id("worker")]: {
            source: { repo: "acme/omnidoc" },
            deploy: { startCommand: CELERY },
            variables: { REDIS_URL: { value: workerRedis } },
          },
        },
      },
    },
  );
  emulator.clock.advance(2 * MINUTE);
}

const logsOf = async (name: string) =>
  (
    await deployLogs(emulator, await latestDeploymentId(emulator, services[name] ?? "", ref.environmentId))
  ).join("\n");

describe("simulateRequest", () => {
  it("the worker on the same Redis generates all 7 documents", async () => {
    const url = "redis://default:pw@redis.railway.internal:6379/0";
    await deploy(url, url);
    const result = emulator.simulateRequest({
      environmentId: ref.environmentId,
      serviceName: "api",
      projectRef: "p-123",
    });
    expect(result).toMatchObject({ submitted: true, receivedBy: "worker", projectRef: "p-123" });
    emulator.clock.advance(MINUTE);
    expect(await logsOf("api")).toContain(`Submitted generation task ${result.taskId} for project p-123`);
    const worker = await logsOf("worker");
    expect(worker).toContain(`Task omnidoc.generate_documents[${result.taskId}] received`);
    expect(worker).toContain(
      `omnidoc.generate_documents[${result.taskId}]: [CELERY TASK] Starting document generation for project p-123`,
    );
    expect(worker).toContain("[DOCUMENT GENERATION] Starting product-requirements (1/7) for project p-123");
    expect(worker).toMatch(
      /\[DOCUMENT GENERATION\] ✅ Completed deployment-guide \(7\/7\) in \d\.\d\ds \(\d+ chars\) for project p-123/,
    );
    expect(worker).toContain(`Task omnidoc.generate_documents[${result.taskId}] succeeded`);
  });

  it("a worker on a different Redis db never receives the task", async () => {
    await deploy(
      "redis://default:pw@redis.railway.internal:6379/0",
      "redis://default:pw@redis.railway.internal:6379/1",
    );
    const result = emulator.simulateRequest({ environmentId: ref.environmentId, serviceName: "api" });
    expect(result.submitted).toBe(true);
    expect(result.receivedBy).toBeUndefined();
    emulator.clock.advance(MINUTE);
    expect(await logsOf("api")).toContain("Submitted generation task");
    expect(await logsOf("worker")).not.toContain("received");
  });

  it("an unreachable broker makes the API log the failed submission", async () => {
    await deploy(
      "redis://default:pw@redis-gone.railway.internal:6379",
      "redis://default:pw@redis.railway.internal:6379",
    );
    const result = emulator.simulateRequest({ environmentId: ref.environmentId, serviceName: "api" });
    expect(result.submitted).toBe(false);
    const api = await logsOf("api");
    // As the sample app logs it, after its Redis result backend's 20 retries (test/fixtures/real-logs).
    expect(api).not.toContain("Failed to submit");
    emulator.clock.advance(MINUTE);
    const later = await logsOf("api");
    expect(later).toContain("Connection to Redis lost: Retry (19/20) in 1.00 second.");
    expect(later).toContain(
      "Failed to submit task to background queue: Error -2 connecting to redis-gone.railway.internal:6379. Name or service not known.",
    );
  });
});
