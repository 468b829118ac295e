/**
 * The simulated clock's imitation of the worker and the API (emulator/runtime/celery*.ts,
 * simulate-request.ts) prints what the real ones print (test/fixtures/real-logs): the same lines, once
 * what legitimately varies is blanked out (times, ids, host names, durations, the kernel in the banner).
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
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

const CELERY = "celery -A src.tasks.celery_app worker --loglevel=info --concurrency=1";
const real = (name: string) =>
  readFileSync(resolve(import.meta.dirname, `../fixtures/real-logs/${name}.log`), "utf8")
    .replace(/\n$/, "")
    .split("\n");

/** Blanks what differs between any two runs of the same thing. */
function normalize(line: string): string {
  return line
    .replace(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(,\d{3})?/g, "<time>")
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, "<uuid>")
    .replace(/celery@[0-9a-f]{12}/g, "celery@<host>")
    .replace(/omnidoc:0x[0-9a-f]+/g, "omnidoc:<address>")
    .replace(/Linux-\S+/g, "<platform>")
    .replace(/ in \d+\.\d+s/g, " in <seconds>s")
    .replace(/\(\d+ chars\)/g, "(<n> chars)")
    .replace(/[\w-]+\.railway\.internal/g, "<host>.railway.internal");
}

let emulator: Emulator;
let ref: ProjectRef;
let ids: Record<string, string>;

beforeEach(async () => {
  emulator = await start({ clock: { mode: "manual" } });
  ref = await createProject(emulator, "omnidoc");
  ids = {};
  for (const name of ["Redis", "omnidoc-backend", "omnidoc-celery-worker"])
    ids[name] = await createService(emulator, ref, { name });
});
afterEach(() => emulator.close());

async function deployStack(
  worker: { startCommand: string; redisUrl?: string },
  apiRedisUrl = "${{Redis.REDIS_URL}}",
) {
  const app = (redisUrl: string | undefined) => ({
    source: { repo: "omnidoc-app/omnidoc", branch: "main" },
    variables: redisUrl ? { REDIS_URL: { value: redisUrl } } : {},
  });
  await ok(
    emulator,
    "mutation($e: String!, $p: EnvironmentConfig!) { environmentPatchCommit(environmentId: $e, patch: $p) }",
    {
      e: ref.environmentId,
      p: {
        services: {
          [ids.Redis ?? ""]: {
            source: { image: "redis:8.2" },
            variables: {
              REDIS_PASSWORD: { value: "pw-imitation" },
              REDIS_URL: { value: "redis://default:${{REDIS_PASSWORD}}@${{RAILWAY_PRIVATE_DOMAIN}}:6379" },
            },
          },
          [ids["omnidoc-backend"] ?? ""]: { ...app(apiRedisUrl), deploy: { healthcheckPath: "/health" } },
          [ids["omnidoc-celery-worker"] ?? ""]: {
            ...app(worker.redisUrl),
            deploy: { startCommand: worker.startCommand },
          },
        },
      },
    },
  );
  emulator.clock.advance(2 * MINUTE);
}

async function logsOf(service: string): Promise<string[]> {
  return deployLogs(
    emulator,
    await latestDeploymentId(emulator, ids[service] ?? "", ref.environmentId),
    2000,
  );
}

/** The lines the imitation prints, without the ones Railway adds (Starting Container). */
const own = (lines: string[]) => lines.filter((line) => line !== "Starting Container");

