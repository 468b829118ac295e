/**
 * The guide's tests run the omnidoc stack with real processes: the emulator in realDeployments mode runs
 * examples/omnidoc-app (the API and the Celery worker) and Debian's redis-server. These helpers read what a
 * person would read, through Railway's API (logs, statuses) and the doctor's own CLI.
 */
import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import { resolve } from "node:path";
import { type Emulator, startEmulator } from "../../emulator/index.ts";
import { realProcessSupport } from "../../emulator/processes/system-support.ts";
import { productionStack, railwayEnv } from "../scenarios/support.ts";
import { runScript } from "../support/runScript.ts";

export const REPO_ROOT = resolve(import.meta.dirname, "../..");
export const APP_FOLDER = resolve(REPO_ROOT, "examples/omnidoc-app");
export const API = "omnidoc-backend";
export const WORKER = "omnidoc-celery-worker";

/** Whether the packages are here; printed once per file when not, so a skip never reads as a pass. */
export const support = realProcessSupport();
if (!support.ok) console.warn(`SKIPPED, NOT PASSED — real Redis and Celery tests: ${support.reason}`);
export const skipReason = support.ok ? "" : ` [skipped: ${support.reason}]`;

/** The emulator running real processes for the stack's repository (productionConfig's omnidoc-app/omnidoc). */
export function startRealEmulator(): Promise<Emulator> {
  return startEmulator({
    clock: { mode: "realtime" },
    rateLimits: false,
    realDeployments: { repos: { "omnidoc-app/omnidoc": APP_FOLDER } },
  });
}

/** The production stack against that emulator, polling at a pace that suits real processes. */
export function realStack(emulator: Emulator) {
  return productionStack(emulator, { env: { ...railwayEnv(emulator), RAILWAY_POLL_INTERVAL_MS: "250" } });
}

/** A request to Railway's GraphQL API with the account token, as any client sends it. */
export async function railway<T>(
  emulator: Emulator,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<T> {
  const response = await fetch(`${emulator.url}?source=guide-test`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      authorization: `Bearer ${emulator.defaults.accountToken}`,
    },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data as T;
}

export interface Latest {
  id: string;
  status: string;
}

/** The latest deployment of a service in an environment, read from Railway's API. */
export async function latestDeployment(
  emulator: Emulator,
  environmentId: string,
  serviceName: string,
): Promise<Latest | undefined> {
  const data = await railway<{
    environment: {
      serviceInstances: { edges: Array<{ node: { serviceName: string; latestDeployment: Latest | null } }> };
    };
  }>(
    emulator,
    "query($id: String!) { environment(id: $id) { serviceInstances { edges { node { serviceName latestDeployment { id status } } } } } }",
    { id: environmentId },
  );
  const node = data.environment.serviceInstances.edges.find((edge) => edge.node.serviceName === serviceName);
  return node?.node.latestDeployment ?? undefined;
}

/** The runtime log lines of a deployment, oldest first, as Railway's API returns them. */
export async function deploymentLogs(emulator: Emulator, deploymentId: string): Promise<string[]> {
  const data = await railway<{ deploymentLogs: Array<{ message: string }> }>(
    emulator,
    "query($id: String!) { deploymentLogs(deploymentId: $id, limit: 1000) { message } }",
    { id: deploymentId },
  );
  return data.deploymentLogs.map((line) => line.message);
}

/** The latest deployment's log lines of a service. */
export async function serviceLogs(emulator: Emulator, environmentId: string, serviceName: string) {
  const latest = await latestDeployment(emulator, environmentId, serviceName);
  return latest ? deploymentLogs(emulator, latest.id) : [];
}

/** Polls `probe` until it returns a value other than undefined; fails naming `what` after `timeoutMs`. */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 250));
  }
}

/** The deployment's loopback address, standing in for the API's public domain. */
export function apiBaseUrl(emulator: Emulator, serviceName = API): string {
  const running = emulator.processes.list().filter((process) => process.serviceName === serviceName);
  const port = running.at(-1)?.port;
  if (!port) throw new Error(`no running process for ${serviceName}`);
  return `http://127.0.0.1:${port}`;
}

