/**
 * The typed Railway client: documents, auth, retries, pacing, errors. Knows nothing of Pulumi; the
 * providers, the doctor and the scripts all reach Railway through it.
 */
import { RailwayClient, type RailwayClientOptions } from "./client.ts";
import { type CredentialSources, resolveCredentials } from "./credentials.ts";
import { railwayEndpoint } from "./endpoint.ts";

export type { Budget } from "./budget.ts";
export {
  type ClientEvent,
  processRequestCounter,
  RailwayClient,
  type RailwayClientOptions,
} from "./client.ts";
export { authorizationHeader, type Credentials, resolveCredentials } from "./credentials.ts";
export { RAILWAY_API_URL, railwayEndpoint, SOURCE_TAG } from "./endpoint.ts";
export * from "./environmentConfig.ts";
export * from "./errors.ts";
export { allProjects, projectsNamed } from "./lookups.ts";
export type { Operation, Safety } from "./operation.ts";
export type { LogLine } from "./operations/deployments.ts";
export * as ops from "./operations/index.ts";
export { maskUrlCredentials, redact as redactValues, withoutCredentials } from "./redact.ts";
export { RequestCounter } from "./requestCounter.ts";
export * from "./settingFields.ts";
export * from "./vocabulary.ts";

/** A client for the token and endpoint found in stack config and the environment. */
export function createRailwayClient(
  sources: CredentialSources = {},
  options: Partial<Omit<RailwayClientOptions, "credentials" | "endpoint">> = {},
): RailwayClient {
  return new RailwayClient({
    credentials: resolveCredentials(sources),
    endpoint: railwayEndpoint(sources.env ?? process.env),
    ...options,
  });
}
