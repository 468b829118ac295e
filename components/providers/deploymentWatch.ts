import { type LogLine, maskUrlCredentials, ops, type RailwayClient, redactValues } from "../railway/index.ts";
import { waiting } from "./activity.ts";
import { pollIntervalMs } from "./deploymentPoller.ts";
import { judgeLogs, type LogVerification, linesSinceLastExpected, matchingHints } from "./logVerification.ts";

const HEALTHY = new Set(["SUCCESS", "SLEEPING"]);

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface WatchTarget {
  projectId: string;
  environmentId: string;
  serviceId: string;
  serviceName: string;
}

/** Starts one deployment of the instance's current source and settings, never two (reconciled on a lost answer). */
export async function startDeployment(client: RailwayClient, target: WatchTarget): Promise<string> {
  const list = () =>
    client.run(ops.deployments, {
      input: { environmentId: target.environmentId, serviceId: target.serviceId },
      first: 1,
    });
  const [previous] = await list();
  return client.createOnce(
    ops.serviceInstanceDeploy,
    { serviceId: target.serviceId, environmentId: target.environmentId },
    async () => {
      const [latest] = await list();
      return latest && latest.id !== previous?.id ? latest.id : undefined;
    },
  );
}

export type Readiness = { ready: true; lines: string[] } | { ready: false; reason: string; status: string };

/**
 * Waits, after the deployment is up, until its log meets every expectation of the verification; fails
 * at once on a captured value that differs from the declared one (a worker on another broker), when the
 * deployment stops being healthy, or at the timeout, naming what was missing and the hints that apply.
 */
export async function waitUntilLogsMatch(
  client: RailwayClient,
  deploymentId: string,
  verification: LogVerification,
  timeoutMs: number,
): Promise<Readiness> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const lines = (await recentLogs(client, deploymentId)).map((line) => line.message);
    const judgement = judgeLogs(lines, verification);
    if (judgement.verdict === "ready") return { ready: true, lines: judgement.lines };
    if (judgement.verdict === "mismatch")
      return { ready: false, status: "SUCCESS", reason: judgement.reason };
    const { status } = await client.run(ops.deployment, { id: deploymentId });
    if (!HEALTHY.has(status)) return { ready: false, status, reason: `the deployment is ${status}` };
    if (Date.now() >= deadline) {
      const seconds = Math.round(timeoutMs / 1000);
      const hints = matchingHints(lines, verification.hints).map((hint) => `${hint.cause} (${hint.fix})`);
      const why = hints.length > 0 ? `: ${hints.join("; ")}` : "";
      const missing = judgement.missing.map((description) => `"${description}"`).join(" and ");
      return { ready: false, status, reason: `its log did not show ${missing} within ${seconds} s${why}` };
    }
    await waiting(sleep(pollIntervalMs()));
  }
}

/**
 * Readiness of a deployment that was already running, healthy, before this run: its start-up lines may be
 * older than the last lines Railway returns (a worker that has run for days), so what is there is judged
 * once, without waiting. A captured value that differs (another broker) or a known error line since its
 * last sign of readiness fails it; lines that are simply gone leave it to its status, which already says
 * SUCCESS.
 */
export async function judgeRunningDeployment(
  client: RailwayClient,
  deploymentId: string,
  verification: LogVerification,
): Promise<Readiness> {
  const lines = (await recentLogs(client, deploymentId)).map((line) => line.message);
  const judgement = judgeLogs(lines, verification);
  if (judgement.verdict === "ready") return { ready: true, lines: judgement.lines };
  if (judgement.verdict === "mismatch") return { ready: false, status: "SUCCESS", reason: judgement.reason };
  // Only what it said since its last sign of readiness: a broker blip it recovered from is no failure.
  const hints = matchingHints(linesSinceLastExpected(lines, verification), verification.hints);
  if (hints.length > 0)
    return {
      ready: false,
      status: "SUCCESS",
      reason: `its recent log lines say ${hints.map((hint) => `${hint.cause} (${hint.fix})`).join("; ")}`,
    };
  return { ready: true, lines: [] };
}

/** The last lines of a deployment's logs, oldest first (Railway returns limit+1; trimmed like its CLI). */
export async function recentLogs(
  client: RailwayClient,
  deploymentId: string,
  limit = 200,
): Promise<LogLine[]> {
  const lines = await client.run(ops.deploymentLogs, { deploymentId, limit });
  return lines.slice(-limit);
}

/**
 * The lines that explain a failed deployment (build and runtime), with every variable value of the
 * service and every URL password masked: app logs may print anything, errors must not.
 */
export async function explainingLines(
  client: RailwayClient,
  target: WatchTarget,
  deploymentId: string,
  count = 15,
) {
  const [build, runtime, rendered] = await Promise.all([
    client.run(ops.buildLogs, { deploymentId, limit: 50 }).catch(() => [] as LogLine[]),
    recentLogs(client, deploymentId, 100).catch(() => [] as LogLine[]),
    client
      .run(ops.variablesForServiceDeployment, {
        projectId: target.projectId,
        environmentId: target.environmentId,
        serviceId: target.serviceId,
      })
      .catch(() => ({}) as Record<string, string>),
  ]);
  const secrets = Object.values(rendered).filter((value) => value.length >= 6);
  const lines = [...build.slice(-5), ...runtime].map((line) => line.message);
  return lines.slice(-count).map((line) => maskUrlCredentials(redactValues(line, secrets)));
}
