import { type ChangeSummary, writeDocument } from "./config-document.ts";
import { type DeployTarget, deployBatch } from "./deploy.ts";
import { newId } from "./ids.ts";
import { rawVariables } from "./instance-config.ts";
import type { JsonObject } from "./json.ts";
import type { DeploymentRecord, EnvironmentRecord } from "./records.ts";
import { referencesIn } from "./variables.ts";
import type { World } from "./world.ts";

// Committing a new EnvironmentConfig and deploying what it affects (docs/railway-api-notes.md, "Staged
// changes and commits"): instances whose entry changed, plus instances whose variables reference a changed
// shared variable, plus (for patches) those referencing a changed variable of another service. Nothing
// changed → no deploy.

export interface CommitOptions {
  deploy: boolean;
  cause: string;
  recordMetrics: boolean;
  /** Also redeploy services that reference a changed variable of another service. */
  serviceReferrers: boolean;
  /** Deploy in reference order (patch commits, environment copies). */
  ordered: boolean;
  /** Recorded as a COMMITTED EnvironmentPatch when given. */
  patch?: JsonObject;
  message?: string | null;
}

export interface CommitOutcome {
  summary: ChangeSummary;
  deployments: DeploymentRecord[];
  patchId: string;
}

export function affectedServices(
  world: World,
  environment: EnvironmentRecord,
  summary: ChangeSummary,
  serviceReferrers: boolean,
): string[] {
  const out: string[] = [];
  for (const [serviceId, instance] of environment.instances) {
    if (summary.changedServices.has(serviceId)) {
      out.push(serviceId);
      continue;
    }
    const refs = Object.values(rawVariables(instance.config)).flatMap(referencesIn);
    const hit = refs.some((ref) => {
      if (ref.namespace === "shared") return summary.changedShared.has(ref.key);
      if (ref.namespace === null || !serviceReferrers) return false;
      const target = world.serviceByName(environment, ref.namespace);
      return target !== undefined && (summary.changedServiceVariables.get(target.id)?.has(ref.key) ?? false);
    });
    if (hit) out.push(serviceId);
  }
  return out;
}

export function commitDocument(
  world: World,
  environment: EnvironmentRecord,
  doc: JsonObject,
  options: CommitOptions,
): CommitOutcome {
  const summary = writeDocument(world, environment, doc);
  const patchId = newId();
  if (options.patch) {
    const now = world.now();
    world.patches.set(patchId, {
      id: patchId,
      environmentId: environment.id,
      patch: options.patch,
      message: options.message ?? null,
      status: "COMMITTED",
      createdAt: now,
      updatedAt: now,
      appliedAt: now,
    });
  }
  if (!options.deploy || !summary.changed) return { summary, deployments: [], patchId };
  const targets: DeployTarget[] = affectedServices(world, environment, summary, options.serviceReferrers).map(
    (serviceId) => ({
      serviceId,
    }),
  );
  const deployments = deployBatch(world, environment, targets, {
    cause: options.cause,
    recordMetrics: options.recordMetrics,
    ordered: options.ordered,
  });
  return { summary, deployments, patchId };
}
