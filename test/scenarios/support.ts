import type { Emulator, Metrics } from "../../emulator/index.ts";
import { TestStack, type TestStackOptions } from "../engine/driver.ts";

/** Secret values used by the stacks under test; no file, log, error or state may contain them. */
export const SECRETS = {
  geminiApiKey: "gemini-secret-key-5d1e2c",
  redisPassword: "redis-secret-password-7f3a9b",
  databaseUrl: "postgresql://omnidoc:db-secret-pw-42@db.example.com:5432/omnidoc",
};

/** Production's config, as Pulumi.prod.yaml plus the secrets a person sets with --secret. */
export function productionConfig(
  overrides: Record<string, string | { value: string; secret: true }> = {},
): TestStackOptions["config"] {
  return {
    projectName: "omnidoc",
    environment: "production",
    repo: "omnidoc-app/omnidoc",
    branch: "main",
    workerConcurrency: "1",
    logLevel: "INFO",
    postgresMode: "external",
    geminiApiKey: { value: SECRETS.geminiApiKey, secret: true },
    redisPassword: { value: SECRETS.redisPassword, secret: true },
    databaseUrl: { value: SECRETS.databaseUrl, secret: true },
    ...overrides,
  };
}

/** Environment of the engine and provider processes: the emulator, its token, a fast poll. */
export function railwayEnv(emulator: Emulator, token = emulator.defaults.accountToken) {
  return { RAILWAY_API_URL: emulator.url, RAILWAY_API_TOKEN: token, RAILWAY_POLL_INTERVAL_MS: "10" };
}

export function productionStack(emulator: Emulator, options: Partial<TestStackOptions> = {}): TestStack {
  return new TestStack({
    stack: "prod",
    config: productionConfig(),
    env: railwayEnv(emulator),
    ...options,
  });
}

/** What changed in the emulator between two metric snapshots. */
export function delta(before: Metrics, after: Metrics) {
  const writes = after.writes.slice(before.writes.length);
  const deployments = after.deployments.slice(before.deployments.length);
  const requests = after.totalRequests - before.totalRequests;
  const byOperation: Record<string, number> = {};
  for (const [name, count] of Object.entries(after.requestsByOperationName)) {
    const change = count - (before.requestsByOperationName[name] ?? 0);
    if (change > 0) byOperation[name] = change;
  }
  return {
    requests,
    byOperation,
    writes,
    deployments: deployments
      .map((deployment) => `${deployment.environmentName}/${deployment.serviceName}`)
      .sort(),
  };
}

/** Every environment a write touched. */
export function writtenEnvironments(writes: Metrics["writes"]): string[] {
  const ids = new Set<string>();
  for (const write of writes) {
    const entry = write as Metrics["writes"][number] & { environmentIds?: string[] };
    if (entry.environmentId) ids.add(entry.environmentId);
    for (const id of entry.environmentIds ?? []) ids.add(id);
  }
  return [...ids];
}

/** The live EnvironmentConfig, read as the dashboard would (not counted in metrics). */
export async function liveConfig(emulator: Emulator, environmentId: string) {
  const result = (await emulator.dashboard(
    "query($id: String!) { environment(id: $id) { config(decryptVariables: true) } }",
    { id: environmentId },
  )) as { data?: { environment: { config: LiveConfig } }; errors?: unknown[] };
  if (!result.data) throw new Error(`dashboard read failed: ${JSON.stringify(result.errors)}`);
  return result.data.environment.config;
}

export interface LiveConfig {
  services: Record<
    string,
    {
      source?: Record<string, unknown>;
      build?: Record<string, unknown>;
      deploy?: Record<string, unknown>;
      variables?: Record<string, { value?: string } | null>;
    }
  >;
  sharedVariables: Record<string, { value?: string } | null>;
}

/** Runs a GraphQL document as a person in the dashboard would; throws on errors. */
export async function dashboard(emulator: Emulator, query: string, variables: Record<string, unknown> = {}) {
  const result = await emulator.dashboard(query, variables);
  if (result.errors && result.errors.length > 0)
    throw new Error(`dashboard: ${JSON.stringify(result.errors)}`);
  return result.data as Record<string, unknown>;
}

/** Commits a patch of an environment's config document as a person in the dashboard would. */
export async function dashboardCommit(
  emulator: Emulator,
  environmentId: string,
  patch: Record<string, unknown>,
) {
  await dashboard(
    emulator,
    "mutation($e: String!, $patch: EnvironmentConfig) { environmentPatchCommit(environmentId: $e, patch: $patch) }",
    { e: environmentId, patch },
  );
}

export interface StackIds {
  projectId: string;
  environmentId: string;
  serviceIds: Record<string, string>;
}

export function idsOf(outputs: Record<string, unknown>): StackIds {
  return {
    projectId: outputs.projectId as string,
    environmentId: outputs.environmentId as string,
    serviceIds: outputs.serviceIds as Record<string, string>,
  };
}
