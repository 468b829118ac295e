import { realPlan } from "../processes/real-plan.ts";
import { planDeployment } from "../runtime/plan-deployment.ts";
import { hexDigest, newId } from "./ids.ts";
import { branchOf, hasSource, materializeEntry, serviceDomainsOf, sourceOf } from "./instance-config.ts";
import { objectAt } from "./json.ts";
import type { DeploymentRecord, DeploySnapshot, EnvironmentRecord } from "./records.ts";
import { referencedServiceNames, renderServiceVariables } from "./variables.ts";
import type { World } from "./world.ts";

// Creating deployments (docs/railway-api-notes.md, "Staged changes and commits", "Deployments"). A deployment
// freezes the instance's current source, settings and rendered variables; redeploys replay an older snapshot
// instead.

export interface DeployTarget {
  serviceId: string;
  /** Replay this snapshot (serviceInstanceRedeploy, deploymentRedeploy) instead of the current state. */
  snapshot?: DeploySnapshot;
  commitSha?: string;
}

export interface BatchOptions {
  /** The root field that caused it, for metrics. */
  cause: string;
  recordMetrics: boolean;
  /**
   * Batches from patches and environment copies deploy in reference order (docs/railway-api-notes.md, "Staged
   * changes and commits").
   */
  ordered: boolean;
}

export function takeSnapshot(
  world: World,
  environment: EnvironmentRecord,
  serviceId: string,
  commitSha?: string,
): DeploySnapshot {
  const instance = environment.instances.get(serviceId);
  if (!instance) throw new Error(`no instance of ${serviceId} in ${environment.id}`);
  const config = materializeEntry(world, instance.config);
  const source = sourceOf(instance.config);
  const branch = branchOf(world, instance.config);
  const snapshotSource: DeploySnapshot["source"] = { ...source };
  if (branch) snapshotSource.branch = branch;
  if (source.repo) snapshotSource.commitSha = commitSha ?? hexDigest(`${source.repo}@${branch ?? ""}`, 40);
  return {
    source: snapshotSource,
    build: objectAt(config, "build"),
    deploy: objectAt(config, "deploy"),
    variables: renderServiceVariables(world, environment, serviceId, {
      includeSealed: true,
      includeRailway: true,
    }),
    publicDomain: serviceDomainsOf(instance.config)[0]?.domain ?? null,
  };
}

/** Dependencies first; services in a reference cycle deploy side by side. */
function referenceOrder(world: World, environment: EnvironmentRecord, ids: string[]): Map<string, string[]> {
  const deps = new Map<string, string[]>();
  for (const id of ids) {
    const names = referencedServiceNames(environment, id);
    const targets = ids.filter(
      (other) => other !== id && names.has(world.services.get(other)?.name ?? "\u0000"),
    );
    deps.set(id, targets);
  }
  const ordered = new Map<string, string[]>();
  let remaining = [...ids];
  while (remaining.length > 0) {
    const ready = remaining.filter((id) => (deps.get(id) ?? []).every((d) => ordered.has(d)));
    const next = ready.length > 0 ? ready : remaining;
    for (const id of next) ordered.set(id, ready.length > 0 ? (deps.get(id) ?? []) : []);
    remaining = remaining.filter((id) => !ordered.has(id));
  }
  return ordered;
}

export function deployBatch(
  world: World,
  environment: EnvironmentRecord,
  targets: DeployTarget[],
  options: BatchOptions,
): DeploymentRecord[] {
  const deployable = targets.filter((t) => {
    const instance = environment.instances.get(t.serviceId);
    return instance !== undefined && (t.snapshot !== undefined || hasSource(instance.config));
  });
  const byId = new Map(deployable.map((t) => [t.serviceId, t]));
  const order = options.ordered
    ? referenceOrder(world, environment, [...byId.keys()])
    : new Map([...byId.keys()].map((id) => [id, [] as string[]]));
  const created = new Map<string, DeploymentRecord>();
  const now = world.now();
  for (const [serviceId, deps] of order) {
    const target = byId.get(serviceId);
    const service = world.services.get(serviceId);
    if (!target || !service) continue;
    // A referrer waits until what it references is up (or has failed).
    const startAt = Math.max(
      now,
      ...deps.map((d) => {
        const plan = created.get(d)?.plan;
        return plan ? (plan.successAt ?? plan.stopAt ?? now) : now;
      }),
    );
    const id = newId();
    const snapshot = target.snapshot
      ? structuredClone(target.snapshot)
      : takeSnapshot(world, environment, serviceId, target.commitSha);
    const hostname = hexDigest(id, 12);
    const plan = world.realRuntime?.claims(snapshot.source)
      ? realPlan(
          now,
          startAt,
          deps.flatMap((d) => created.get(d)?.id ?? []),
        )
      : planDeployment({ world, environment, snapshot, createdAt: now, startAt, hostname });
    const record: DeploymentRecord = {
      id,
      projectId: environment.projectId,
      environmentId: environment.id,
      serviceId,
      serviceName: service.name,
      environmentName: environment.name,
      cause: options.cause,
      createdAt: now,
      snapshot,
      plan,
      cancelledAt: null,
      removedAt: null,
      extraDeployLogs: [],
      containerId: hostname,
    };
    world.deployments.set(id, record);
    created.set(serviceId, record);
    if (options.recordMetrics) {
      world.metrics.deployment({
        id,
        serviceId,
        serviceName: service.name,
        environmentId: environment.id,
        environmentName: environment.name,
        cause: options.cause,
      });
    }
  }
  return [...created.values()];
}
