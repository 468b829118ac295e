import { ops, type RailwayClient } from "../railway/index.ts";
import { waiting } from "./activity.ts";

/** Statuses after which a deployment will not change by itself (docs/railway-api-notes.md, "Deployments"). */
export const SETTLED = new Set([
  "SUCCESS",
  "FAILED",
  "CRASHED",
  "REMOVED",
  "REMOVING",
  "SKIPPED",
  "SLEEPING",
]);

export function pollIntervalMs(): number {
  const configured = Number(process.env.RAILWAY_POLL_INTERVAL_MS);
  return configured > 0 ? configured : 3_000;
}

interface Watch {
  serviceId: string;
  deploymentId: string;
  deadline: number;
  resolve(status: string): void;
  reject(error: unknown): void;
}

type Instances = ReadonlyArray<{
  serviceId: string;
  latestDeployment: { id: string; status: string } | null;
}>;

/**
 * Waits for deployments with one request per tick for each environment, however many of its services
 * are deploying: every tick reads the latest deployment of every instance of the environment at once
 * (`EnvironmentDeployments`), and settles each watch whose deployment has settled. So the polls of an
 * `up` grow with how long deployments take, not with how many services deploy.
 */
export class DeploymentPoller {
  private readonly client: RailwayClient;
  private readonly watches = new Map<string, Watch[]>();
  private readonly running = new Set<string>();

  constructor(client: RailwayClient) {
    this.client = client;
  }

  /** Resolves with the deployment's status once settled, or the last status seen at the timeout. */
  settle(environmentId: string, serviceId: string, deploymentId: string, timeoutMs: number): Promise<string> {
    const settled = new Promise<string>((resolve, reject) => {
      const list = this.watches.get(environmentId) ?? [];
      list.push({ serviceId, deploymentId, deadline: Date.now() + timeoutMs, resolve, reject });
      this.watches.set(environmentId, list);
    });
    if (!this.running.has(environmentId)) void this.run(environmentId);
    return waiting(settled);
  }

  /** An answer read elsewhere (a commit's read-back): settles what it can without a request. */
  observe(environmentId: string, instances: Instances): void {
    void this.apply(environmentId, instances, false);
  }

  private async run(environmentId: string): Promise<void> {
    this.running.add(environmentId);
    try {
      while ((this.watches.get(environmentId)?.length ?? 0) > 0) {
        await new Promise((resolve) => setTimeout(resolve, pollIntervalMs()));
        let instances: Instances;
        try {
          instances = await this.client.run(ops.environmentDeployments, { id: environmentId });
        } catch (error) {
          for (const watch of this.watches.get(environmentId) ?? []) watch.reject(error);
          this.watches.delete(environmentId);
          return;
        }
        await this.apply(environmentId, instances, true);
      }
    } finally {
      this.running.delete(environmentId);
    }
  }

  private async apply(environmentId: string, instances: Instances, final: boolean): Promise<void> {
    const latest = new Map(instances.map((instance) => [instance.serviceId, instance.latestDeployment]));
    const done = new Set<Watch>();
    for (const watch of [...(this.watches.get(environmentId) ?? [])]) {
      const current = latest.get(watch.serviceId);
      let status: string | undefined;
      if (current?.id === watch.deploymentId) status = current.status;
      else if (final) {
        // A newer deployment replaced ours (someone deployed again): ask about ours directly.
        status = (await this.client.run(ops.deployment, { id: watch.deploymentId })).status;
      }
      if (status !== undefined && (SETTLED.has(status) || (final && Date.now() >= watch.deadline))) {
        watch.resolve(status);
        done.add(watch);
      }
    }
    // Watches added while this ran stay.
    const remaining = (this.watches.get(environmentId) ?? []).filter((watch) => !done.has(watch));
    if (remaining.length > 0) this.watches.set(environmentId, remaining);
    else this.watches.delete(environmentId);
  }
}
