/**
 * The omnidoc stack, end to end, against whichever Railway test/live/target.ts picks: brought up through
 * the engine harness in a project of its own, one deployment per service, a request processed into 7
 * documents, the doctor's verdict, a second `up` with nothing to do; then destroyed, and the project
 * deleted whatever happened. `npm run test:live` runs it against the real API (RAILWAY_API_TOKEN); the
 * normal suite runs it against the emulator.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestStack } from "../engine/driver.ts";
import { runScript } from "../support/runScript.ts";
import { type Connection, graphql, liveTarget, runProjectName } from "./target.ts";

const target = liveTarget();
if (target.skip) console.warn(`SKIPPED, NOT PASSED — live suite: ${target.skip}`);
else console.info(`live suite target: ${target.kind}`);

const SERVICES = ["Redis", "omnidoc-backend", "omnidoc-celery-worker"];
const PROJECT_REF = `live-${randomBytes(3).toString("hex")}`;

let connection: Connection;
let stack: TestStack;
let outputs: Record<string, unknown> = {};
const projectName = runProjectName();

interface Ids {
  projectId: string;
  environmentId: string;
  serviceIds: Record<string, string>;
}
const ids = (): Ids => outputs as unknown as Ids;

async function deploymentsOf(service: string): Promise<Array<{ id: string; status: string }>> {
  const data = await graphql<{ deployments: { edges: Array<{ node: { id: string; status: string } }> } }>(
    connection,
    "query($input: DeploymentListInput!) { deployments(input: $input, first: 20) { edges { node { id status } } } }",
    {
      input: {
        projectId: ids().projectId,
        environmentId: ids().environmentId,
        serviceId: ids().serviceIds[service],
      },
    },
  );
  return data.deployments.edges.map((edge) => edge.node);
}

async function logs(deploymentId: string): Promise<string[]> {
  const data = await graphql<{ deploymentLogs: Array<{ message: string }> }>(
    connection,
    "query($id: String!) { deploymentLogs(deploymentId: $id, limit: 1000) { message } }",
    { id: deploymentId },
  );
  return data.deploymentLogs.map((line) => line.message);
}

async function within<T>(minutes: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + minutes * 60_000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`not within ${minutes} minute(s)`);
    await new Promise((done) => setTimeout(done, target.kind === "railway" ? 5000 : 250));
  }
}

/** Deletes every project of this run's name: the suite's promise to leave nothing behind. */
async function deleteRunProjects(): Promise<void> {
  const ours: string[] = [];
  let after: string | null = null;
  do {
    const page: {
      projects: {
        edges: Array<{ node: { id: string; name: string } }>;
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
      };
    } = await graphql(
      connection,
      "query($after: String) { projects(first: 100, after: $after) { edges { node { id name } } pageInfo { hasNextPage endCursor } } }",
      { after },
    );
    ours.push(
      ...page.projects.edges.filter((edge) => edge.node.name === projectName).map((edge) => edge.node.id),
    );
    after = page.projects.pageInfo.hasNextPage ? page.projects.pageInfo.endCursor : null;
  } while (after);
  for (const id of ours)
    await graphql(connection, "mutation($id: String!) { projectDelete(id: $id) }", { id });
}

describe.skipIf(target.skip !== null)(
  `the omnidoc stack against ${target.kind}${target.skip ? ` [skipped: ${target.skip}]` : ""}`,
  { timeout: target.upMinutes * 60_000 },
  () => {
    beforeAll(async () => {
      connection = await target.start();
      stack = new TestStack({
        stack: "live",
        env: connection.env,
        config: {
          projectName,
          ...(process.env.OMNIDOC_LIVE_WORKSPACE_ID
            ? { workspaceId: process.env.OMNIDOC_LIVE_WORKSPACE_ID }
            : {}),
          environment: "production",
          repo: target.repo,
          branch: target.branch,
          rootDirectory: "/examples/omnidoc-app",
          workerConcurrency: "1",
          workerReadyTimeoutSeconds: "600",
          postgresMode: "external",
          databaseUrl: { value: "postgresql://omnidoc:unused@db.invalid:5432/omnidoc", secret: true },
          geminiApiKey: { value: `live-${randomBytes(12).toString("hex")}`, secret: true },
          redisPassword: { value: randomBytes(24).toString("hex"), secret: true },
        },
      });
    });
    afterAll(async () => {
      try {
        if (stack) await stack.destroy();
      } finally {
        if (connection) {
          await deleteRunProjects();
          await connection.close();
        }
      }
    });

    it("up creates the stack in its own project and deploys each service once, verified", async () => {
      const up = await stack.up();
      expect(up.errors).toEqual([]);
      outputs = up.outputs;
      for (const service of SERVICES) {
        const deployments = await deploymentsOf(service);
        expect(deployments.map((deployment) => deployment.status)).toEqual(["SUCCESS"]);
      }
    });

    it("a request becomes 7 completed documents in the worker's log", async () => {
      const taskId = await connection.generate(String(outputs.apiUrl), PROJECT_REF);
      const [worker] = await deploymentsOf("omnidoc-celery-worker");
      const completed = await within(10, async () => {
        const lines = (await logs(worker?.id ?? "")).filter(
          (line) => line.includes("✅ Completed") && line.endsWith(`for project ${PROJECT_REF}`),
        );
        return lines.length === 7 ? lines : undefined;
      });
      expect(completed.every((line) => line.includes(taskId))).toBe(true);
    });

    it("the doctor's verdict: every check passes, exit 0", async () => {
      const { status, stdout } = await runScript(
        "scripts/doctor.ts",
        ["--project", ids().projectId, "--environment", "production", "--json"],
        { env: connection.env },
      );
      const report = JSON.parse(stdout) as { checks: Array<{ id: string; ok: boolean }> };
      expect(report.checks.filter((check) => !check.ok).map((check) => check.id)).toEqual([]);
      expect(status).toBe(0);
    });

    it("a second up changes nothing and deploys nothing", async () => {
      const again = await stack.up();
      expect(again.errors).toEqual([]);
      expect(again.changes).toBe(0);
      for (const service of SERVICES) expect(await deploymentsOf(service)).toHaveLength(1);
    });
  },
);
