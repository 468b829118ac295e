import { DomainError, notFound } from "../graphql/errors.ts";
import { commitDocument } from "../model/commit.ts";
import { applyPatch, readDocument } from "../model/config-document.ts";
import { rememberDomain } from "../model/domains.ts";
import { hexDigest, newId } from "../model/ids.ts";
import { serviceDomainsOf } from "../model/instance-config.ts";
import { isJsonObject, type JsonObject, mergePatches, toJson } from "../model/json.ts";
import type { EnvironmentRecord } from "../model/records.ts";
import { getEnvironment } from "./access.ts";
import { type Args, optionalBoolean, optionalString, requiredString } from "./args.ts";
import { connection } from "./connection.ts";
import { type RequestContext, recordWrite } from "./context.ts";
import { patchView } from "./views/environment.ts";

// The patch and staged-changes APIs (docs/railway-api-notes.md, "Staged changes and commits"): a commit
// deep-merges the patch and deploys what it affects as one batch ordered by references; staging stores a
// patch and deploys nothing.

function patchArgument(args: Args, key: string): JsonObject {
  const value = args[key];
  if (value === undefined || value === null) return {};
  let json: ReturnType<typeof toJson>;
  try {
    json = toJson(value, key);
  } catch (error) {
    throw new DomainError(error instanceof Error ? error.message : String(error));
  }
  if (!isJsonObject(json)) throw new DomainError(`${key} must be an EnvironmentConfig object`);
  return json;
}

/** Applies a patch as one commit; returns the commit's id. */
function commitPatch(
  ctx: RequestContext,
  environment: EnvironmentRecord,
  patch: JsonObject,
  options: { deploy: boolean; cause: string; message: string | null },
) {
  const doc = applyPatch(ctx.world, environment, readDocument(environment), patch);
  const outcome = commitDocument(ctx.world, environment, doc, {
    deploy: options.deploy,
    cause: options.cause,
    recordMetrics: ctx.recordMetrics,
    serviceReferrers: true,
    ordered: true,
    patch,
    message: options.message,
  });
  // Domains written through a patch get ids like the ones made by serviceDomainCreate.
  for (const instance of environment.instances.values()) {
    for (const d of serviceDomainsOf(instance.config))
      if (!environment.domains.has(d.domain)) rememberDomain(ctx.world, environment, d.domain);
  }
  return outcome;
}

export const patchQueries = {
  environmentStagedChanges(args: Args, ctx: RequestContext) {
    const environment = getEnvironment(ctx, requiredString(args, "environmentId"));
    if (environment.staged) return patchView(ctx.world, environment.staged);
    // Nothing staged: an empty placeholder, as the CLI expects (docs/railway-api-notes.md, "Staged changes
    // and commits").
    const now = ctx.world.now();
    return patchView(ctx.world, {
      id: hexDigest(`staged:${environment.id}`, 32),
      environmentId: environment.id,
      patch: {},
      message: null,
      status: "STAGED",
      createdAt: now,
      updatedAt: now,
      appliedAt: null,
    });
  },

  environmentPatch(args: Args, ctx: RequestContext) {
    const patch = ctx.world.patches.get(requiredString(args, "id"));
    if (!patch) throw notFound("EnvironmentPatch");
    getEnvironment(ctx, patch.environmentId);
    return patchView(ctx.world, patch);
  },

  environmentPatches(args: Args, ctx: RequestContext) {
    const environment = getEnvironment(ctx, requiredString(args, "environmentId"));
    const list = [...ctx.world.patches.values()]
      .filter((p) => p.environmentId === environment.id)
      .reverse()
      .map((p) => patchView(ctx.world, p));
    return connection(list, args, (p) => p.id);
  },
};

export const patchMutations = {
  environmentPatchCommit(args: Args, ctx: RequestContext) {
    const environment = getEnvironment(ctx, requiredString(args, "environmentId"));
    const patch = patchArgument(args, "patch");
    const outcome = commitPatch(ctx, environment, patch, {
      deploy: true,
      cause: "environmentPatchCommit",
      message: optionalString(args, "commitMessage") ?? null,
    });
    recordWrite(ctx, {
      field: "environmentPatchCommit",
      projectId: environment.projectId,
      environmentId: environment.id,
    });
    return outcome.patchId;
  },

  environmentStageChanges(args: Args, ctx: RequestContext) {
    const environment = getEnvironment(ctx, requiredString(args, "environmentId"));
    const input = patchArgument(args, "input");
    const existing = environment.staged;
    const patch =
      optionalBoolean(args, "merge") === true && existing ? mergePatches(existing.patch, input) : input;
    // Validate now (unknown service ids and the like) rather than at commit time.
    applyPatch(ctx.world, environment, readDocument(environment), patch);
    const now = ctx.world.now();
    environment.staged = {
      id: existing?.id ?? newId(),
      environmentId: environment.id,
      patch,
      message: null,
      status: "STAGED",
      createdAt: existing?.createdAt ?? now,
      updatedAt: now,
      appliedAt: null,
    };
    recordWrite(ctx, {
      field: "environmentStageChanges",
      projectId: environment.projectId,
      environmentId: environment.id,
    });
    return patchView(ctx.world, environment.staged);
  },

  environmentPatchCommitStaged(args: Args, ctx: RequestContext) {
    const environment = getEnvironment(ctx, requiredString(args, "environmentId"));
    const staged = environment.staged;
    const outcome = commitPatch(ctx, environment, staged?.patch ?? {}, {
      deploy: optionalBoolean(args, "skipDeploys") !== true,
      cause: "environmentPatchCommitStaged",
      message: optionalString(args, "commitMessage") ?? null,
    });
    environment.staged = null;
    const id = staged?.id ?? outcome.patchId;
    if (staged) {
      // The staged patch becomes the commit, under its own id.
      const committed = ctx.world.patches.get(outcome.patchId);
      ctx.world.patches.delete(outcome.patchId);
      if (committed) ctx.world.patches.set(id, { ...committed, id });
    }
    recordWrite(ctx, {
      field: "environmentPatchCommitStaged",
      projectId: environment.projectId,
      environmentId: environment.id,
    });
    return id;
  },
};
