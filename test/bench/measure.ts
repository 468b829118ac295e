/**
 * One bench measurement: what a run sent to the emulator (requests by operation, writes, deployments per
 * service) and how long it took, next to what its requests would cost one after another.
 */
import type { Emulator, Metrics } from "../../emulator/index.ts";

/** Reads made while waiting for deployments and verifying them: they grow with time, not with changes. */
export const POLL_OPERATIONS = ["EnvironmentDeployments", "Deployment", "DeploymentLogs", "BuildLogs"];

export interface Measurement {
  stack: string;
  scenario: string;
  ok: boolean;
  error?: string;
  requests: number;
  /** Requests other than polls. */
  beforePolls: number;
  polls: number;
  byOperation: Record<string, number>;
  writes: number;
  stages: number;
  commits: number;
  deployments: number;
  /** Deployments of each service, by `environment/service`. */
  deploymentsByService: Record<string, number>;
  /** Requests the emulator answered 429. */
  rateLimited: number;
  wallMs: number;
  latencyMs: number;
  /** requests × latency: what the run would cost with every request after the previous one. */
  serialMs: number;
}

/** Deployments between two metric snapshots, by `environment/service`. */
export function deploymentsSince(before: Metrics, after: Metrics): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const deployment of after.deployments.slice(before.deployments.length)) {
    const key = `${deployment.environmentName}/${deployment.serviceName}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

function difference(before: Metrics, after: Metrics) {
  const byOperation: Record<string, number> = {};
  for (const [name, count] of Object.entries(after.requestsByOperationName)) {
    const change = count - (before.requestsByOperationName[name] ?? 0);
    if (change > 0) byOperation[name] = change;
  }
  const deploymentsByService = deploymentsSince(before, after);
  const writes = after.writes.slice(before.writes.length);
  return {
    requests: after.totalRequests - before.totalRequests,
    byOperation,
    writes: writes.length,
    stages: writes.filter((write) => write.field === "environmentStageChanges").length,
    commits: writes.filter((write) => write.field.startsWith("environmentPatchCommit")).length,
    deployments: Object.values(deploymentsByService).reduce((sum, count) => sum + count, 0),
    deploymentsByService,
    rateLimited: after.rateLimited - before.rateLimited,
  };
}

export async function measure(
  emulator: Emulator,
  labels: { stack: string; scenario: string; latencyMs: number },
  run: () => Promise<{ errors: string[] }>,
): Promise<Measurement> {
  const before = emulator.metrics();
  const started = Date.now();
  const result = await run();
  const wallMs = Date.now() - started;
  const change = difference(before, emulator.metrics());
  const polls = POLL_OPERATIONS.reduce((sum, name) => sum + (change.byOperation[name] ?? 0), 0);
  return {
    ...labels,
    ok: result.errors.length === 0,
    ...(result.errors.length > 0 ? { error: result.errors.join("; ").slice(0, 600) } : {}),
    ...change,
    beforePolls: change.requests - polls,
    polls,
    wallMs,
    serialMs: change.requests * labels.latencyMs,
  };
}
