import { DomainError, notFound } from "../graphql/errors.ts";
import { commitDocument } from "../model/commit.ts";
import { readDocument } from "../model/config-document.ts";
import { presentVariables } from "../model/instance-config.ts";
import { isJsonObject, type JsonObject, objectAt } from "../model/json.ts";
import type { EnvironmentRecord } from "../model/records.ts";
import { renderServiceVariables, renderSharedVariables } from "../model/variables.ts";
import { getEnvironment, getInstance } from "./access.ts";
import { type Args, inputObject, optionalBoolean, optionalString, requiredString } from "./args.ts";
import { type RequestContext, recordWrite } from "./context.ts";

// Variables (docs/railway-api-notes.md, "Variables"): service variables when serviceId is given, shared ones
// otherwise. A write deploys what it affects unless skipDeploys; variableDelete cannot skip.

interface Scope {
  environment: EnvironmentRecord;
  serviceId: string | null;
}

function scopeOf(args: Args, ctx: RequestContext): Scope {
  const environmentId = requiredString(args, "environmentId");
  const projectId = requiredString(args, "projectId");
  const serviceId = optionalString(args, "serviceId");
  if (serviceId !== undefined) {
    const ref = getInstance(ctx, environmentId, serviceId);
    if (ref.environment.projectId !== projectId) throw notFound("Environment");
    return { environment: ref.environment, serviceId: ref.service.id };
  }
  const environment = getEnvironment(ctx, environmentId);
  if (environment.projectId !== projectId) throw notFound("Environment");
  return { environment, serviceId: null };
}

function storedVariables(scope: Scope): JsonObject {
  if (scope.serviceId === null) return scope.environment.sharedVariables;
  return objectAt(scope.environment.instances.get(scope.serviceId)?.config ?? {}, "variables");
}

function plainValues(variables: JsonObject): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, entry] of Object.entries(presentVariables(variables, true))) {
    if (isJsonObject(entry) && typeof entry.value === "string") out[name] = entry.value;
  }
  return out;
}

/** Commits a new variable set for the scope and deploys the affected services unless told not to. */
function writeVariables(
  ctx: RequestContext,
  scope: Scope,
  field: string,
  deploy: boolean,
  change: (current: JsonObject) => JsonObject,
) {
  const doc = readDocument(scope.environment);
  if (scope.serviceId === null) {
    doc.sharedVariables = change(objectAt(doc, "sharedVariables"));
  } else {
    const services = objectAt(doc, "services");
    const entry = objectAt(services, scope.serviceId);
    entry.variables = change(objectAt(entry, "variables"));
    services[scope.serviceId] = entry;
    doc.services = services;
  }
  commitDocument(ctx.world, scope.environment, doc, {
    deploy,
    cause: field,
    recordMetrics: ctx.recordMetrics,
    serviceReferrers: false,
    ordered: false,
  });
  recordWrite(ctx, {
    field,
    projectId: scope.environment.projectId,
    environmentId: scope.environment.id,
    ...(scope.serviceId === null ? {} : { serviceId: scope.serviceId }),
  });
  return true;
}

function setValue(variables: JsonObject, name: string, value: string): void {
  if (name.trim() === "") throw new DomainError("Variable name cannot be empty");
  const existing = variables[name];
  variables[name] = isJsonObject(existing) ? { ...existing, value } : { value };
}

export const variableQueries = {
  variables(args: Args, ctx: RequestContext) {
    const scope = scopeOf(args, ctx);
    if (optionalBoolean(args, "unrendered") === true) return plainValues(storedVariables(scope));
    if (scope.serviceId === null) return renderSharedVariables(ctx.world, scope.environment);
    // Inferred: rendered service variables include the Railway-provided RAILWAY_* ones.
    return renderServiceVariables(ctx.world, scope.environment, scope.serviceId, {
      includeSealed: false,
      includeRailway: true,
    });
  },

  variablesForServiceDeployment(args: Args, ctx: RequestContext) {
    const scope = scopeOf(args, ctx);
    if (scope.serviceId === null) throw notFound("ServiceInstance");
    // Shared variables reach a deployment only through `${{shared.K}}` references (docs/railway-api-notes.md,
    // "Variables").
    return renderServiceVariables(ctx.world, scope.environment, scope.serviceId, {
      includeSealed: false,
      includeRailway: true,
    });
  },
};

export const variableMutations = {
  variableUpsert(args: Args, ctx: RequestContext) {
    const input = inputObject(args);
    const scope = scopeOf(input, ctx);
    const name = requiredString(input, "name");
    const value = requiredString(input, "value");
    return writeVariables(
      ctx,
      scope,
      "variableUpsert",
      optionalBoolean(input, "skipDeploys") !== true,
      (current) => {
        const next = { ...current };
        setValue(next, name, value);
        return next;
      },
    );
  },

  variableCollectionUpsert(args: Args, ctx: RequestContext) {
    const input = inputObject(args);
    const scope = scopeOf(input, ctx);
    const variables = input.variables;
    if (!isJsonObject(variables)) throw new DomainError("variables must be an object of strings");
    const replace = optionalBoolean(input, "replace") === true;
    return writeVariables(
      ctx,
      scope,
      "variableCollectionUpsert",
      optionalBoolean(input, "skipDeploys") !== true,
      (current) => {
        // replace: true removes every other variable of this service / shared set first
        // (docs/railway-api-notes.md, "Variables").
        const next: JsonObject = replace ? {} : { ...current };
        for (const [name, value] of Object.entries(variables)) {
          if (typeof value !== "string") throw new DomainError(`variables.${name} must be a string`);
          setValue(next, name, value);
        }
        return next;
      },
    );
  },

  variableDelete(args: Args, ctx: RequestContext) {
    const input = inputObject(args);
    const scope = scopeOf(input, ctx);
    const name = requiredString(input, "name");
    return writeVariables(ctx, scope, "variableDelete", true, (current) => {
      const next = { ...current };
      delete next[name];
      return next;
    });
  },
};