describe("the imitation prints what Celery 5.2 and the sample app print", () => {
  it("a healthy worker's start-up and one task, line for line", async () => {
    await deployStack({ startCommand: CELERY, redisUrl: "${{Redis.REDIS_URL}}" });
    emulator.simulateRequest({
      environmentId: ref.environmentId,
      serviceName: "omnidoc-backend",
      projectRef: "capture-1",
    });
    emulator.clock.advance(MINUTE);
    const imitation = own(await logsOf("omnidoc-celery-worker")).map(normalize);
    expect(imitation).toEqual(real("celery-worker-ready-and-task").map(normalize));
  });

  it("an unreachable broker: the same records, retried on the same schedule", async () => {
    await deployStack({ startCommand: CELERY, redisUrl: "redis://default:pw@gone.railway.internal:6379" });
    emulator.clock.advance(MINUTE);
    const imitation = own(await logsOf("omnidoc-celery-worker")).map(normalize);
    const recorded = real("celery-unknown-host").map(normalize);
    expect(imitation.slice(0, recorded.length)).toEqual(recorded);
  });

  it.each([
    ["no broker URL", undefined, CELERY, "celery-no-broker-url"],
    [
      "an app the repo lacks",
      "${{Redis.REDIS_URL}}",
      "celery -A src.tasks.nope worker --loglevel=info",
      "celery-app-not-found",
    ],
    [
      "an unexpanded $VAR",
      "${{Redis.REDIS_URL}}",
      "celery -A src.tasks.celery_app worker --loglevel=info --concurrency=$WORKER_CONCURRENCY",
      "celery-concurrency-unexpanded",
    ],
    [
      "-A after worker",
      "${{Redis.REDIS_URL}}",
      "celery worker -A src.tasks.celery_app --loglevel=info",
      "celery-app-option-after-worker",
    ],
    [
      "no --loglevel",
      "${{Redis.REDIS_URL}}",
      "celery -A src.tasks.celery_app worker --concurrency=1",
      "celery-without-loglevel",
    ],
  ])(
    "%s: the same lines (a crash's first run; Railway's restarts repeat it)",
    async (_name, redisUrl, startCommand, fixture) => {
      await deployStack({ startCommand, ...(redisUrl ? { redisUrl } : {}) });
      const imitation = own(await logsOf("omnidoc-celery-worker")).map(normalize);
      const recorded = real(fixture).map(normalize);
      // The shorter of the two: the recording ran 8 s (with restarts), the imitation's clock 2 minutes.
      const common = Math.min(imitation.length, recorded.length);
      expect(common).toBeGreaterThan(2);
      expect(imitation.slice(0, common)).toEqual(recorded.slice(0, common));
    },
  );

  it("rediss:// without ssl_cert_reqs: the warnings, the critical record and the ValueError's two lines", async () => {
    await deployStack({ startCommand: CELERY, redisUrl: "rediss://default:pw@redis.railway.internal:6379" });
    const imitation = own(await logsOf("omnidoc-celery-worker")).map(normalize);
    const recorded = real("celery-rediss-without-ssl-cert-reqs").map(normalize);
    expect(imitation.slice(0, 13)).toEqual(recorded.slice(0, 13));
    expect(imitation.slice(-2)).toEqual(recorded.slice(-3, -1));
  });

  it("the API: the submission, and with its Redis gone, the result backend's retries then the failure", async () => {
    await deployStack({ startCommand: CELERY, redisUrl: "${{Redis.REDIS_URL}}" });
    const sent = emulator.simulateRequest({
      environmentId: ref.environmentId,
      serviceName: "omnidoc-backend",
    });
    const recorded = real("api-submitted-then-redis-stopped");
    const lines = await logsOf("omnidoc-backend");
    expect(lines).toContain(`Submitted generation task ${sent.taskId} for project ${sent.projectRef}`);
    expect(recorded.map(normalize)).toContain(
      normalize(`Submitted generation task ${sent.taskId} for project capture-1`),
    );

    const redis = await latestDeploymentId(emulator, ids.Redis ?? "", ref.environmentId);
    await ok(emulator, "mutation($id: String!) { deploymentRemove(id: $id) }", { id: redis });
    emulator.simulateRequest({ environmentId: ref.environmentId, serviceName: "omnidoc-backend" });
    emulator.clock.advance(MINUTE);
    const failure = (await logsOf("omnidoc-backend")).flatMap((line) => line.split("\n")).map(normalize);
    const from = recorded.findIndex((line) => line.startsWith("Connection to Redis lost"));
    const until = recorded.findIndex((line) => line.startsWith("Failed to submit"));
    const expected = recorded.slice(from, until + 1).map(normalize);
    const start = failure.indexOf(expected[0] ?? "");
    expect(failure.slice(start, start + expected.length)).toEqual(expected);
  });
});
