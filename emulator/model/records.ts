import type { JsonObject } from "./json.ts";

// Plain state records. Times are virtual-clock ms; views turn them into ISO strings.

export interface UserRecord {
  id: string;
  email: string;
  name: string;
  createdAt: number;
}

export interface WorkspaceRecord {
  id: string;
  name: string;
  memberUserIds: string[];
  createdAt: number;
}

/** What a request's token allows. "dashboard" is the out-of-band person with full access. */
export type Grant =
  | { kind: "account"; userId: string }
  | { kind: "workspace"; workspaceId: string }
  | { kind: "project"; projectId: string; environmentId: string; tokenId: string }
  | { kind: "dashboard" }
  | { kind: "anonymous" };

export interface ProjectTokenRecord {
  id: string;
  token: string;
  name: string;
  projectId: string;
  environmentId: string;
  createdAt: number;
}

export interface ProjectRecord {
  id: string;
  name: string;
  description: string | null;
  workspaceId: string;
  isPublic: boolean;
  prDeploys: boolean;
  baseEnvironmentId: string | null;
  botPrEnvironments: boolean;
  focusedPrEnvironments: boolean;
  createdAt: number;
  updatedAt: number;
}

export interface ServiceRecord {
  id: string;
  projectId: string;
  name: string;
  icon: string | null;
  createdAt: number;
  updatedAt: number;
}

/** A service instance: the service's committed EnvironmentConfig entry in one environment. */
export interface InstanceRecord {
  id: string;
  serviceId: string;
  config: JsonObject;
  createdAt: number;
  updatedAt: number;
}

export interface DomainMeta {
  id: string;
  createdAt: number;
  updatedAt: number;
}

export interface PatchRecord {
  id: string;
  environmentId: string;
  patch: JsonObject;
  message: string | null;
  status: "STAGED" | "COMMITTED";
  createdAt: number;
  updatedAt: number;
  appliedAt: number | null;
}

export interface EnvironmentRecord {
  id: string;
  projectId: string;
  name: string;
  isEphemeral: boolean;
  sourceEnvironmentId: string | null;
  createdAt: number;
  updatedAt: number;
  instances: Map<string, InstanceRecord>;
  sharedVariables: JsonObject;
  /** Top-level config keys other than services/sharedVariables (volumes, buckets, ...), kept verbatim. */
  extraConfig: JsonObject;
  staged: PatchRecord | null;
  /** Domain name → stable id and times, for the networking.serviceDomains entries of the config. */
  domains: Map<string, DomainMeta>;
  /** Bumped on every committed change; configEtag is derived from it. */
  configVersion: number;
}

export type DeploymentStatus =
  | "QUEUED"
  | "BUILDING"
  | "DEPLOYING"
  | "SUCCESS"
  | "FAILED"
  | "CRASHED"
  | "REMOVED"
  | "REMOVING"
  | "SKIPPED"
  | "SLEEPING"
  | "WAITING"
  | "INITIALIZING"
  | "NEEDS_APPROVAL";

export interface LogLine {
  at: number;
  message: string;
  severity: "info" | "error";
  attributes?: Record<string, string>;
}

/** What a deployment was made from: settings and rendered variables at creation (replayed on redeploy). */
export interface DeploySnapshot {
  source: { repo?: string; branch?: string; image?: string; rootDirectory?: string; commitSha?: string };
  build: JsonObject;
  deploy: JsonObject;
  variables: Record<string, string>;
  publicDomain: string | null;
}

/** A broker a Celery worker is connected to, as host:port/db. */
export interface BrokerAddress {
  host: string;
  port: number;
  db: number;
}

export interface DeploymentPlan {
  startAt: number;
  statuses: Array<{ at: number; status: DeploymentStatus }>;
  buildLogs: LogLine[];
  deployLogs: LogLine[];
  /** When the container stops on its own (crash, failed healthcheck, failed build); null = runs on. */
  stopAt: number | null;
  /** When the deployment becomes SUCCESS, if it does. */
  successAt: number | null;
  /** A connected Celery worker consumes from this broker. */
  celeryBroker: BrokerAddress | null;
  /** The container answers HTTP (a web app). */
  servesHttp: boolean;
  /** A Redis server listens here, with this password (null = none required). */
  redis: { port: number; password: string | null } | null;
  /** Runtime lines relative to a container start, replayed by deploymentRestart. */
  runtimeLines: RelativeLine[];
  /** The process exits on its own after starting (a crash). */
  exits: boolean;
  /** Set when it runs as a real process (EmulatorOptions.realDeployments): the batch deployments it waits for. */
  real?: { waitFor: string[] };
}

export interface RelativeLine {
  offset: number;
  message: string;
  severity: "info" | "error";
}

export interface DeploymentRecord {
  id: string;
  projectId: string;
  environmentId: string;
  serviceId: string;
  serviceName: string;
  environmentName: string;
  cause: string;
  createdAt: number;
  snapshot: DeploySnapshot;
  plan: DeploymentPlan;
  cancelledAt: number | null;
  removedAt: number | null;
  /** Lines added later (restarts, simulated requests). */
  extraDeployLogs: LogLine[];
  containerId: string;
}
