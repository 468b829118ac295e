/**
 * Reads one live environment for `npm run pull` in as few requests as Railway's API allows: the project
 * (by id, or by name through the project list), then the whole environment in one `environment.config`
 * read with decrypted values (docs/railway-api-notes.md, "The environment config document"). By id that
 * is 2 requests; by name 3 (one more page of projects per 100 projects the token sees).
 */
import {
  type EnvironmentConfig,
  NotAuthorizedError,
  NotFoundError,
  ops,
  projectsNamed,
  type RailwayClient,
  type ServiceConfig,
} from "../../components/railway/index.ts";

/** Everything the renderer needs, read once; no client or request afterwards. */
export interface EnvironmentSnapshot {
  project: { id: string; name: string; description?: string | undefined };
  environment: { id: string; name: string; isEphemeral: boolean };
  /** The services with an instance in this environment, by name. */
  services: PulledService[];
  /** Environment-level keys of the config document other than services and shared variables. */
  otherConfig: Record<string, unknown>;
  sharedVariables: NonNullable<EnvironmentConfig["sharedVariables"]>;
  /** Project services with no instance in this environment (named in the program's header). */
  servicesElsewhere: string[];
}

export interface PulledService {
  id: string;
  name: string;
  config: ServiceConfig;
  latestDeployment: { id: string; status: string } | undefined;
}

export class PullTargetError extends Error {}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function projectById(client: RailwayClient, id: string) {
  try {
    return await client.run(ops.project, { id });
  } catch (error) {
    if (error instanceof NotFoundError || error instanceof NotAuthorizedError) return undefined;
    throw error;
  }
}

/** The project given by id or by name, with its environments and services. */
async function resolveProject(client: RailwayClient, project: string) {
  if (UUID.test(project)) {
    const found = await projectById(client, project);
    if (found) return found;
  }
  const named = await projectsNamed(client, project);
  if (named.length === 0)
    throw new PullTargetError(
      `No Railway project with the id or name "${project}" is visible to this token.`,
    );
  if (named.length > 1) {
    const ids = named.map((candidate) => candidate.id).join(", ");
    throw new PullTargetError(
      `${named.length} projects are named "${project}" (${ids}); give --project <id>.`,
    );
  }
  return client.run(ops.project, { id: named[0]?.id ?? "" });
}

export async function readEnvironment(
  client: RailwayClient,
  target: { project: string; environment: string },
): Promise<EnvironmentSnapshot> {
  const project = await resolveProject(client, target.project);
  const environment = project.environments.find((candidate) => candidate.name === target.environment);
  if (!environment) {
    const names = project.environments.map((candidate) => candidate.name).join(", ") || "none";
    throw new PullTargetError(
      `Project "${project.name}" has no environment "${target.environment}" (it has: ${names}).`,
    );
  }
  const live = await client.run(ops.environmentSnapshot, { id: environment.id });
  const names = new Map(project.services.map((service) => [service.id, service.name]));
  const instances = new Map(live.serviceInstances.map((instance) => [instance.serviceId, instance]));
  const services: PulledService[] = [];
  for (const [serviceId, config] of Object.entries(live.config.services ?? {})) {
    if (config.isDeleted) continue;
    const instance = instances.get(serviceId);
    const name = names.get(serviceId) ?? instance?.serviceName;
    if (!name) continue;
    const deployment = instance?.latestDeployment;
    services.push({
      id: serviceId,
      name,
      config,
      latestDeployment: deployment ? { id: deployment.id, status: deployment.status } : undefined,
    });
  }
  services.sort((a, b) => a.name.localeCompare(b.name));
  const here = new Set(services.map((service) => service.id));
  const { services: _services, sharedVariables, ...otherConfig } = live.config;
  return {
    project: { id: project.id, name: project.name, description: project.description ?? undefined },
    environment: { id: live.id, name: live.name, isEphemeral: live.isEphemeral },
    services,
    otherConfig,
    sharedVariables: sharedVariables ?? {},
    servicesElsewhere: project.services
      .filter((service) => !here.has(service.id))
      .map((service) => service.name)
      .sort(),
  };
}
