import type { DeploymentRecord, DeploymentStatus, LogLine } from "./records.ts";
import type { World } from "./world.ts";

// Deployment status is never stored: it is computed from the deployment's plan and the virtual
// clock whenever it is read (QUEUED → BUILDING → DEPLOYING → SUCCESS / FAILED / CRASHED), then
// overlaid with what happened since: cancel, remove, or a newer SUCCESS of the same instance.

const RUNNING: ReadonlySet<DeploymentStatus> = new Set(["SUCCESS", "CRASHED", "SLEEPING"]);

/** When a newer deployment of the same instance became SUCCESS, replacing this one. */
export function supersededAt(world: World, deployment: DeploymentRecord): number | null {
  let at: number | null = null;
  let newer = false;
  for (const other of world.deploymentsOf(deployment.environmentId, deployment.serviceId)) {
    if (other.id === deployment.id) {
      newer = true;
      continue;
    }
    if (!newer || other.plan.successAt === null) continue;
    const interrupted = Math.min(other.cancelledAt ?? Infinity, other.removedAt ?? Infinity);
    if (interrupted <= other.plan.successAt) continue;
    at = at === null ? other.plan.successAt : Math.min(at, other.plan.successAt);
  }
  return at;
}

function planStatusAt(deployment: DeploymentRecord, t: number): { status: DeploymentStatus; since: number } {
  let current: { status: DeploymentStatus; since: number } = {
    status: "QUEUED",
    since: deployment.createdAt,
  };
  for (const step of deployment.plan.statuses) {
    if (step.at <= t) current = { status: step.status, since: step.at };
  }
  return current;
}

export function statusAt(
  world: World,
  deployment: DeploymentRecord,
  t: number,
): { status: DeploymentStatus; since: number } {
  const ended = Math.min(deployment.removedAt ?? Infinity, deployment.cancelledAt ?? Infinity);
  if (ended <= t) return { status: "REMOVED", since: ended };
  const base = planStatusAt(deployment, t);
  if (RUNNING.has(base.status)) {
    const replaced = supersededAt(world, deployment);
    if (replaced !== null && replaced <= t) return { status: "REMOVED", since: replaced };
  }
  return base;
}

/** When the container stops for good (or null while it runs on). */
export function stoppedAt(world: World, deployment: DeploymentRecord): number | null {
  const candidates = [
    deployment.plan.stopAt,
    deployment.cancelledAt,
    deployment.removedAt,
    supersededAt(world, deployment),
  ];
  const times = candidates.filter((c): c is number => c !== null);
  return times.length === 0 ? null : Math.min(...times);
}

/**
 * Running at `at`, or (with a grace window) about to be: used for whether a worker can reach a
 * Redis that is deploying in the same batch.
 */
export function isRunningBy(world: World, deployment: DeploymentRecord, at: number, graceMs = 0): boolean {
  const success = deployment.plan.successAt;
  if (success === null || success > at + graceMs) return false;
  const stop = stoppedAt(world, deployment);
  return stop === null || stop > Math.max(at, success);
}

export function buildLogLines(deployment: DeploymentRecord, now: number): LogLine[] {
  const cut = Math.min(deployment.cancelledAt ?? Infinity, now);
  return deployment.plan.buildLogs.filter((line) => line.at <= cut);
}

export function deployLogLines(world: World, deployment: DeploymentRecord, now: number): LogLine[] {
  const cut = Math.min(stoppedAt(world, deployment) ?? Infinity, now);
  const lines = [...deployment.plan.deployLogs, ...deployment.extraDeployLogs].filter(
    (line) => line.at <= cut,
  );
  return lines.sort((a, b) => a.at - b.at);
}
