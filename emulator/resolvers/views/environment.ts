import { configEtag } from "../../model/config-document.ts";
import { hexDigest, iso } from "../../model/ids.ts";
import { branchOf, materializeEntry, presentVariables, sourceOf } from "../../model/instance-config.ts";
import { clone, countLeaves, isJsonObject, type JsonObject, objectAt } from "../../model/json.ts";
import type { EnvironmentRecord, PatchRecord } from "../../model/records.ts";
import type { World } from "../../model/world.ts";
import { canSeeEnvironment } from "../access.ts";
import type { Args } from "../args.ts";
import { connection, emptyConnection } from "../connection.ts";
import type { RequestContext } from "../context.ts";
import { deploymentView } from "./deployment.ts";
import { instanceView, serviceView } from "./service.ts";

/** `environment.config`: materialised defaults, sealed variables dropped, values masked unless decrypted. */
export function configView(world: World, environment: EnvironmentRecord, decrypt: boolean): JsonObject {
  const services: JsonObject = {};
  for (const [serviceId, instance] of environment.instances) {
    const entry = materializeEntry(world, instance.config);
    entry.variables = presentVariables(objectAt(instance.config, "variables"), decrypt);
    services[serviceId] = entry;
  }
  return {
    ...clone(environment.extraConfig),
    services,
    sharedVariables: presentVariables(environment.sharedVariables, decrypt),
  };
}

/** A patch as EnvironmentPatch.patch shows it: variable values masked unless decrypted. */
export function presentPatch(patch: JsonObject, decrypt: boolean): JsonObject {
  if (decrypt) return clone(patch);
  const out = clone(patch);
  const mask = (variables: JsonObject) => {
    for (const [name, entry] of Object.entries(variables)) {
      if (isJsonObject(entry) && entry.isSealed === true) delete variables[name];
      else if (isJsonObject(entry) && typeof entry.value === "string") entry.value = "********";
    }
  };
  if (isJsonObject(out.sharedVariables)) mask(out.sharedVariables);
  for (const entry of Object.values(objectAt(out, "services"))) {
    if (isJsonObject(entry) && isJsonObject(entry.variables)) mask(entry.variables);
  }
  return out;
}

export function patchView(world: World, patch: PatchRecord) {
  return {
    id: patch.id,
    environmentId: patch.environmentId,
    status: patch.status,
    message: patch.message,
    createdAt: iso(patch.createdAt),
    updatedAt: iso(patch.updatedAt),
    appliedAt: patch.appliedAt === null ? null : iso(patch.appliedAt),
    appliedBy: null,
    lastAppliedError: null,
    patch: (args: Args) => presentPatch(patch.patch, args.decryptVariables === true),
    environment: () => {
      const env = world.environments.get(patch.environmentId);
      return env ? environmentView(world, env) : null;
    },
  };
}

/**
 * The per-environment Git branch of each repo-connected instance (docs/railway-api-notes.md, "The environment
 * config document").
 */
function triggerViews(world: World, environment: EnvironmentRecord) {
  return [...environment.instances.values()].flatMap((instance) => {
    const source = sourceOf(instance.config);
    if (!source.repo) return [];
    return [
      {
        id: hexDigest(`trigger:${environment.id}:${instance.serviceId}`, 32).replace(
          /^(.{8})(.{4})(.{4})(.{4})(.{12})$/,
          "$1-$2-$3-$4-$5",
        ),
        serviceId: instance.serviceId,
        environmentId: environment.id,
        projectId: environment.projectId,
        branch: branchOf(world, instance.config) ?? "main",
        repository: source.repo,
        provider: "github",
        checkSuites: objectAt(instance.config, "source").checkSuites === true,
        validCheckSuites: 0,
        baseEnvironmentOverrideId: null,
      },
    ];
  });
}

function variableNodes(world: World, environment: EnvironmentRecord) {
  const node = (serviceId: string | null, name: string) => ({
    id: hexDigest(`variable:${environment.id}:${serviceId ?? "shared"}:${name}`, 32),
    name,
    serviceId,
    environmentId: environment.id,
    isSealed: false,
    references: [],
    createdAt: iso(environment.createdAt),
    updatedAt: iso(environment.updatedAt),
    environment: () => environmentView(world, environment),
    service: () => {
      const service = serviceId ? world.services.get(serviceId) : undefined;
      return service ? serviceView(world, service) : null;
    },
  });
  const shared = Object.keys(presentVariables(environment.sharedVariables, false)).map((name) =>
    node(null, name),
  );
  const perService = [...environment.instances.values()].flatMap((instance) =>
    Object.keys(presentVariables(objectAt(instance.config, "variables"), false)).map((name) =>
      node(instance.serviceId, name),
    ),
  );
  return [...shared, ...perService];
}

export function environmentView(world: World, environment: EnvironmentRecord) {
  return {
    id: environment.id,
    name: environment.name,
    projectId: environment.projectId,
    isEphemeral: environment.isEphemeral,
    createdAt: iso(environment.createdAt),
    updatedAt: iso(environment.updatedAt),
    deletedAt: null,
    canAccess: true,
    canvasGroupRefs: {},
    iacPartials: null,
    meta: null,
    unmergedChangesCount: environment.staged ? countLeaves(environment.staged.patch) : 0,
    configEtag: configEtag(environment),
    config: (args: Args) => configView(world, environment, args.decryptVariables === true),
    sourceEnvironment: (_args: Args, ctx: RequestContext) => {
      const source = environment.sourceEnvironmentId
        ? world.environments.get(environment.sourceEnvironmentId)
        : undefined;
      return source && canSeeEnvironment(world, ctx.grant, source) ? environmentView(world, source) : null;
    },
    serviceInstances: (args: Args) => {
      const nodes = [...environment.instances.values()].map((i) => instanceView(world, environment, i));
      return connection(nodes, args, (n) => n.id);
    },
    deploymentTriggers: (args: Args) => connection(triggerViews(world, environment), args, (t) => t.id),
    deployments: (args: Args) => {
      const nodes = [...world.deployments.values()]
        .filter((d) => d.environmentId === environment.id)
        .reverse()
        .map((d) => deploymentView(world, d));
      return connection(nodes, args, (n) => n.id);
    },
    variables: (args: Args) => connection(variableNodes(world, environment), args, (v) => v.id),
    volumeInstances: () => emptyConnection(),
  };
}

export { triggerViews };
