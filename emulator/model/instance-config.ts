import {
  clone,
  isJsonObject,
  type Json,
  type JsonObject,
  numberAt,
  objectAt,
  stringAt,
  toJson,
} from "./json.ts";
import { repoProfile } from "./repos.ts";
import type { World } from "./world.ts";

// One service instance's settings live in its EnvironmentConfig entry (docs/railway-api-notes.md, "The
// environment config document"). The object API (ServiceInstance, serviceInstanceUpdate) reads and writes the
// same entry through these helpers.

export const MASKED_VALUE = "********";
export const DEFAULT_REGION = "us-west2";

export interface InstanceSource {
  repo?: string;
  branch?: string;
  image?: string;
  rootDirectory?: string;
}

export function sourceOf(config: JsonObject): InstanceSource {
  const source = objectAt(config, "source");
  const out: InstanceSource = {};
  const repo = stringAt(source, "repo");
  const branch = stringAt(source, "branch");
  const image = stringAt(source, "image");
  const rootDirectory = stringAt(source, "rootDirectory");
  if (repo) out.repo = repo;
  if (branch) out.branch = branch;
  if (image) out.image = image;
  if (rootDirectory) out.rootDirectory = rootDirectory;
  return out;
}

export function hasSource(config: JsonObject): boolean {
  const source = sourceOf(config);
  return source.repo !== undefined || source.image !== undefined;
}

/** The deploy branch: the configured one, else the repo's default branch (read-side default). */
export function branchOf(world: World, config: JsonObject): string | undefined {
  const source = sourceOf(config);
  if (!source.repo) return undefined;
  return source.branch ?? repoProfile(world, source.repo).defaultBranch;
}

export function numReplicasOf(config: JsonObject): number {
  const deploy = objectAt(config, "deploy");
  const regions = deploy.multiRegionConfig;
  if (isJsonObject(regions)) {
    return Object.values(regions).reduce<number>(
      (sum, r) => sum + (isJsonObject(r) ? (numberAt(r, "numReplicas") ?? 0) : 0),
      0,
    );
  }
  return numberAt(deploy, "numReplicas") ?? 1;
}

export function multiRegionOf(config: JsonObject): JsonObject {
  const deploy = objectAt(config, "deploy");
  const regions = deploy.multiRegionConfig;
  if (isJsonObject(regions)) return clone(regions);
  return { [DEFAULT_REGION]: { numReplicas: numberAt(deploy, "numReplicas") ?? 1 } };
}

export function regionOf(config: JsonObject): string {
  return Object.keys(multiRegionOf(config))[0] ?? DEFAULT_REGION;
}

/**
 * The GraphQL Builder enum has no DOCKERFILE (docs/railway-api-notes.md, "The environment config document"):
 * anything else reads as RAILPACK.
 */
export function builderEnumOf(config: JsonObject): "RAILPACK" | "NIXPACKS" | "HEROKU" | "PAKETO" {
  const builder = stringAt(objectAt(config, "build"), "builder");
  if (builder === "NIXPACKS" || builder === "HEROKU" || builder === "PAKETO") return builder;
  return "RAILPACK";
}

/** The entry as `environment.config` shows it: Railway materialises these defaults on read. */
export function materializeEntry(world: World, config: JsonObject): JsonObject {
  const out = clone(config);
  if (isJsonObject(out.source)) {
    const branch = branchOf(world, config);
    if (branch) out.source.branch = branch;
  }
  const build = objectAt(out, "build");
  build.builder = stringAt(build, "builder") ?? "RAILPACK";
  out.build = build;
  const deploy = objectAt(out, "deploy");
  deploy.restartPolicyType = stringAt(deploy, "restartPolicyType") ?? "ON_FAILURE";
  deploy.restartPolicyMaxRetries = numberAt(deploy, "restartPolicyMaxRetries") ?? 10;
  deploy.multiRegionConfig = multiRegionOf(config);
  if (isJsonObject(deploy.registryCredentials)) {
    // Write-only: reads back masked (docs/railway-api-notes.md, "The environment config document").
    deploy.registryCredentials = { username: deploy.registryCredentials.username ?? "", password: "*****" };
  }
  out.deploy = deploy;
  return out;
}

/** Variables as the API returns them: sealed ones never, values masked unless decrypted. */
export function presentVariables(variables: JsonObject, decrypt: boolean): JsonObject {
  const out: JsonObject = {};
  for (const [name, entry] of Object.entries(variables)) {
    if (!isJsonObject(entry) || entry.isSealed === true) continue;
    out[name] = decrypt ? clone(entry) : { ...clone(entry), value: MASKED_VALUE };
  }
  return out;
}

type Section = "build" | "deploy" | "source" | null;

