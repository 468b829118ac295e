import { maskUrlCredentials } from "../celery/brokerUrl.ts";
import { brokerConnection, knownErrors, readyLine } from "../celery/workerLogs.ts";
import { type LogLine, ops, type RailwayClient, redactValues } from "../railway/index.ts";

/** Statuses after which a deployment will not change by itself (API.md 8.2). */
const SETTLED = new Set(["SUCCESS", "FAILED", "CRASHED", "REMOVED", "REMOVING", "SKIPPED", "SLEEPING"]);
const HEALTHY = new Set(["SUCCESS", "SLEEPING"]);

export function pollIntervalMs(): number {
  const configured = Number(process.env.RAILWAY_POLL_INTERVAL_MS);
  return configured > 0 ? configured : 3_000;
}

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

/** Polls until the deployment settles or the timeout passes; returns the last status seen. */
export async function waitUntilSettled(client: RailwayClient, deploymentId: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const deployment = await client.run(ops.deployment, { id: deploymentId });
    if (SETTLED.has(deployment.status) || Date.now() >= deadline) return deployment.status;
    await sleep(pollIntervalMs());
  }
}

export type Readiness =
  | { ready: true; line: string; connected: string }
  | { ready: false; reason: string; status: string };

/**
 * A Celery worker is ready when its log shows `Connected to redis://…` to the declared broker host and
 * `celery@<host> ready.`. Polls logs and status until then, until the deployment crashes, or until the
 * timeout; a connection to another host is a failure (the worker and the API would disagree).
 */
export async function waitUntilCeleryReady(
  client: RailwayClient,
  deploymentId: string,
  brokerHost: string,
  timeoutMs: number,
): Promise<Readiness> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const lines = (await recentLogs(client, deploymentId)).map((line) => line.message);
    const connection = brokerConnection(lines);
    const ready = readyLine(lines);
    if (connection && ready) {
      if (connection.host !== brokerHost.toLowerCase()) {
        return {
          ready: false,
          status: "SUCCESS",
          reason: `the worker connected to ${connection.host}, not to the declared broker ${brokerHost}`,
        };
      }
      return { ready: true, line: ready, connected: connection.line };
    }
    const { status } = await client.run(ops.deployment, { id: deploymentId });
    if (!HEALTHY.has(status)) return { ready: false, status, reason: `the deployment is ${status}` };
    if (Date.now() >= deadline) {
      const seconds = Math.round(timeoutMs / 1000);
      const errors = knownErrors(lines).map((found) => `${found.error.cause} (${found.error.fix})`);
      const why = errors.length > 0 ? `: ${errors.join("; ")}` : "";
      return {
        ready: false,
        status,
        reason: `the worker did not log "celery@… ready." within ${seconds} s${why}`,
      };
    }
    await sleep(pollIntervalMs());
  }
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
