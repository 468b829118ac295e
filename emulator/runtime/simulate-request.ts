import { randomUUID } from "node:crypto";
import { statusAt } from "../model/deployment-status.ts";
import { hexDigest } from "../model/ids.ts";
import type { DeploymentRecord, LogLine } from "../model/records.ts";
import type { World } from "../model/world.ts";
import type { SimulatedRequest, SimulateRequestInput } from "../types.ts";
import { parseBrokerUrl, reachBroker } from "./broker.ts";
import { celeryTime, DOCUMENTS, TASK_NAME } from "./celery-lines.ts";

// "A user asked the API to generate documents" (docs/troubleshooting-guide.md): the API submits a Celery task
// to its broker; a healthy worker on the SAME host:port/db receives it and produces 7 documents. Lines as the
// sample app (examples/omnidoc-app) and Celery 5.2 print them (test/fixtures/real-logs).

/** redis-py's retries of the Celery result backend before the API gives up on a submission. */
const BACKEND_RETRIES = 20;

function running(
  world: World,
  deployment: DeploymentRecord | undefined,
  now: number,
): deployment is DeploymentRecord {
  return deployment !== undefined && statusAt(world, deployment, now).status === "SUCCESS";
}

function line(at: number, message: string, severity: LogLine["severity"] = "info"): LogLine {
  return { at, message, severity };
}

export function simulateRequest(world: World, input: SimulateRequestInput): SimulatedRequest {
  const environment = world.environments.get(input.environmentId);
  if (!environment) throw new Error(`Environment ${input.environmentId} not found`);
  const api = world.serviceByName(environment, input.serviceName);
  if (!api) throw new Error(`No service named "${input.serviceName}" in environment ${environment.name}`);
  const now = world.now();
  const apiDeployment = world.latestDeployment(environment.id, api.id);
  if (!running(world, apiDeployment, now) || !apiDeployment.plan.servesHttp) {
    throw new Error(`Service "${api.name}" has no running web deployment to take the request`);
  }
  const taskId = randomUUID();
  const projectRef = input.projectRef ?? randomUUID();
  const path = `POST /projects/${projectRef}/generate HTTP/1.1`;
  const raw =
    apiDeployment.snapshot.variables.CELERY_BROKER_URL || apiDeployment.snapshot.variables.REDIS_URL || "";
  const url = parseBrokerUrl(raw || "redis://localhost:6379/0");
  const reached = url ? reachBroker(world, environment, url, now) : null;
  if (!reached?.ok) {
    const error = reached && !reached.ok ? reached.error : `Invalid broker URL ${raw}`;
    apiDeployment.extraDeployLogs.push(
      ...failedSubmission(now, error, reached?.ok === false && reached.stage === "connect"),
    );
    apiDeployment.extraDeployLogs.push(
      line(now + 20_000, `INFO:     100.64.0.3:52311 - "${path}" 503 Service Unavailable`),
    );
    return { taskId, projectRef, submitted: false };
  }
  apiDeployment.extraDeployLogs.push(
    line(now, `Submitted generation task ${taskId} for project ${projectRef}`),
    line(now, `INFO:     100.64.0.3:52311 - "${path}" 202 Accepted`),
  );
  const address = reached.address;
  const worker = world
    .servicesOf(environment.projectId)
    .map((s) => world.latestDeployment(environment.id, s.id))
    .find((d): d is DeploymentRecord => {
      const broker = d?.plan.celeryBroker;
      return (
        running(world, d, now) &&
        broker !== null &&
        broker !== undefined &&
        broker.host === address.host &&
        broker.port === address.port &&
        broker.db === address.db
      );
    });
  if (!worker) return { taskId, projectRef, submitted: true };
  // The worker's lines, spaced out in virtual time as the task runs.
  let at = now + 500;
  const started = at + 100;
  const logs: LogLine[] = [
    line(at, `[${celeryTime(at)}: INFO/MainProcess] Task ${TASK_NAME}[${taskId}] received`, "error"),
  ];
  const next = (gap: number, message: string) => {
    at += gap;
    logs.push(line(at, `[${celeryTime(at)}: INFO/ForkPoolWorker-1] ${message}`, "error"));
  };
  const task = `${TASK_NAME}[${taskId}]:`;
  const total = DOCUMENTS.length;
  next(100, `${task} [CELERY TASK] Starting document generation for project ${projectRef}`);
  next(0, `${task} [CELERY TASK] Selected documents: [${DOCUMENTS.map((d) => `'${d}'`).join(", ")}]`);
  for (const [index, document] of DOCUMENTS.entries()) {
    const i = index + 1;
    const seconds = 1.5 + Number.parseInt(hexDigest(`${taskId}:${i}`, 2), 16) / 128;
    const chars = 300 + Number.parseInt(hexDigest(`${taskId}:${i}:chars`, 2), 16);
    next(0, `${task} [DOCUMENT GENERATION] Starting ${document} (${i}/${total}) for project ${projectRef}`);
    next(
      Math.round(seconds * 1000),
      `${task} [DOCUMENT GENERATION] ✅ Completed ${document} (${i}/${total}) in ${seconds.toFixed(2)}s (${chars} chars) for project ${projectRef}`,
    );
  }
  next(
    1,
    `Task ${TASK_NAME}[${taskId}] succeeded in ${((at + 1 - started) / 1000).toFixed(9)}s: {'project_id': '${projectRef}', 'documents': ${total}}`,
  );
  worker.extraDeployLogs.push(...logs);
  return { taskId, projectRef, submitted: true, receivedBy: worker.serviceName };
}

/**
 * The sample API's lines when its Redis cannot be reached: the result backend's 20 retries (Celery's
 * Redis backend, one a second), then the failure the guide names.
 */
function failedSubmission(now: number, error: string, retries: boolean): LogLine[] {
  const lines: LogLine[] = [];
  if (retries) {
    for (let attempt = 0; attempt < BACKEND_RETRIES; attempt++) {
      const when = attempt === 0 ? "now" : "in 1.00 second";
      lines.push(
        line(
          now + attempt * 1000,
          `Connection to Redis lost: Retry (${attempt}/${BACKEND_RETRIES}) ${when}.`,
          "error",
        ),
      );
    }
    // One critical record whose text starts and ends with a newline.
    lines.push(
      line(
        now + 20_000,
        "\nRetry limit exceeded while trying to reconnect to the Celery redis result store backend. The Celery application must be restarted.\n",
        "error",
      ),
    );
  }
  lines.push(
    line(now + (retries ? 20_000 : 0), `Failed to submit task to background queue: ${error}`, "error"),
  );
  return lines;
}
