// The emulator's public interface. Other parts of the project (client, providers, tests) depend on
// exactly these shapes, so additions are fine and changes are not.

export type ClockOptions =
  | { mode: "manual"; startAt?: number }
  | { mode: "perRequest"; stepMs?: number; startAt?: number }
  | { mode: "realtime"; speed?: number; startAt?: number };

export interface RateLimitOptions {
  perHour: number;
  perSecond: number;
  edgePerSecond: number;
  /** Wall clock used for the budgets, in ms since epoch (tests inject a fixed one). Default Date.now. */
  now?: () => number;
}

export interface EmulatorOptions {
  port?: number;
  clock?: ClockOptions;
  rateLimits?: RateLimitOptions | false;
  seedDefaults?: boolean;
  /** Start from a world saved by `exportWorld()` (its users, tokens, projects, deployments). */
  world?: string;
  /**
   * Run deployments as real processes on this machine instead of on the simulated clock: a service whose
   * repository is mapped to a folder here runs its start command there; a service from a `redis` image
   * runs Debian's redis-server. Every other deployment stays simulated. Unset: all simulated.
   */
  realDeployments?: RealDeploymentOptions;
}

export interface RealDeploymentOptions {
  /** GitHub repository ("owner/name") → the local folder that holds its checkout. */
  repos: Record<string, string>;
  /** Seconds between SIGTERM and SIGKILL when a deployment's process is stopped (default 5). */
  stopGraceSeconds?: number;
}

/** A real deployment's process, as `processes.list()` shows it. */
export interface RunningProcess {
  deploymentId: string;
  serviceName: string;
  environmentId: string;
  environmentName: string;
  status: string;
  pid: number;
  /** The 127.0.0.1 port it listens on ($PORT, or Redis's), standing in for its private and public domains. */
  port: number | null;
  /** `<service>.railway.internal`, which its neighbours' processes resolve to that port. */
  privateDomain: string;
}

/** One line a real deployment's process printed, as it prints it. */
export interface ProcessLogLine {
  deploymentId: string;
  serviceName: string;
  environmentName: string;
  message: string;
  severity: "info" | "error";
}

export interface RepoProfile {
  defaultBranch?: string;
  branches?: string[];
  dockerfile?: boolean;
  defaultCommand?: string;
  servesPaths?: string[];
  celeryApp?: string;
  private?: boolean;
}

export type FaultKind = "429" | "500" | "502" | "503" | "reset" | "timeout" | "dropResponse" | "graphqlError";

export interface Fault {
  field: string;
  nth?: number;
  times?: number;
  kind: FaultKind;
  retryAfterSeconds?: number;
  message?: string;
}

export interface WriteRecord {
  field: string;
  projectId?: string;
  environmentId?: string;
  /** Every environment the write was attributed to (serviceCreate can touch several). */
  environmentIds?: string[];
  /** The service a per-service write (variables, deploy) was about, so tests can order writes per service. */
  serviceId?: string;
}

export interface DeploymentRecordMetric {
  id: string;
  serviceId: string;
  serviceName: string;
  environmentId: string;
  environmentName: string;
  cause: string;
}

export interface Metrics {
  requests: Record<string, number>;
  requestsByOperationName: Record<string, number>;
  totalRequests: number;
  rateLimited: number;
  writes: WriteRecord[];
  writesByEnvironment: Record<string, number>;
  deployments: DeploymentRecordMetric[];
  deploymentsByService: Record<string, number>;
}

export interface SimulateRequestInput {
  environmentId: string;
  serviceName: string;
  projectRef?: string;
}

export interface SimulatedRequest {
  taskId: string;
  projectRef: string;
  submitted: boolean;
  /** Name of the worker service that received the task, when one did. */
  receivedBy?: string;
}

export interface GraphQLResponseBody {
  data?: unknown;
  errors?: unknown[];
}

export interface Emulator {
  url: string;
  adminUrl: string;
  defaults: { userId: string; accountToken: string; workspaceId: string };
  close(): Promise<void>;
  seed: {
    user(email?: string): { userId: string; accountToken: string };
    workspace(name: string, ownerUserId: string): { workspaceId: string; workspaceToken: string };
    projectToken(projectId: string, environmentId: string): string;
    repo(fullName: string, profile?: RepoProfile): void;
    externalRedis(host: string, options: { tls: boolean; password?: string }): void;
  };
  faults: { inject(fault: Fault): void; clear(): void };
  latency(ms: number, field?: string): void;
  clock: { now(): number; advance(ms: number): void };
  metrics(): Metrics;
  resetMetrics(): void;
  /** The whole world as JSON text, for `EmulatorOptions.world`. */
  exportWorld(): string;
  dashboard(query: string, variables?: Record<string, unknown>): Promise<GraphQLResponseBody>;
  simulateRequest(input: SimulateRequestInput): SimulatedRequest;
  /** Real deployments' processes (EmulatorOptions.realDeployments); empty and silent without it. */
  processes: {
    list(): RunningProcess[];
    /** Calls `listener` with every line they print; returns the unsubscribe. */
    onLine(listener: (line: ProcessLogLine) => void): () => void;
  };
}
