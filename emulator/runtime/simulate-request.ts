import { randomUUID } from "node:crypto";
import { statusAt } from "../model/deployment-status.ts";
import { hexDigest } from "../model/ids.ts";
import type { DeploymentRecord, LogLine } from "../model/records.ts";
import type { World } from "../model/world.ts";
import type { SimulatedRequest, SimulateRequestInput } from "../types.ts";
import { parseBrokerUrl, reachBroker } from "./broker.ts";
import { TASK_NAME } from "./celery.ts";

// "A user asked the API to generate documents" (SCENARIO.md): the API submits a Celery task to its
// broker; a healthy worker on the SAME host:port/db receives it and produces 7 documents.

const DOCUMENTS = 7;

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
  const path = `POST /api/projects/${projectRef}/generate HTTP/1.1`;
  const raw =
    apiDeployment.snapshot.variables.CELERY_BROKER_URL || apiDeployment.snapshot.variables.REDIS_URL || "";
  const url = parseBrokerUrl(raw || "redis://localhost:6379/0");
  const reached = url ? reachBroker(world, environment, url, now) : null;
  if (!reached?.ok) {
    const error = reached && !reached.ok ? reached.error : `Invalid broker URL ${raw}`;
    apiDeployment.extraDeployLogs.push(
      line(now, `ERROR Failed to submit task to background queue: ${error}`, "error"),
      line(now, `Redis connection failed: ${error}`, "error"),
      line(now, `INFO:     100.64.0.3:52311 - "${path}" 500 Internal Server Error`),
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
  const logs: LogLine[] = [line(at, `[INFO/MainProcess] Task ${TASK_NAME}[${taskId}] received`)];
  const next = (gap: number, message: string) => {
    at += gap;
    logs.push(line(at, message));
  };
  next(100, `[INFO/ForkPoolWorker-1] [CELERY TASK] Starting document generation for project ${projectRef}`);
  for (let i = 1; i <= DOCUMENTS; i++) {
    const documentId = randomUUID();
    const seconds = 1.5 + Number.parseInt(hexDigest(`${taskId}:${i}`, 2), 16) / 128;
    next(100, `[INFO/ForkPoolWorker-1] [DOCUMENT GENERATION] Starting ${documentId} (${i}/${DOCUMENTS}) ...`);
    next(
      Math.round(seconds * 1000),
      `[INFO/ForkPoolWorker-1] [DOCUMENT GENERATION] ✅ Completed ${documentId} (${i}/${DOCUMENTS}) in ${seconds.toFixed(2)}s`,
    );
  }
  next(
    100,
    `[INFO/ForkPoolWorker-1] Task ${TASK_NAME}[${taskId}] succeeded in ${((at + 100 - now) / 1000).toFixed(3)}s: {'documents': ${DOCUMENTS}}`,
  );
  worker.extraDeployLogs.push(...logs);
  return { taskId, projectRef, submitted: true, receivedBy: worker.serviceName };
}
