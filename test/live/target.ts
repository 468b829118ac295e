/**
 * Where the live suite runs. `npm run test:live` (OMNIDOC_LIVE=1) targets the real Railway API with
 * RAILWAY_API_TOKEN, and skips with a one-line reason without it. Everywhere else (the normal suite) the
 * same suite targets the emulator, with real processes when this machine has Redis and Celery, else on the
 * simulated clock, so it runs on every `npm test` and cannot rot.
 */
import { randomBytes } from "node:crypto";
import { resolve } from "node:path";
import { type Emulator, startEmulator } from "../../emulator/index.ts";
import { realProcessSupport } from "../../emulator/processes/system-support.ts";

const RAILWAY_API = "https://backboard.railway.com/graphql/v2";
const REPO_ROOT = resolve(import.meta.dirname, "../..");
/** The emulator's stand-in for this repository on GitHub. */
const EMULATED_REPO = "omnidoc-app/omnidoc-railway";

export interface Target {
  kind: "railway" | "emulator-real" | "emulator-simulated";
  /** Why the suite does not run here, or null. */
  skip: string | null;
  /** The repository and branch Railway builds (the sample app is in examples/omnidoc-app). */
  repo: string;
  branch: string;
  /** Minutes a first `up` may take: Railway builds images, the emulator does not. */
  upMinutes: number;
  start(): Promise<Connection>;
}

export interface Connection {
  apiUrl: string;
  token: string;
  /** Environment of the harness's engine and provider processes. */
  env: Record<string, string>;
  /** "A user asks for documents": POST /projects/<ref>/generate on the API; the task id. */
  generate(apiPublicUrl: string, projectRef: string): Promise<string>;
  close(): Promise<void>;
}

export function liveTarget(): Target {
  if (process.env.OMNIDOC_LIVE === "1") return railwayTarget();
  const support = realProcessSupport();
  return emulatorTarget(support.ok);
}

function railwayTarget(): Target {
  const token = process.env.RAILWAY_API_TOKEN ?? "";
  const repo = process.env.OMNIDOC_LIVE_REPO || process.env.GITHUB_REPOSITORY || "";
  const skip = !token
    ? "RAILWAY_API_TOKEN is not set (an account token: the suite creates a Railway project and deletes it)"
    : !repo
      ? "set OMNIDOC_LIVE_REPO to the GitHub repository (owner/name) Railway should build, with examples/omnidoc-app"
      : null;
  return {
    kind: "railway",
    skip,
    repo,
    branch: process.env.OMNIDOC_LIVE_BRANCH || process.env.GITHUB_REF_NAME || "main",
    upMinutes: 30,
    async start() {
      return {
        apiUrl: RAILWAY_API,
        token,
        env: { RAILWAY_API_TOKEN: token },
        async generate(apiPublicUrl, projectRef) {
          const response = await fetch(`${apiPublicUrl}/projects/${projectRef}/generate`, { method: "POST" });
          const body = (await response.json()) as { task_id?: string };
          if (response.status !== 202 || !body.task_id)
            throw new Error(`the API answered ${response.status}`);
          return body.task_id;
        },
        close: async () => {},
      };
    },
  };
}

function emulatorTarget(real: boolean): Target {
  return {
    kind: real ? "emulator-real" : "emulator-simulated",
    skip: null,
    repo: EMULATED_REPO,
    branch: "main",
    upMinutes: 5,
    async start() {
      const emulator: Emulator = await startEmulator({
        clock: real ? { mode: "realtime" } : { mode: "perRequest" },
        rateLimits: false,
        // The repository's root, so rootDirectory selects examples/omnidoc-app as on Railway.
        ...(real ? { realDeployments: { repos: { [EMULATED_REPO]: REPO_ROOT } } } : {}),
      });
      const token = emulator.defaults.accountToken;
      return {
        apiUrl: emulator.url,
        token,
        env: {
          RAILWAY_API_URL: emulator.url,
          RAILWAY_API_TOKEN: token,
          RAILWAY_POLL_INTERVAL_MS: real ? "250" : "10",
        },
        async generate(_apiPublicUrl, projectRef) {
          const api = emulator.processes.list().find((process) => process.serviceName === "omnidoc-backend");
          if (!real || !api) {
            // The simulated clock has no HTTP: the emulator's stand-in for the same request.
            const environmentId = await productionEnvironmentId(emulator);
            const sent = emulator.simulateRequest({
              environmentId,
              serviceName: "omnidoc-backend",
              projectRef,
            });
            if (!sent.submitted) throw new Error("the emulated API could not submit the task");
            return sent.taskId;
          }
          const response = await fetch(`http://127.0.0.1:${api.port}/projects/${projectRef}/generate`, {
            method: "POST",
          });
          return ((await response.json()) as { task_id: string }).task_id;
        },
        close: () => emulator.close(),
      };
    },
  };
}

async function productionEnvironmentId(emulator: Emulator): Promise<string> {
  const result = (await emulator.dashboard(
    "query { projects { edges { node { environments { edges { node { id name } } } } } } }",
  )) as {
    data: {
      projects: {
        edges: Array<{ node: { environments: { edges: Array<{ node: { id: string; name: string } }> } } }>;
      };
    };
  };
  const environments = result.data.projects.edges.flatMap((edge) =>
    edge.node.environments.edges.map((e) => e.node),
  );
  return environments.find((environment) => environment.name === "production")?.id ?? "";
}

/** A project name no other run uses, so a run never touches anything it did not create. */
export function runProjectName(): string {
  return `omnidoc-live-${randomBytes(4).toString("hex")}`;
}

/** A GraphQL request to the target's API with its token. */
export async function graphql<T>(
  connection: Connection,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<T> {
  const response = await fetch(`${connection.apiUrl}?source=omnidoc-live-test`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${connection.token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: Array<{ message: string }> };
  if (body.errors?.length) throw new Error(`Railway API: ${body.errors.map((e) => e.message).join("; ")}`);
  return body.data as T;
}