/** ServiceInstanceUpdateInput field → where it lives in the config entry. */
const UPDATE_PATHS: Record<string, [Section, string]> = {
  buildCommand: ["build", "buildCommand"],
  builder: ["build", "builder"],
  dockerfilePath: ["build", "dockerfilePath"],
  nixpacksPlan: ["build", "nixpacksPlan"],
  watchPatterns: ["build", "watchPatterns"],
  cronSchedule: ["deploy", "cronSchedule"],
  drainingSeconds: ["deploy", "drainingSeconds"],
  healthcheckPath: ["deploy", "healthcheckPath"],
  healthcheckTimeout: ["deploy", "healthcheckTimeout"],
  ipv6EgressEnabled: ["deploy", "ipv6EgressEnabled"],
  multiRegionConfig: ["deploy", "multiRegionConfig"],
  overlapSeconds: ["deploy", "overlapSeconds"],
  preDeployCommand: ["deploy", "preDeployCommand"],
  preDeployTimeoutSeconds: ["deploy", "preDeployTimeoutSeconds"],
  registryCredentials: ["deploy", "registryCredentials"],
  restartPolicyMaxRetries: ["deploy", "restartPolicyMaxRetries"],
  restartPolicyType: ["deploy", "restartPolicyType"],
  sleepApplication: ["deploy", "sleepApplication"],
  startCommand: ["deploy", "startCommand"],
  rootDirectory: ["source", "rootDirectory"],
  railwayConfigFile: [null, "configFile"],
};

function setAt(entry: JsonObject, section: Section, key: string, value: Json | undefined): void {
  const target = section === null ? entry : objectAt(entry, section);
  if (value === null || value === undefined) delete target[key];
  else target[key] = value;
  if (section !== null) entry[section] = target;
}

/**
 * serviceInstanceUpdate on one entry. Omitted fields keep their value, explicit null clears, except
 * numReplicas: Railway resets it to 1 when it is omitted (docs/railway-api-notes.md, "Service settings").
 */
export function applyInstanceUpdate(config: JsonObject, input: Record<string, unknown>): JsonObject {
  const entry = clone(config);
  for (const [field, [section, key]] of Object.entries(UPDATE_PATHS)) {
    if (field in input) setAt(entry, section, key, toJson(input[field] ?? null, field));
  }
  if ("source" in input) {
    const source = objectAt(entry, "source");
    const given = isJsonObject(input.source) ? input.source : {};
    if (typeof given.repo === "string") {
      source.repo = given.repo;
      delete source.image;
    } else if (typeof given.image === "string") {
      source.image = given.image;
      delete source.repo;
      delete source.branch;
    } else {
      delete source.repo;
      delete source.image;
    }
    entry.source = source;
  }
  const replicas = typeof input.numReplicas === "number" ? input.numReplicas : 1;
  const deploy = objectAt(entry, "deploy");
  deploy.numReplicas = replicas;
  if (typeof input.region === "string") {
    deploy.multiRegionConfig = { [input.region]: { numReplicas: replicas } };
  } else if (!("multiRegionConfig" in input) && isJsonObject(deploy.multiRegionConfig)) {
    deploy.multiRegionConfig = { [regionOf(config)]: { numReplicas: replicas } };
  }
  entry.deploy = deploy;
  return entry;
}

/** After a patch set deploy.numReplicas alone, keep a single-region multiRegionConfig in step. */
export function syncReplicas(entry: JsonObject, patchEntry: JsonObject): JsonObject {
  const patchDeploy = objectAt(patchEntry, "deploy");
  const replicas = numberAt(patchDeploy, "numReplicas");
  const deploy = objectAt(entry, "deploy");
  const regions = deploy.multiRegionConfig;
  if (replicas === undefined || "multiRegionConfig" in patchDeploy || !isJsonObject(regions)) return entry;
  const names = Object.keys(regions);
  const only = names[0];
  if (names.length !== 1 || only === undefined) return entry;
  deploy.multiRegionConfig = { [only]: { numReplicas: replicas } };
  entry.deploy = deploy;
  return entry;
}

/** Stored (unrendered) variable values of an entry, sealed ones included. */
export function rawVariables(config: JsonObject): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, entry] of Object.entries(objectAt(config, "variables"))) {
    if (isJsonObject(entry) && typeof entry.value === "string") out[name] = entry.value;
  }
  return out;
}

export function rawSharedVariables(shared: JsonObject): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, entry] of Object.entries(shared)) {
    if (isJsonObject(entry) && typeof entry.value === "string") out[name] = entry.value;
  }
  return out;
}

export function serviceDomainsOf(config: JsonObject): Array<{ domain: string; port: number | null }> {
  const domains = objectAt(objectAt(config, "networking"), "serviceDomains");
  return Object.entries(domains).map(([domain, value]) => ({
    domain,
    port: isJsonObject(value) ? (numberAt(value, "port") ?? null) : null,
  }));
}
