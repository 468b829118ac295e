import { DomainError, invalidInput } from "../graphql/errors.ts";
import { readDocument, rewriteInstanceEntry, writeDocument } from "../model/config-document.ts";
import { deployBatch } from "../model/deploy.ts";
import { applyInstanceUpdate } from "../model/instance-config.ts";
import { isJsonObject, objectAt } from "../model/json.ts";
import type { EnvironmentRecord } from "../model/records.ts";
import {
  canSeeEnvironment,
  forbidProjectToken,
  getEnvironment,
  getInstance,
  getProject,
  getService,
} from "./access.ts";
import { type Args, inputObject, optionalObject, optionalString, requiredString } from "./args.ts";
import { type RequestContext, recordWrite } from "./context.ts";
import { checkRepoAccess, createService } from "./service-operations.ts";
import { instanceView, serviceView } from "./views/service.ts";

// Services and their per-environment instances (docs/railway-api-notes.md, "Projects, environments and
// services", "Service settings").

function stringRecord(value: unknown, what: string): Record<string, string> | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isJsonObject(value)) throw invalidInput(`${what} must be an object of strings`);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== "string") throw invalidInput(`${what}.${k} must be a string`);
    out[k] = v;
  }
  return out;
}

export const serviceQueries = {
  service(args: Args, ctx: RequestContext) {
    return serviceView(ctx.world, getService(ctx, requiredString(args, "id")));
  },

  serviceInstance(args: Args, ctx: RequestContext) {
    const ref = getInstance(ctx, requiredString(args, "environmentId"), requiredString(args, "serviceId"));
    return instanceView(ctx.world, ref.environment, ref.instance);
  },
};

