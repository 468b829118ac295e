import {
  maskUrlCredentials,
  NotFoundError,
  ops,
  type RailwayClient,
  redactValues,
  settingsFromConfig,
  variableValues,
} from "../../components/railway/index.ts";

/** Everything the checks look at, read from Railway once. */
export interface ServiceFacts {
  name: string;
  exists: boolean;
  /** Variable names as stored (references unrendered). */
  variableNames: string[];
  startCommand: string | undefined;
  /** The broker URL this service's next deployment receives, rendered; undefined when it has none. */
  brokerUrl: string | undefined;
  latestDeployment: { id: string; status: string } | undefined;
  /** Recent runtime log lines of the latest deployment (credentials masked, variable values redacted). */
  logs: string[];
  /** Recent build log lines, read only when the deployment did not succeed. */
  buildLogs: string[];
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
  const secrets = Object.values(rendered).filter((value) => value.length >= 6);
  const clean = (line: string) => maskUrlCredentials(redactValues(line, secrets));
  const latest = instance.latestDeployment ?? undefined;
  let logs: string[] = [];
  let buildLogs: string[] = [];
  if (latest) {
    const lines = await client.run(ops.deploymentLogs, { deploymentId: latest.id, limit: LOG_LINES });
    logs = lines.slice(-LOG_LINES).map((line) => clean(line.message));
    if (latest.status !== "SUCCESS") {
      const build = await client.run(ops.buildLogs, { deploymentId: latest.id, limit: 50 });
      buildLogs = build.slice(-50).map((line) => clean(line.message));
    }
  }
  return {
    name: serviceName,
    exists: true,
    variableNames: Object.keys(variableValues(entry.variables)).sort(),
    startCommand: startCommand || undefined,
    brokerUrl: rendered[target.brokerVariable] || undefined,
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
