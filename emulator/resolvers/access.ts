import { notAuthorized, notFound } from "../graphql/errors.ts";
import type {
  DeploymentRecord,
  EnvironmentRecord,
  Grant,
  InstanceRecord,
  ProjectRecord,
  ServiceRecord,
} from "../model/records.ts";
import type { World } from "../model/world.ts";
import type { RequestContext } from "./context.ts";

// Token scopes (docs/railway-api-notes.md, "Tokens", "Errors"). An unknown ID is "X not found"; an ID that
// exists outside the token's scope is "Not Authorized"; without a valid token everything is "Not Authorized".

export function canSeeWorkspace(world: World, grant: Grant, workspaceId: string): boolean {
  switch (grant.kind) {
    case "dashboard":
      return true;
    case "account":
      return world.workspaces.get(workspaceId)?.memberUserIds.includes(grant.userId) ?? false;
    case "workspace":
      return grant.workspaceId === workspaceId;
    default:
      return false;
  }
}

export function canSeeProject(world: World, grant: Grant, project: ProjectRecord): boolean {
  if (grant.kind === "project") return grant.projectId === project.id;
  return canSeeWorkspace(world, grant, project.workspaceId);
}

export function canSeeEnvironment(world: World, grant: Grant, environment: EnvironmentRecord): boolean {
  if (grant.kind === "project") return grant.environmentId === environment.id;
  const project = world.projects.get(environment.projectId);
  return project !== undefined && canSeeProject(world, grant, project);
}

export function requireSignedIn(ctx: RequestContext): void {
  if (ctx.grant.kind === "anonymous") throw notAuthorized();
}

/** Operations a Project-Access-Token may never perform (projectCreate, serviceCreate, ...). */
export function forbidProjectToken(ctx: RequestContext): void {
  requireSignedIn(ctx);
  if (ctx.grant.kind === "project") throw notAuthorized();
}

export function getProject(ctx: RequestContext, id: string): ProjectRecord {
  requireSignedIn(ctx);
  const project = ctx.world.projects.get(id);
  if (!project) throw notFound("Project");
  if (!canSeeProject(ctx.world, ctx.grant, project)) throw notAuthorized();
  return project;
}

export function getEnvironment(ctx: RequestContext, id: string): EnvironmentRecord {
  requireSignedIn(ctx);
  const environment = ctx.world.environments.get(id);
  if (!environment) throw notFound("Environment");
  if (!canSeeEnvironment(ctx.world, ctx.grant, environment)) throw notAuthorized();
  return environment;
}

export function getService(ctx: RequestContext, id: string): ServiceRecord {
  requireSignedIn(ctx);
  const service = ctx.world.services.get(id);
  if (!service) throw notFound("Service");
  const project = ctx.world.projects.get(service.projectId);
  if (!project || !canSeeProject(ctx.world, ctx.grant, project)) throw notAuthorized();
  return service;
}

export interface InstanceRef {
  environment: EnvironmentRecord;
  service: ServiceRecord;
  instance: InstanceRecord;
}

export function getInstance(ctx: RequestContext, environmentId: string, serviceId: string): InstanceRef {
  const environment = getEnvironment(ctx, environmentId);
  const service = getService(ctx, serviceId);
  const instance = environment.instances.get(service.id);
  if (!instance || service.projectId !== environment.projectId) throw notFound("ServiceInstance");
  return { environment, service, instance };
}

export function getDeployment(ctx: RequestContext, id: string): DeploymentRecord {
  requireSignedIn(ctx);
  const deployment = ctx.world.deployments.get(id);
  if (!deployment) throw notFound("Deployment");
  const environment = ctx.world.environments.get(deployment.environmentId);
  if (!environment || !canSeeEnvironment(ctx.world, ctx.grant, environment)) throw notAuthorized();
  return deployment;
}
