import { statusAt, stoppedAt } from "../../model/deployment-status.ts";
import { iso } from "../../model/ids.ts";
import { isJsonObject, numberAt } from "../../model/json.ts";
import type { DeploymentRecord, DeploymentStatus, LogLine } from "../../model/records.ts";
import type { World } from "../../model/world.ts";
import type { RequestContext } from "../context.ts";
import { environmentView } from "./environment.ts";
import { serviceView } from "./service.ts";

const INSTANCE_STATUS: Record<DeploymentStatus, string> = {
  QUEUED: "CREATED",
  WAITING: "CREATED",
  NEEDS_APPROVAL: "CREATED",
  INITIALIZING: "INITIALIZING",
  BUILDING: "CREATED",
  DEPLOYING: "INITIALIZING",
  SUCCESS: "RUNNING",
  SLEEPING: "STOPPED",
  CRASHED: "CRASHED",
  FAILED: "EXITED",
  REMOVING: "REMOVING",
  REMOVED: "REMOVED",
  SKIPPED: "SKIPPED",
};

/**
 * DeploymentMeta: what was deployed, as the TF provider and CLI read it (docs/railway-api-notes.md,
 * "Deployments").
 */
export function deploymentMeta(deployment: DeploymentRecord): Record<string, unknown> {
  const { source } = deployment.snapshot;
  const meta: Record<string, unknown> = {
    reason: deployment.cause,
    serviceManifest: { build: deployment.snapshot.build, deploy: deployment.snapshot.deploy },
  };
  if (source.repo) meta.repo = source.repo;
  if (source.branch) meta.branch = source.branch;
  if (source.commitSha) meta.commitHash = source.commitSha;
  if (source.image) meta.image = source.image;
  if (source.rootDirectory) meta.rootDirectory = source.rootDirectory;
  return meta;
}

function replicaCount(deployment: DeploymentRecord): number {
  const regions = deployment.snapshot.deploy.multiRegionConfig;
  if (!isJsonObject(regions)) return 1;
  const total = Object.values(regions).reduce<number>(
    (sum, r) => sum + (isJsonObject(r) ? (numberAt(r, "numReplicas") ?? 0) : 0),
    0,
  );
  return Math.max(1, total);
}

export function deploymentView(world: World, deployment: DeploymentRecord) {
  const current = () => statusAt(world, deployment, world.now());
  const domain = deployment.snapshot.publicDomain;
  return {
    id: deployment.id,
    createdAt: iso(deployment.createdAt),
    updatedAt: () => iso(Math.max(deployment.createdAt, current().since)),
    status: () => current().status,
    statusUpdatedAt: () => iso(current().since),
    serviceId: deployment.serviceId,
    environmentId: deployment.environmentId,
    projectId: deployment.projectId,
    meta: deploymentMeta(deployment),
    url: domain ? `https://${domain}` : null,
    staticUrl: domain,
    snapshotId: null,
    creator: null,
    diagnosis: null,
    sockets: [],
    suggestAddServiceDomain: false,
    canRedeploy: true,
    canRollback: () => deployment.plan.successAt !== null && current().status === "REMOVED",
    deploymentStopped: () => {
      const stop = stoppedAt(world, deployment);
      return stop !== null && stop <= world.now();
    },
    instances: () => {
      const status = INSTANCE_STATUS[current().status];
      return Array.from({ length: replicaCount(deployment) }, (_, i) => ({
        id: `${deployment.containerId}-${i}`,
        status,
      }));
    },
    environment: (_args: unknown, ctx: RequestContext) => {
      const env = ctx.world.environments.get(deployment.environmentId);
      return env ? environmentView(ctx.world, env) : null;
    },
    service: (_args: unknown, ctx: RequestContext) => {
      const service = ctx.world.services.get(deployment.serviceId);
      return service ? serviceView(ctx.world, service) : null;
    },
  };
}

/** Log.timestamp is RFC3339 with nanoseconds (docs/railway-api-notes.md, "Pagination and ids"). */
export function nanoTimestamp(ms: number): string {
  return iso(ms).replace(/\.(\d{3})Z$/, ".$1000000Z");
}

export function logView(deployment: DeploymentRecord, line: LogLine) {
  return {
    timestamp: nanoTimestamp(line.at),
    message: line.message,
    severity: line.severity,
    attributes: [
      { key: "level", value: line.severity },
      ...Object.entries(line.attributes ?? {}).map(([key, value]) => ({ key, value })),
    ],
    tags: {
      deploymentId: deployment.id,
      deploymentInstanceId: `${deployment.containerId}-0`,
      environmentId: deployment.environmentId,
      projectId: deployment.projectId,
      serviceId: deployment.serviceId,
      snapshotId: null,
      pluginId: null,
    },
  };
}
