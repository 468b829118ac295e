import { existsSync } from "node:fs";
import { join } from "node:path";
import { createRailwayClient, type RailwayClient } from "../railway/index.ts";
import { DeploymentPoller } from "./deploymentPoller.ts";
import { Snapshots } from "./snapshots.ts";

/** What the engine's Configure call gave the provider: stack config `railway:*` values (secrets unwrapped). */
export interface ProviderSettings {
  token?: string | undefined;
  projectToken?: string | undefined;
  apiUrl?: string | undefined;
}

/** Everything a provider method needs, built lazily in the provider-host process, never serialized. */
export interface ProviderContext {
  client: RailwayClient;
  snapshots: Snapshots;
  poller: DeploymentPoller;
}

let settings: ProviderSettings = {};
let context: ProviderContext | undefined;
let dotenvLoaded = false;

/** Called by the host once per provider kind with the stack's `railway:*` config. */
export function configureProviders(next: ProviderSettings): void {
  const changed = JSON.stringify(next) !== JSON.stringify(settings);
  settings = next;
  if (changed) context = undefined;
}

/**
 * The laptop flow: `dotenv` loaded by the program does not reach this process (the CLI starts it with the
 * CLI's own environment), so the provider reads the program directory's `.env` itself, without overriding
 * anything already set. CI sets real environment variables and has no `.env`.
 */
async function loadDotenvOnce(): Promise<void> {
  if (dotenvLoaded) return;
  dotenvLoaded = true;
  const path = join(process.cwd(), ".env");
  if (!existsSync(path)) return;
  const dotenv = await import("dotenv");
  dotenv.config({ path, quiet: true, override: false });
}

export async function providerContext(): Promise<ProviderContext> {
  if (context) return context;
  await loadDotenvOnce();
  const env = settings.apiUrl ? { ...process.env, RAILWAY_API_URL: settings.apiUrl } : process.env;
  const client = createRailwayClient({
    configToken: settings.token,
    configProjectToken: settings.projectToken,
    env,
  });
  context = { client, snapshots: new Snapshots(client), poller: new DeploymentPoller(client) };
  return context;
}
