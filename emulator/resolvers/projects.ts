import { invalidInput, notAuthorized, notFound } from "../graphql/errors.ts";
import { newId } from "../model/ids.ts";
import { generatedName } from "../model/names.ts";
import type { EnvironmentRecord, ProjectRecord } from "../model/records.ts";
import type { World } from "../model/world.ts";
import { canSeeProject, canSeeWorkspace, forbidProjectToken, getProject, requireSignedIn } from "./access.ts";
import {
  type Args,
  inputObject,
  optionalBoolean,
  optionalObject,
  optionalString,
  requiredString,
} from "./args.ts";
import { connection } from "./connection.ts";
import { type RequestContext, recordWrite } from "./context.ts";
import { createService } from "./service-operations.ts";
import { projectView } from "./views/project.ts";

// Projects (docs/railway-api-notes.md, "Projects, environments and services"). Names may repeat (inferred); a
// project starts with one empty environment.

export function newEnvironment(
  world: World,
  projectId: string,
  name: string,
  extra: Partial<EnvironmentRecord> = {},
): EnvironmentRecord {
  const now = world.now();
  const environment: EnvironmentRecord = {
    id: newId(),
    projectId,
    name,
    isEphemeral: false,
    sourceEnvironmentId: null,
    createdAt: now,
    updatedAt: now,
    instances: new Map(),
    sharedVariables: {},
    extraConfig: {},
    staged: null,
    domains: new Map(),
    configVersion: 0,
    ...extra,
  };
  world.environments.set(environment.id, environment);
  return environment;
}

function chooseWorkspace(ctx: RequestContext, requested: string | undefined): string {
  const grant = ctx.grant;
  if (requested !== undefined) {
    if (!ctx.world.workspaces.has(requested)) throw notFound("Workspace");
    if (!canSeeWorkspace(ctx.world, grant, requested)) throw notAuthorized();
    return requested;
  }
  // A workspace token has no personal workspace to default to (docs/railway-api-notes.md, "Tokens";
  // inferred).
  if (grant.kind === "workspace") throw invalidInput("workspaceId is required when using a workspace token");
  const mine = [...ctx.world.workspaces.values()].find(
    (w) => grant.kind === "dashboard" || (grant.kind === "account" && w.memberUserIds.includes(grant.userId)),
  );
  if (!mine) throw invalidInput("workspaceId is required: the user belongs to no workspace");
  return mine.id;
}

/** Deletes everything inside a project. */
export function deleteProject(world: World, project: ProjectRecord): void {
  for (const env of world.environmentsOf(project.id)) world.environments.delete(env.id);
  for (const service of world.servicesOf(project.id)) world.services.delete(service.id);
  for (const [id, d] of world.deployments) if (d.projectId === project.id) world.deployments.delete(id);
  for (const [token, t] of world.projectTokens)
    if (t.projectId === project.id) world.projectTokens.delete(token);
  world.projects.delete(project.id);
}

export const projectQueries = {
  project(args: Args, ctx: RequestContext) {
    return projectView(ctx.world, getProject(ctx, requiredString(args, "id")));
  },

  projects(args: Args, ctx: RequestContext) {
    requireSignedIn(ctx);
    const workspaceId = optionalString(args, "workspaceId");
    if (workspaceId !== undefined) {
      if (!ctx.world.workspaces.has(workspaceId)) throw notFound("Workspace");
      if (!canSeeWorkspace(ctx.world, ctx.grant, workspaceId)) throw notAuthorized();
    }
    const list = [...ctx.world.projects.values()]
      .filter((p) => workspaceId === undefined || p.workspaceId === workspaceId)
      .filter((p) => canSeeProject(ctx.world, ctx.grant, p))
      .map((p) => projectView(ctx.world, p));
    return connection(list, args, (p) => p.id);
  },
};

export const projectMutations = {
  projectCreate(args: Args, ctx: RequestContext) {
    forbidProjectToken(ctx);
    const input = inputObject(args);
    const world = ctx.world;
    const workspaceId = chooseWorkspace(ctx, optionalString(input, "workspaceId"));
    const now = world.now();
    const project: ProjectRecord = {
      id: newId(),
      name: optionalString(input, "name")?.trim() || generatedName(),
      description: optionalString(input, "description") ?? null,
      workspaceId,
      isPublic: optionalBoolean(input, "isPublic") ?? false,
      prDeploys: optionalBoolean(input, "prDeploys") ?? false,
      baseEnvironmentId: null,
      botPrEnvironments: false,
      focusedPrEnvironments: false,
      createdAt: now,
      updatedAt: now,
    };
    world.projects.set(project.id, project);
    const environment = newEnvironment(
      world,
      project.id,
      optionalString(input, "defaultEnvironmentName") || "production",
    );
    const repo = optionalObject(input, "repo");
    if (repo) {
      // Inferred: connecting a repo at creation makes a repo-sourced service with a server-chosen name.
      createService(ctx, project, {
        repo: requiredString(repo, "fullRepoName"),
        branch: requiredString(repo, "branch"),
      });
    }
    recordWrite(ctx, { field: "projectCreate", projectId: project.id, environmentId: environment.id });
    return projectView(world, project);
  },

  projectUpdate(args: Args, ctx: RequestContext) {
    forbidProjectToken(ctx);
    const project = getProject(ctx, requiredString(args, "id"));
    const input = inputObject(args);
    const name = optionalString(input, "name");
    if (name !== undefined) {
      if (name.trim() === "") throw invalidInput("Project name cannot be empty");
      project.name = name;
    }
    if ("description" in input) project.description = optionalString(input, "description") ?? null;
    for (const key of ["isPublic", "prDeploys", "botPrEnvironments", "focusedPrEnvironments"] as const) {
      const value = optionalBoolean(input, key);
      if (value !== undefined) project[key] = value;
    }
    if ("baseEnvironmentId" in input) {
      const id = optionalString(input, "baseEnvironmentId") ?? null;
      if (id !== null && ctx.world.environments.get(id)?.projectId !== project.id)
        throw notFound("Environment");
      project.baseEnvironmentId = id;
    }
    project.updatedAt = ctx.world.now();
    recordWrite(ctx, { field: "projectUpdate", projectId: project.id });
    return projectView(ctx.world, project);
  },

  projectDelete(args: Args, ctx: RequestContext) {
    forbidProjectToken(ctx);
    const project = getProject(ctx, requiredString(args, "id"));
    const environmentIds = ctx.world.environmentsOf(project.id).map((e) => e.id);
    deleteProject(ctx.world, project);
    recordWrite(ctx, { field: "projectDelete", projectId: project.id, environmentIds });
    return true;
  },
};