/** "A user asks omnidoc to generate documents": POST /projects/<id>/generate on the API. */
export async function generate(emulator: Emulator, projectRef: string) {
  const response = await fetch(`${apiBaseUrl(emulator)}/projects/${projectRef}/generate`, { method: "POST" });
  return { status: response.status, body: (await response.json()) as { task_id?: string; error?: string } };
}

/** The worker's `✅ Completed` lines for one project. */
export function completedDocuments(lines: readonly string[], projectRef: string): string[] {
  return lines.filter(
    (line) =>
      line.includes("[DOCUMENT GENERATION] ✅ Completed") && line.endsWith(`for project ${projectRef}`),
  );
}

export interface DoctorRun {
  status: number | null;
  stdout: string;
  report: {
    ok: boolean;
    checks: Array<{ id: string; ok: boolean; skipped?: boolean; message: string; fix: string }>;
  };
}

/** The doctor's real command, `--json`, against the emulator. */
export async function runDoctor(emulator: Emulator, projectId: string): Promise<DoctorRun> {
  const { status, stdout } = await runScript(
    "scripts/doctor.ts",
    ["--project", projectId, "--environment", "production", "--json"],
    { env: { RAILWAY_API_URL: emulator.url, RAILWAY_API_TOKEN: emulator.defaults.accountToken } },
  );
  return { status, stdout, report: JSON.parse(stdout) as DoctorRun["report"] };
}

export function failingChecks(run: DoctorRun): string[] {
  return run.report.checks.filter((check) => !check.ok && !check.skipped).map((check) => check.id);
}

export function check(run: DoctorRun, id: string) {
  const found = run.report.checks.find((entry) => entry.id === id);
  if (!found) throw new Error(`the doctor has no check ${id}`);
  return found;
}

/** Every address a process (and its children) listens on, read from /proc: "127.0.0.1:6379", "[::1]:80". */
export function listeningAddresses(pids: readonly number[]): string[] {
  const inodes = new Set<string>();
  for (const pid of descendants(pids)) {
    let fds: string[] = [];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const target = readlinkSync(`/proc/${pid}/fd/${fd}`);
        const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
        if (inode) inodes.add(inode);
      } catch {
        // Closed meanwhile.
      }
    }
  }
  const out: string[] = [];
  for (const table of ["tcp", "tcp6"]) {
    for (const row of readFileSync(`/proc/net/${table}`, "utf8").split("\n").slice(1)) {
      const fields = row.trim().split(/\s+/);
      // State 0A is LISTEN; field 9 is the socket's inode.
      if (fields[3] !== "0A" || !inodes.has(fields[9] ?? "")) continue;
      out.push(socketAddress(fields[1] ?? "", table === "tcp6"));
    }
  }
  return out.sort();
}

function descendants(pids: readonly number[]): number[] {
  const all = new Set(pids);
  let grew = true;
  while (grew) {
    grew = false;
    for (const entry of readdirSync("/proc")) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
        const parent = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
        if (all.has(parent) && !all.has(Number(entry))) {
          all.add(Number(entry));
          grew = true;
        }
      } catch {
        // Gone meanwhile.
      }
    }
  }
  return [...all];
}

/** /proc/net/tcp's hex "0100007F:1F90" as "127.0.0.1:8080" (tcp6 as "[…]:port"). */
function socketAddress(hex: string, v6: boolean): string {
  const [address = "", port = "0"] = hex.split(":");
  const words = address.match(/.{8}/g) ?? [];
  const bytes = words.flatMap((word) =>
    (word.match(/../g) ?? []).reverse().map((byte) => Number.parseInt(byte, 16)),
  );
  const host = v6
    ? `[${(
        bytes
          .map((b) => b.toString(16).padStart(2, "0"))
          .join("")
          .match(/.{4}/g) ?? []
      ).join(":")}]`
    : bytes.join(".");
  return `${host}:${Number.parseInt(port, 16)}`;
}
