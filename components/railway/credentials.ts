import { MissingTokenError } from "./errors.ts";

/**
 * How a token is sent. Railway has two headers (docs/railway-api-notes.md, "Tokens"): account and workspace tokens go in
 * `Authorization: Bearer`, project tokens in `Project-Access-Token` (never Bearer; there is no
 * `Team-Access-Token`). A project token reaches one environment of one project and cannot create
 * projects or environments.
 */
export type Credentials =
  | { kind: "bearer"; token: string; source: string }
  | { kind: "project"; token: string; source: string };

/** Where a token may come from, in the order Railway's CLI and this project read them. */
export interface CredentialSources {
  /** Stack config `railway:token` (a secret): an account or workspace token. */
  configToken?: string | undefined;
  /** Stack config `railway:projectToken` (a secret): a project token. */
  configProjectToken?: string | undefined;
  env?: Record<string, string | undefined>;
}

/**
 * Finds the token. Like the Railway CLI, `RAILWAY_TOKEN` (project token) wins over `RAILWAY_API_TOKEN`
 * when both are set; explicit stack config wins over both. A missing token is an error naming every source.
 */
export function resolveCredentials(sources: CredentialSources = {}): Credentials {
  const env = sources.env ?? process.env;
  const nonEmpty = (value: string | undefined) => (value?.trim() ? value.trim() : undefined);
  const configToken = nonEmpty(sources.configToken);
  if (configToken) return { kind: "bearer", token: configToken, source: "stack config railway:token" };
  const configProjectToken = nonEmpty(sources.configProjectToken);
  if (configProjectToken) {
    return { kind: "project", token: configProjectToken, source: "stack config railway:projectToken" };
  }
  const projectToken = nonEmpty(env.RAILWAY_TOKEN);
  if (projectToken) return { kind: "project", token: projectToken, source: "RAILWAY_TOKEN" };
  const apiToken = nonEmpty(env.RAILWAY_API_TOKEN);
  if (apiToken) return { kind: "bearer", token: apiToken, source: "RAILWAY_API_TOKEN" };
  throw new MissingTokenError("configToken" in sources || "configProjectToken" in sources);
}

/** The one header that carries the token. */
export function authorizationHeader(credentials: Credentials): Record<string, string> {
  return credentials.kind === "project"
    ? { "Project-Access-Token": credentials.token }
    : { Authorization: `Bearer ${credentials.token}` };
}
