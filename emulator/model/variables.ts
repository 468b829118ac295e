import { rawSharedVariables, rawVariables, serviceDomainsOf } from "./instance-config.ts";
import { isJsonObject, objectAt } from "./json.ts";
import type { EnvironmentRecord } from "./records.ts";
import type { World } from "./world.ts";

// Reference variables (docs/railway-api-notes.md, "Variable references"): values are stored unrendered and
// rendered per environment. `${{shared.K}}`, `${{ServiceName.K}}` (case-sensitive service name), `${{K}}`
// (same service); whitespace inside the braces is allowed; anything unresolvable renders as "".

const REFERENCE = /\$\{\{\s*([^{}]*?)\s*\}\}/g;

export interface Reference {
  /** "shared", a service name, or null for the same service. */
  namespace: string | null;
  key: string;
}

export function referencesIn(value: string): Reference[] {
  const out: Reference[] = [];
  for (const match of value.matchAll(REFERENCE)) {
    const body = match[1] ?? "";
    const dot = body.indexOf(".");
    out.push(
      dot === -1
        ? { namespace: null, key: body }
        : { namespace: body.slice(0, dot), key: body.slice(dot + 1) },
    );
  }
  return out;
}

/**
 * Railway-provided variables of a service instance (their values beyond the documented names are inferred).
 */
export function railwayVariables(
  world: World,
  environment: EnvironmentRecord,
  serviceId: string,
): Record<string, string> {
  const service = world.services.get(serviceId);
  const project = world.projects.get(environment.projectId);
  const instance = environment.instances.get(serviceId);
  if (!service || !project || !instance) return {};
  const out: Record<string, string> = {
    RAILWAY_PRIVATE_DOMAIN: `${service.name.toLowerCase()}.railway.internal`,
    RAILWAY_ENVIRONMENT_NAME: environment.name,
    RAILWAY_ENVIRONMENT_ID: environment.id,
    RAILWAY_PROJECT_NAME: project.name,
    RAILWAY_PROJECT_ID: project.id,
    RAILWAY_SERVICE_NAME: service.name,
    RAILWAY_SERVICE_ID: service.id,
  };
  const domain = serviceDomainsOf(instance.config)[0];
  if (domain) out.RAILWAY_PUBLIC_DOMAIN = domain.domain;
  return out;
}

class Renderer {
  readonly #world: World;
  readonly #environment: EnvironmentRecord;

  constructor(world: World, environment: EnvironmentRecord) {
    this.#world = world;
    this.#environment = environment;
  }

  /** Renders `value` as seen by `serviceId` (null: the shared-variable context, which has no service). */
  render(serviceId: string | null, value: string, seen: ReadonlySet<string> = new Set()): string {
    return value.replace(REFERENCE, (_whole, body: string) => this.#resolve(serviceId, body.trim(), seen));
  }

  #resolve(serviceId: string | null, body: string, seen: ReadonlySet<string>): string {
    const dot = body.indexOf(".");
    if (dot === -1) return serviceId === null ? "" : this.#serviceVariable(serviceId, body, seen);
    const namespace = body.slice(0, dot);
    const key = body.slice(dot + 1);
    if (namespace === "shared") return this.#sharedVariable(key, seen);
    // A shared variable that references a service renders empty (docs/railway-api-notes.md, "Variable
    // references").
    if (serviceId === null) return "";
    const target = this.#world.serviceByName(this.#environment, namespace);
    return target ? this.#serviceVariable(target.id, key, seen) : "";
  }

  #sharedVariable(key: string, seen: ReadonlySet<string>): string {
    const id = `shared.${key}`;
    const raw = rawSharedVariables(this.#environment.sharedVariables)[key];
    if (raw === undefined || seen.has(id)) return "";
    return this.render(null, raw, new Set([...seen, id]));
  }

  #serviceVariable(serviceId: string, key: string, seen: ReadonlySet<string>): string {
    const id = `${serviceId}.${key}`;
    const instance = this.#environment.instances.get(serviceId);
    if (!instance || seen.has(id)) return "";
    const raw = rawVariables(instance.config)[key];
    if (raw !== undefined) return this.render(serviceId, raw, new Set([...seen, id]));
    return railwayVariables(this.#world, this.#environment, serviceId)[key] ?? "";
  }
}

export interface RenderOptions {
  includeSealed: boolean;
  includeRailway: boolean;
}

/** A service's variables, rendered. The deployment set adds the Railway-provided RAILWAY_* ones. */
export function renderServiceVariables(
  world: World,
  environment: EnvironmentRecord,
  serviceId: string,
  options: RenderOptions,
): Record<string, string> {
  const instance = environment.instances.get(serviceId);
  if (!instance) return {};
  const renderer = new Renderer(world, environment);
  const out: Record<string, string> = options.includeRailway
    ? railwayVariables(world, environment, serviceId)
    : {};
  for (const [name, entry] of Object.entries(objectAt(instance.config, "variables"))) {
    if (!isJsonObject(entry) || typeof entry.value !== "string") continue;
    if (entry.isSealed === true && !options.includeSealed) continue;
    out[name] = renderer.render(serviceId, entry.value, new Set([`${serviceId}.${name}`]));
  }
  return out;
}

export function renderSharedVariables(world: World, environment: EnvironmentRecord): Record<string, string> {
  const renderer = new Renderer(world, environment);
  const out: Record<string, string> = {};
  for (const [name, entry] of Object.entries(environment.sharedVariables)) {
    if (!isJsonObject(entry) || typeof entry.value !== "string" || entry.isSealed === true) continue;
    out[name] = renderer.render(null, entry.value, new Set([`shared.${name}`]));
  }
  return out;
}

/** Names of services this instance's variables reference with `${{Name.K}}`. */
export function referencedServiceNames(environment: EnvironmentRecord, serviceId: string): Set<string> {
  const instance = environment.instances.get(serviceId);
  const names = new Set<string>();
  if (!instance) return names;
  for (const value of Object.values(rawVariables(instance.config))) {
    for (const ref of referencesIn(value)) {
      if (ref.namespace !== null && ref.namespace !== "shared") names.add(ref.namespace);
    }
  }
  return names;
}
