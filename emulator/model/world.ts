import type { VirtualClock } from "../control/clock.ts";
import type { MetricsRecorder } from "../control/metrics.ts";
import type { RepoProfile } from "../types.ts";
import type {
  DeploymentRecord,
  EnvironmentRecord,
  Grant,
  PatchRecord,
  ProjectRecord,
  ProjectTokenRecord,
  ServiceRecord,
  UserRecord,
  WorkspaceRecord,
} from "./records.ts";

/** Runs deployments as real processes (EmulatorOptions.realDeployments). */
export interface RealRuntime {
  /** Whether a deployment of this source runs for real instead of on the simulated clock. */
  claims(source: DeploymentRecord["snapshot"]["source"]): boolean;
  /** deploymentRestart of a real deployment; false when it is not one. */
  restart(deployment: DeploymentRecord): boolean;
}

export interface ExternalRedis {
  tls: boolean;
  password?: string;
}

/** All emulated state, plus the clock and metrics every change is stamped and counted with. */
export class World {
  readonly users = new Map<string, UserRecord>();
  readonly workspaces = new Map<string, WorkspaceRecord>();
  /** Bearer tokens (account and workspace). */
  readonly bearerTokens = new Map<string, Grant>();
  readonly projectTokens = new Map<string, ProjectTokenRecord>();
  readonly projects = new Map<string, ProjectRecord>();
  readonly environments = new Map<string, EnvironmentRecord>();
  readonly services = new Map<string, ServiceRecord>();
  /** In creation order, which the "newest first" listings reverse. */
  readonly deployments = new Map<string, DeploymentRecord>();
  readonly patches = new Map<string, PatchRecord>();
  readonly repos = new Map<string, RepoProfile>();
  readonly externalRedis = new Map<string, ExternalRedis>();
  readonly clock: VirtualClock;
  readonly metrics: MetricsRecorder;
  /** Null: every deployment is simulated (the default). */
  realRuntime: RealRuntime | null = null;

  constructor(clock: VirtualClock, metrics: MetricsRecorder) {
    this.clock = clock;
    this.metrics = metrics;
  }

  now(): number {
    return this.clock.now();
  }

  environmentsOf(projectId: string): EnvironmentRecord[] {
    return [...this.environments.values()].filter((e) => e.projectId === projectId);
  }

  servicesOf(projectId: string): ServiceRecord[] {
    return [...this.services.values()].filter((s) => s.projectId === projectId);
  }

  deploymentsOf(environmentId: string, serviceId: string): DeploymentRecord[] {
    return [...this.deployments.values()].filter(
      (d) => d.environmentId === environmentId && d.serviceId === serviceId,
    );
  }

  latestDeployment(environmentId: string, serviceId: string): DeploymentRecord | undefined {
    return this.deploymentsOf(environmentId, serviceId).at(-1);
  }

  /** Service of this environment's project with exactly this name (reference namespaces are names). */
  serviceByName(environment: EnvironmentRecord, name: string): ServiceRecord | undefined {
    return this.servicesOf(environment.projectId).find(
      (s) => s.name === name && environment.instances.has(s.id),
    );
  }
}
