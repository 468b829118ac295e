/**
 * docs/troubleshooting-guide.md's checklist with real processes: `up` of the omnidoc stack starts Debian's
 * redis-server, the sample API and a real Celery 5 worker; deploy verification passes on Celery's own lines;
 * one POST makes the worker log 7 completed documents; the doctor exits 0.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../../emulator/index.ts";
import type { TestStack } from "../engine/driver.ts";
import { idsOf, type StackIds } from "../scenarios/support.ts";
import {
  API,
  apiBaseUrl,
  completedDocuments,
  eventually,
  failingChecks,
  generate,
  latestDeployment,
  listeningAddresses,
  realStack,
  runDoctor,
  serviceLogs,
  skipReason,
  startRealEmulator,
  support,
  WORKER,
} from "./support.ts";

let emulator: Emulator;
let stack: TestStack;
let ids: StackIds;

describe.skipIf(!support.ok)(
  `the guide's happy path with a real Redis and Celery worker${skipReason}`,
  { timeout: 240_000 },
  () => {
    beforeAll(async () => {
      emulator = await startRealEmulator();
      stack = realStack(emulator);
    });
    afterAll(async () => {
      await emulator?.close();
    });

    it("up deploys Redis, the API and the worker, verified on the worker's own Celery lines", async () => {
      const up = await stack.up();
      expect(up.errors).toEqual([]);
      ids = idsOf(up.outputs);
      for (const service of ["Redis", API, WORKER]) {
        expect((await latestDeployment(emulator, ids.environmentId, service))?.status).toBe("SUCCESS");
      }
      // Deploy verification kept the line it accepted: real Celery's, with the container id as its host.
      const verified = stack.state().resources.find((resource) => resource.name === `${WORKER}-deployment`);
      expect(verified?.outputs.readyLine).toMatch(
        /^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}: INFO\/MainProcess\] celery@[0-9a-f]{12} ready\.$/,
      );
      const worker = await serviceLogs(emulator, ids.environmentId, WORKER);
      expect(worker).toContainEqual(
        expect.stringMatching(
          /INFO\/MainProcess\] Connected to redis:\/\/default:\*\*@redis\.railway\.internal:6379\/\/$/,
        ),
      );
    });

    it("one POST: the API submits the task and the worker logs all 7 documents completed", async () => {
      const request = await generate(emulator, "guide-happy-1");
      expect(request.status).toBe(202);
      const taskId = request.body.task_id ?? "";
      const api = await serviceLogs(emulator, ids.environmentId, API);
      expect(api).toContain(`Submitted generation task ${taskId} for project guide-happy-1`);
      const done = await eventually("7 completed documents", async () => {
        const lines = await serviceLogs(emulator, ids.environmentId, WORKER);
        return completedDocuments(lines, "guide-happy-1").length === 7 ? lines : undefined;
      });
      const ofTask = done.filter((line) => line.includes(taskId));
      expect(ofTask[0]).toMatch(/Task omnidoc\.generate_documents\[[0-9a-f-]{36}\] received$/);
      expect(ofTask).toContainEqual(
        expect.stringContaining("[CELERY TASK] Starting document generation for project guide-happy-1"),
      );
      for (let index = 1; index <= 7; index++) {
        expect(ofTask).toContainEqual(
          expect.stringMatching(
            new RegExp(
              `\\[DOCUMENT GENERATION\\] ✅ Completed \\S+ \\(${index}/7\\) in \\d+\\.\\d\\ds \\(\\d+ chars\\) for project guide-happy-1$`,
            ),
          ),
        );
      }
    });

    it("the API reports the task's state from the result backend, as the front end shows progress", async () => {
      const request = await generate(emulator, "guide-happy-2");
      const state = await eventually("the task SUCCESS", async () => {
        const response = await fetch(`${apiBaseUrl(emulator)}/tasks/${request.body.task_id}`);
        const body = (await response.json()) as { state: string; progress: Record<string, unknown> };
        return body.state === "SUCCESS" ? body : undefined;
      });
      expect(state.progress).toEqual({ project_id: "guide-happy-2", documents: 7 });
    });

    it("the doctor finds nothing wrong and exits 0", async () => {
      const run = await runDoctor(emulator, ids.projectId);
      expect(failingChecks(run)).toEqual([]);
      expect(run.status).toBe(0);
    });

    it("nothing listens outside 127.0.0.0/8", () => {
      const pids = emulator.processes.list().map((process) => process.pid);
      expect(pids).toHaveLength(3);
      const addresses = listeningAddresses(pids);
      // Redis and the API listen; the worker does not.
      expect(addresses.length).toBeGreaterThanOrEqual(2);
      for (const address of addresses) expect(address).toMatch(/^(127\.|\[0000:0000:0000:0000:0000:ffff:7f)/);
    });

    it("closing the emulator stops every process it started", async () => {
      const pids = emulator.processes.list().map((process) => process.pid);
      await emulator.close();
      for (const pid of pids) expect(() => process.kill(pid, 0)).toThrow();
    });
  },
);
