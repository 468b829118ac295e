import { celeryBroker } from "../../components/celery/index.ts";
import {
  isSecretName,
  maskUrlCredentials,
  NotFoundError,
  ops,
  type RailwayClient,
  redactValues,
  settingsFromConfig,
  variableValues,
} from "../../components/railway/index.ts";

/** One log line as the checks see it: credentials masked, variable values redacted. */
export interface LogEntry {
  message: string;
  /** Railway's severity ("info", "error", …); null when it gave none. */
  severity: string | null;
}

/** Everything the checks look at, read from Railway once. */
export interface ServiceFacts {
  name: string;
  exists: boolean;
  /** Variable names as stored (references unrendered). */
  variableNames: string[];
  startCommand: string | undefined;
  /** The broker URL this service's next deployment receives, rendered; undefined when it has none. */
  brokerUrl: string | undefined;
  /** The variable that gives it: CELERY_BROKER_URL when set (Celery reads it first), else the app's. */
  brokerVariable: string;
  latestDeployment: { id: string; status: string } | undefined;
  /** Recent runtime log lines of the latest deployment (its deploy logs); empty when it never started. */
  logs: LogEntry[];
  /** Recent build log lines (the build, then Railway's healthcheck), read only when it did not succeed. */
  buildLogs: LogEntry[];
}

export interface DoctorFacts {
  projectName: string;
  environmentName: string;
  api: ServiceFacts;
  worker: ServiceFacts;
}

export interface DoctorTarget {
  projectId: string;
  environmentName: string;
  apiService: string;
  workerService: string;
  brokerVariable: string;
}

/** The target environment could not be found (not a failing check: the doctor could not check at all). */
export class TargetNotFoundError extends Error {}

const LOG_LINES = 300;
/** Enough for a failed build's error and a whole healthcheck retry window (about 20 lines) after it. */
const BUILD_LOG_LINES = 200;

async function serviceFacts(
  client: RailwayClient,
  target: DoctorTarget,
  environment: Awaited<ReturnType<typeof readEnvironment>>,
  serviceName: string,
): Promise<ServiceFacts> {
  const instance = environment.serviceInstances.find((candidate) => candidate.serviceName === serviceName);
  const missing: ServiceFacts = {
    name: serviceName,
    exists: false,
    variableNames: [],
    startCommand: undefined,
    brokerUrl: undefined,
    brokerVariable: target.brokerVariable,
    latestDeployment: undefined,
    logs: [],
    buildLogs: [],
  };
  if (!instance) return missing;
  const entry = environment.config.services?.[instance.serviceId] ?? {};
  // Through the same settings table the providers write and diff with: Railway's default is "".
  const { startCommand } = settingsFromConfig(entry, ["startCommand"]);
  const rendered = await client.run(ops.variablesForServiceDeployment, {
    projectId: target.projectId,
    environmentId: environment.id,
    serviceId: instance.serviceId,
  });
  const broker = celeryBroker(rendered, target.brokerVariable);
  // Every value the service receives is hidden from the lines shown, except Railway's own RAILWAY_*
  // variables (its project, service and environment names, private domain, ids: docs/railway-api-notes.md,
  // "Variable references"), which name what the doctor shows anyway; hiding them would turn
  // "Cloning omnidoc-app/omnidoc" into "Cloning [redacted]-app/[redacted]".
  const secrets = Object.entries(rendered)
    .filter(([name, value]) => value.length >= 6 && (!name.startsWith("RAILWAY_") || isSecretName(name)))
    .map(([, value]) => value);
  const clean = (line: { message: string; severity: string | null }): LogEntry => ({
    message: maskUrlCredentials(redactValues(line.message, secrets)),
    severity: line.severity,
  });
  const latest = instance.latestDeployment ?? undefined;
  let logs: LogEntry[] = [];
  let buildLogs: LogEntry[] = [];
  if (latest) {
    // Railway returns limit + 1 rows (docs/railway-api-notes.md, "Pagination and ids"): keep the last limit.
    const lines = await client.run(ops.deploymentLogs, { deploymentId: latest.id, limit: LOG_LINES });
    logs = lines.slice(-LOG_LINES).map(clean);
    if (latest.status !== "SUCCESS") {
      const build = await client.run(ops.buildLogs, { deploymentId: latest.id, limit: BUILD_LOG_LINES });
      buildLogs = build.slice(-BUILD_LOG_LINES).map(clean);
    }
  }
  return {
    name: serviceName,
    exists: true,
    variableNames: Object.keys(variableValues(entry.variables)).sort(),
    startCommand: startCommand || undefined,
    brokerUrl: broker?.url,
    brokerVariable: broker?.variable ?? target.brokerVariable,
    latestDeployment: latest ? { id: latest.id, status: latest.status } : undefined,
    logs,
    buildLogs,
  };
}

function readEnvironment(client: RailwayClient, id: string) {
  return client.run(ops.environmentSnapshot, { id });
}

/** Reads the project, the environment, both services, their rendered broker URL and their recent logs. */
export async function gatherFacts(client: RailwayClient, target: DoctorTarget): Promise<DoctorFacts> {
  let project: Awaited<ReturnType<typeof readProject>>;
  try {
    project = await readProject(client, target.projectId);
  } catch (error) {
    if (error instanceof NotFoundError)
      throw new TargetNotFoundError(`Railway project ${target.projectId} was not found.`);
    throw error;
  }
  const environmentRef = project.environments.find((candidate) => candidate.name === target.environmentName);
  if (!environmentRef) {
    const names = project.environments.map((candidate) => candidate.name).join(", ");
    throw new TargetNotFoundError(
      `Project "${project.name}" has no environment "${target.environmentName}" (it has: ${names || "none"}).`,
    );
  }
  const environment = await readEnvironment(client, environmentRef.id);
  const [api, worker] = await Promise.all([
    serviceFacts(client, target, environment, target.apiService),
    serviceFacts(client, target, environment, target.workerService),
  ]);
  return { projectName: project.name, environmentName: environment.name, api, worker };
}

function readProject(client: RailwayClient, id: string) {
  return client.run(ops.project, { id });
}
