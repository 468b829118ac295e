import { DomainError, notFound } from "../graphql/errors.ts";
import { hexDigest, newId } from "./ids.ts";
import { syncReplicas } from "./instance-config.ts";
import { clone, isJsonObject, type JsonObject, jsonEqual, mergePatch, objectAt } from "./json.ts";
import type { EnvironmentRecord } from "./records.ts";
import type { World } from "./world.ts";

// An environment's committed state as one EnvironmentConfig document, and the patch semantics of
// environmentPatchCommit / environmentStageChanges (docs/railway-api-notes.md, "The environment config
// document", "Staged changes and commits").

/** Directive keys of a service entry in a patch; they act, they are not stored. */
const DIRECTIVES = ["isCreated", "isDeleted"] as const;

export function readDocument(environment: EnvironmentRecord): JsonObject {
  const services: JsonObject = {};
  for (const [serviceId, instance] of environment.instances) services[serviceId] = clone(instance.config);
  return { ...clone(environment.extraConfig), services, sharedVariables: clone(environment.sharedVariables) };
}

export function configEtag(environment: EnvironmentRecord): string {
  return hexDigest(`${environment.id}:${environment.configVersion}`, 32);
}

/** Merges a patch into a document, validating service ids and variable shapes. */
export function applyPatch(
  world: World,
  environment: EnvironmentRecord,
  doc: JsonObject,
  patch: JsonObject,
): JsonObject {
  const next = clone(doc);
  for (const [key, value] of Object.entries(patch)) {
    if (key === "services") continue;
    if (key === "sharedVariables") {
      if (value !== null && !isJsonObject(value)) throw new DomainError("sharedVariables must be an object");
      if (value) validateVariables(value, "sharedVariables");
      next.sharedVariables = value === null ? {} : mergePatch(objectAt(next, "sharedVariables"), value);
      continue;
    }
    if (value === null) delete next[key];
    else
      next[key] =
        isJsonObject(value) && isJsonObject(next[key]) ? mergePatch(next[key], value) : clone(value);
  }
  const services = objectAt(next, "services");
  const patchServices = patch.services;
  if (patchServices !== undefined && patchServices !== null && !isJsonObject(patchServices)) {
    throw new DomainError("services must be an object keyed by service id");
  }
  for (const [serviceId, entry] of Object.entries(patchServices ?? {})) {
    const service = world.services.get(serviceId);
    if (!service || service.projectId !== environment.projectId) throw notFound("Service");
    if (entry === null || (isJsonObject(entry) && entry.isDeleted === true)) {
      delete services[serviceId];
      continue;
    }
    if (!isJsonObject(entry)) throw new DomainError(`services.${serviceId} must be an object`);
    const current = services[serviceId];
    if (!isJsonObject(current) && entry.isCreated !== true) {
      throw new DomainError(
        `Service ${serviceId} has no instance in this environment; set isCreated: true to create it`,
      );
    }
    const body = withoutDirectives(entry);
    validateVariables(objectAt(body, "variables"), `services.${serviceId}.variables`);
    const merged = mergePatch(isJsonObject(current) ? current : {}, body);
    services[serviceId] = syncReplicas(merged, body);
  }
  next.services = services;
  return next;
}

function withoutDirectives(entry: JsonObject): JsonObject {
  const out = { ...entry };
  for (const key of DIRECTIVES) delete out[key];
  return out;
}

function validateVariables(variables: JsonObject, path: string): void {
  for (const [name, entry] of Object.entries(variables)) {
    if (entry === null) continue;
    if (!isJsonObject(entry) || (entry.value !== undefined && typeof entry.value !== "string")) {
      throw new DomainError(`${path}.${name} must be null or an object like {"value": "..."}`);
    }
  }
}

export interface ChangeSummary {
  /** Instances created or whose entry changed (still present). */
  changedServices: Set<string>;
  createdServices: Set<string>;
  deletedServices: Set<string>;
  changedShared: Set<string>;
  /** serviceId → names of its variables that changed. */
  changedServiceVariables: Map<string, Set<string>>;
  changed: boolean;
}

export function diffDocuments(before: JsonObject, after: JsonObject): ChangeSummary {
  const a = objectAt(before, "services");
  const b = objectAt(after, "services");
  const summary: ChangeSummary = {
    changedServices: new Set(),
    createdServices: new Set(),
    deletedServices: new Set(),
    changedShared: changedKeys(objectAt(before, "sharedVariables"), objectAt(after, "sharedVariables")),
    changedServiceVariables: new Map(),
    changed: !jsonEqual(before, after),
  };
  for (const id of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const old = a[id];
    const now = b[id];
    if (!isJsonObject(now)) {
      summary.deletedServices.add(id);
      continue;
    }
    if (!isJsonObject(old)) summary.createdServices.add(id);
    if (!jsonEqual(old, now)) summary.changedServices.add(id);
    const vars = changedKeys(objectAt(isJsonObject(old) ? old : {}, "variables"), objectAt(now, "variables"));
    if (vars.size > 0) summary.changedServiceVariables.set(id, vars);
  }
  return summary;
}

function changedKeys(before: JsonObject, after: JsonObject): Set<string> {
  const keys = new Set<string>();
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (!jsonEqual(before[key], after[key])) keys.add(key);
  }
  return keys;
}

/** Makes `doc` the environment's committed state: creates and removes instances as needed. */
export function writeDocument(world: World, environment: EnvironmentRecord, doc: JsonObject): ChangeSummary {
  const before = readDocument(environment);
  const summary = diffDocuments(before, doc);
  if (!summary.changed) return summary;
  const now = world.now();
  const services = objectAt(doc, "services");
  for (const id of summary.deletedServices) removeInstance(world, environment, id);
  for (const [serviceId, entry] of Object.entries(services)) {
    if (!isJsonObject(entry)) continue;
    const instance = environment.instances.get(serviceId);
    if (!instance) {
      environment.instances.set(serviceId, {
        id: newId(),
        serviceId,
        config: clone(entry),
        createdAt: now,
        updatedAt: now,
      });
    } else if (summary.changedServices.has(serviceId)) {
      instance.config = clone(entry);
      instance.updatedAt = now;
    }
  }
  environment.sharedVariables = objectAt(doc, "sharedVariables");
  const extra: JsonObject = { ...doc };
  delete extra.services;
  delete extra.sharedVariables;
  environment.extraConfig = clone(extra);
  environment.configVersion += 1;
  environment.updatedAt = now;
  return summary;
}

/** Removing an instance permanently deletes its deployments (CLI `service delete`). */
export function removeInstance(world: World, environment: EnvironmentRecord, serviceId: string): void {
  environment.instances.delete(serviceId);
  for (const deployment of world.deploymentsOf(environment.id, serviceId))
    world.deployments.delete(deployment.id);
}

/**
 * Rewrites one service instance's entry in place (no deploy). Returns false when the environment has no
 * instance of that service.
 */
export function rewriteInstanceEntry(
  world: World,
  environment: EnvironmentRecord,
  serviceId: string,
  change: (entry: JsonObject) => JsonObject,
): boolean {
  const doc = readDocument(environment);
  const services = objectAt(doc, "services");
  const entry = services[serviceId];
  if (!isJsonObject(entry)) return false;
  services[serviceId] = change(entry);
  doc.services = services;
  writeDocument(world, environment, doc);
  return true;
}
