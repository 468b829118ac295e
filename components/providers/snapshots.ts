import { ops, type RailwayClient } from "../railway/index.ts";

type ProjectSnapshot = Awaited<ReturnType<typeof readProject>>;
type EnvironmentSnapshot = Awaited<ReturnType<typeof readEnvironment>>;

function readProject(client: RailwayClient, id: string) {
  return client.run(ops.project, { id });
}

function readEnvironment(client: RailwayClient, id: string) {
  return client.run(ops.environmentSnapshot, { id });
}

interface Entry<T> {
  value: Promise<T>;
  at: number;
}

/**
 * One read per project and per environment, shared by every resource in this provider-host process:
 * a refresh of a whole stack costs one `Project` and one `EnvironmentSnapshot` request per environment,
 * not one request per field or variable (docs/railway-api-notes.md, "The environment config document"). Concurrent readers share the request in flight;
 * a write invalidates what it changed; entries expire quickly because a person may edit the dashboard.
 */
export class Snapshots {
  private readonly projects = new Map<string, Entry<ProjectSnapshot>>();
  private readonly environments = new Map<string, Entry<EnvironmentSnapshot>>();
  private readonly client: RailwayClient;
  private readonly ttlMs: number;

  constructor(client: RailwayClient, ttlMs = 5_000) {
    this.client = client;
    this.ttlMs = ttlMs;
  }

  project(id: string): Promise<ProjectSnapshot> {
    return this.cached(this.projects, id, () => readProject(this.client, id));
  }

  environment(id: string): Promise<EnvironmentSnapshot> {
    return this.cached(this.environments, id, () => readEnvironment(this.client, id));
  }

  invalidateProject(id: string): void {
    this.projects.delete(id);
  }

  invalidateEnvironment(id: string): void {
    this.environments.delete(id);
  }

  private cached<T>(map: Map<string, Entry<T>>, id: string, read: () => Promise<T>): Promise<T> {
    const entry = map.get(id);
    if (entry && Date.now() - entry.at < this.ttlMs) return entry.value;
    const value = read();
    map.set(id, { value, at: Date.now() });
    value.catch(() => {
      if (map.get(id)?.value === value) map.delete(id);
    });
    return value;
  }
}