export const serviceMutations = {
  serviceCreate(args: Args, ctx: RequestContext) {
    forbidProjectToken(ctx);
    const input = inputObject(args);
    const project = getProject(ctx, requiredString(input, "projectId"));
    const environmentId = optionalString(input, "environmentId");
    const environment = environmentId === undefined ? undefined : getEnvironment(ctx, environmentId);
    if (environment && environment.projectId !== project.id)
      throw invalidInput("Environment does not belong to the project");
    const source = optionalObject(input, "source");
    const credentials = optionalObject(input, "registryCredentials");
    const created = createService(ctx, project, {
      name: optionalString(input, "name"),
      icon: optionalString(input, "icon"),
      repo: source ? optionalString(source, "repo") : undefined,
      image: source ? optionalString(source, "image") : undefined,
      branch: optionalString(input, "branch"),
      variables: stringRecord(input.variables, "variables"),
      registryCredentials: credentials
        ? {
            username: requiredString(credentials, "username"),
            password: requiredString(credentials, "password"),
          }
        : undefined,
      environment,
    });
    recordWrite(ctx, {
      field: "serviceCreate",
      projectId: project.id,
      environmentId: environment?.id,
      environmentIds: created.environments.map((e) => e.id),
    });
    return serviceView(ctx.world, created.service);
  },

  serviceUpdate(args: Args, ctx: RequestContext) {
    forbidProjectToken(ctx);
    const service = getService(ctx, requiredString(args, "id"));
    const input = inputObject(args);
    const name = optionalString(input, "name");
    if (name !== undefined) {
      if (name.trim() === "") throw new DomainError("Service name cannot be empty");
      // A rename does not rewrite `${{Old.X}}` references elsewhere (docs/railway-api-notes.md, "Variable
      // references").
      service.name = name;
    }
    if ("icon" in input) service.icon = optionalString(input, "icon") ?? null;
    service.updatedAt = ctx.world.now();
    recordWrite(ctx, { field: "serviceUpdate", projectId: service.projectId });
    return serviceView(ctx.world, service);
  },

  serviceDelete(args: Args, ctx: RequestContext) {
    forbidProjectToken(ctx);
    const service = getService(ctx, requiredString(args, "id"));
    const environmentId = optionalString(args, "environmentId");
    const world = ctx.world;
    const environments =
      environmentId === undefined
        ? world.environmentsOf(service.projectId)
        : [getEnvironment(ctx, environmentId)];
    const touched: string[] = [];
    for (const environment of environments) {
      if (!environment.instances.has(service.id)) continue;
      const doc = readDocument(environment);
      const services = objectAt(doc, "services");
      delete services[service.id];
      doc.services = services;
      writeDocument(world, environment, doc);
      touched.push(environment.id);
    }
    if (environmentId === undefined) world.services.delete(service.id);
    recordWrite(ctx, {
      field: "serviceDelete",
      projectId: service.projectId,
      environmentId,
      environmentIds: touched,
    });
    return true;
  },

  serviceConnect(args: Args, ctx: RequestContext) {
    forbidProjectToken(ctx);
    const service = getService(ctx, requiredString(args, "id"));
    const input = inputObject(args);
    const repo = optionalString(input, "repo");
    const image = optionalString(input, "image");
    const branch = optionalString(input, "branch");
    if (!repo === !image) throw invalidInput("Provide exactly one of repo or image");
    if (repo) checkRepoAccess(ctx, repo);
    const touched: string[] = [];
    for (const environment of ctx.world.environmentsOf(service.projectId)) {
      if (!environment.instances.has(service.id)) continue;
      rewriteInstanceEntry(ctx.world, environment, service.id, (entry) => {
        const source = objectAt(entry, "source");
        delete source.repo;
        delete source.image;
        delete source.branch;
        if (repo) source.repo = repo;
        if (repo && branch) source.branch = branch;
        if (image) source.image = image;
        return { ...entry, source };
      });
      // Connecting starts a deploy of every instance (docs/railway-api-notes.md, "Projects, environments and
      // services"; inferred).
      deployBatch(ctx.world, environment, [{ serviceId: service.id }], {
        cause: "serviceConnect",
        recordMetrics: ctx.recordMetrics,
        ordered: false,
      });
      touched.push(environment.id);
    }
    recordWrite(ctx, { field: "serviceConnect", projectId: service.projectId, environmentIds: touched });
    return serviceView(ctx.world, service);
  },

  serviceDisconnect(args: Args, ctx: RequestContext) {
    forbidProjectToken(ctx);
    const service = getService(ctx, requiredString(args, "id"));
    const touched: string[] = [];
    for (const environment of ctx.world.environmentsOf(service.projectId)) {
      if (!environment.instances.has(service.id)) continue;
      rewriteInstanceEntry(ctx.world, environment, service.id, (entry) => {
        const source = objectAt(entry, "source");
        delete source.repo;
        delete source.image;
        delete source.branch;
        return { ...entry, source };
      });
      touched.push(environment.id);
    }
    recordWrite(ctx, { field: "serviceDisconnect", projectId: service.projectId, environmentIds: touched });
    return serviceView(ctx.world, service);
  },

  /**
   * Accepts every ServiceInstanceUpdateInput field and never deploys. Without environmentId it changes EVERY
   * environment's instance (docs/railway-api-notes.md, "Service settings"); a project token may not do that.
   */
  serviceInstanceUpdate(args: Args, ctx: RequestContext) {
    const input = inputObject(args);
    const environmentId = optionalString(args, "environmentId");
    const source = optionalObject(input, "source");
    const repo = source ? optionalString(source, "repo") : undefined;
    if (repo) checkRepoAccess(ctx, repo);
    let targets: EnvironmentRecord[];
    let serviceId: string;
    if (environmentId !== undefined) {
      const ref = getInstance(ctx, environmentId, requiredString(args, "serviceId"));
      targets = [ref.environment];
      serviceId = ref.service.id;
    } else {
      forbidProjectToken(ctx);
      const service = getService(ctx, requiredString(args, "serviceId"));
      serviceId = service.id;
      targets = ctx.world
        .environmentsOf(service.projectId)
        .filter((e) => e.instances.has(service.id) && canSeeEnvironment(ctx.world, ctx.grant, e));
    }
    for (const environment of targets)
      rewriteInstanceEntry(ctx.world, environment, serviceId, (entry) => applyInstanceUpdate(entry, input));
    const projectId = targets[0]?.projectId;
    recordWrite(ctx, {
      field: "serviceInstanceUpdate",
      projectId,
      environmentId,
      environmentIds: targets.map((e) => e.id),
    });
    return true;
  },
};
