import { DomainError, notFound } from "../graphql/errors.ts";
import { commitDocument } from "../model/commit.ts";
import { readDocument } from "../model/config-document.ts";
import { generateDomain, rememberDomain } from "../model/domains.ts";
import { newId } from "../model/ids.ts";
import { serviceDomainsOf } from "../model/instance-config.ts";
import { clone, isJsonObject, type JsonObject, objectAt } from "../model/json.ts";
import type { EnvironmentRecord } from "../model/records.ts";
import type { World } from "../model/world.ts";
import { canSeeEnvironment, forbidProjectToken, getEnvironment, getProject } from "./access.ts";
import { type Args, inputObject, optionalBoolean, optionalString, requiredString } from "./args.ts";
import { connection } from "./connection.ts";
import { type RequestContext, recordWrite } from "./context.ts";
import { newEnvironment } from "./projects.ts";
import { environmentView } from "./views/environment.ts";

// Environments (docs/railway-api-notes.md, "Projects, environments and services"): empty by default, or a
// copy of a source environment that is committed and deployed as one batch, or left staged.

function withoutSealed(variables: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [name, entry] of Object.entries(variables)) {
    if (isJsonObject(entry) && entry.isSealed !== true) out[name] = clone(entry);
  }
  return out;
}

/**
 * The source's config as a patch for the copy: every instance (isCreated), its settings and variables except
 * sealed ones (not copied: docs/railway-api-notes.md, "Variables"), shared variables; Railway domains are
 * regenerated for the copy, since a domain belongs to one environment.
 */
function copyPatch(world: World, source: EnvironmentRecord, target: EnvironmentRecord): JsonObject {
  const services: JsonObject = {};
  for (const [serviceId, instance] of source.instances) {
    const entry = clone(instance.config);
    entry.variables = withoutSealed(objectAt(instance.config, "variables"));
    const domains = serviceDomainsOf(instance.config);
    if (domains.length > 0) {
      const service = world.services.get(serviceId);
      const networking = objectAt(entry, "networking");
      const fresh: JsonObject = {};
      for (const d of domains) {
        const domain = generateDomain(world, service?.name ?? "service", target.name);
        fresh[domain] = d.port === null ? {} : { port: d.port };
        rememberDomain(world, target, domain);
      }
      networking.serviceDomains = fresh;
      entry.networking = networking;
    }
    services[serviceId] = { ...entry, isCreated: true };
  }
  return { services, sharedVariables: withoutSealed(source.sharedVariables) };
}

function stripDirectives(patch: JsonObject): JsonObject {
  const services: JsonObject = {};
  for (const [id, entry] of Object.entries(objectAt(patch, "services"))) {
    if (!isJsonObject(entry)) continue;
    const { isCreated: _c, isDeleted: _d, ...rest } = entry;
    services[id] = rest;
  }
  return { ...patch, services };
}

export const environmentQueries = {
  environment(args: Args, ctx: RequestContext) {
    const environment = getEnvironment(ctx, requiredString(args, "id"));
    const projectId = optionalString(args, "projectId");
    if (projectId !== undefined && projectId !== environment.projectId) throw notFound("Environment");
    return environmentView(ctx.world, environment);
  },

  environments(args: Args, ctx: RequestContext) {
    const project = getProject(ctx, requiredString(args, "projectId"));
    let list = ctx.world.environmentsOf(project.id).filter((e) => canSeeEnvironment(ctx.world, ctx.grant, e));
    const ephemeral = optionalBoolean(args, "isEphemeral");
    if (ephemeral !== undefined) list = list.filter((e) => e.isEphemeral === ephemeral);
    return connection(
      list.map((e) => environmentView(ctx.world, e)),
      args,
      (e) => e.id,
    );
  },
};

export const environmentMutations = {
  environmentCreate(args: Args, ctx: RequestContext) {
    forbidProjectToken(ctx);
    const input = inputObject(args);
    const world = ctx.world;
    const project = getProject(ctx, requiredString(input, "projectId"));
    const name = requiredString(input, "name").trim();
    if (name === "") throw new DomainError("Environment name cannot be empty");
    if (world.environmentsOf(project.id).some((e) => e.name === name)) {
      throw new DomainError(`Environment with name ${name} already exists`);
    }
    const sourceId = optionalString(input, "sourceEnvironmentId");
    const source = sourceId === undefined ? undefined : getEnvironment(ctx, sourceId);
    if (source && source.projectId !== project.id) throw notFound("Environment");
    const environment = newEnvironment(world, project.id, name, {
      isEphemeral: optionalBoolean(input, "ephemeral") ?? false,
      sourceEnvironmentId: source?.id ?? null,
    });
    if (source) {
      const patch = copyPatch(world, source, environment);
      if (optionalBoolean(input, "stageInitialChanges") === true) {
        const now = world.now();
        environment.staged = {
          id: newId(),
          environmentId: environment.id,
          patch,
          message: null,
          status: "STAGED",
          createdAt: now,
          updatedAt: now,
          appliedAt: null,
        };
      } else {
        const doc = { ...readDocument(environment), ...stripDirectives(patch) };
        commitDocument(world, environment, doc, {
          deploy: optionalBoolean(input, "skipInitialDeploys") !== true,
          cause: "environmentCreate",
          recordMetrics: ctx.recordMetrics,
          serviceReferrers: true,
          ordered: true,
        });
      }
    }
    recordWrite(ctx, { field: "environmentCreate", projectId: project.id, environmentId: environment.id });
    return environmentView(world, environment);
  },

  environmentDelete(args: Args, ctx: RequestContext) {
    forbidProjectToken(ctx);
    const environment = getEnvironment(ctx, requiredString(args, "id"));
    const world = ctx.world;
    for (const [id, d] of world.deployments)
      if (d.environmentId === environment.id) world.deployments.delete(id);
    world.environments.delete(environment.id);
    const project = world.projects.get(environment.projectId);
    if (project?.baseEnvironmentId === environment.id) project.baseEnvironmentId = null;
    recordWrite(ctx, {
      field: "environmentDelete",
      projectId: environment.projectId,
      environmentId: environment.id,
    });
    return true;
  },

  environmentRename(args: Args, ctx: RequestContext) {
    forbidProjectToken(ctx);
    const environment = getEnvironment(ctx, requiredString(args, "id"));
    const name = requiredString(inputObject(args), "name").trim();
    if (name === "") throw new DomainError("Environment name cannot be empty");
    if (
      ctx.world.environmentsOf(environment.projectId).some((e) => e.name === name && e.id !== environment.id)
    ) {
      throw new DomainError(`Environment with name ${name} already exists`);
    }
    environment.name = name;
    environment.updatedAt = ctx.world.now();
    recordWrite(ctx, {
      field: "environmentRename",
      projectId: environment.projectId,
      environmentId: environment.id,
    });
    return environmentView(ctx.world, environment);
  },
};
