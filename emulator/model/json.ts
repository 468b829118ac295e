// JSON helpers for the EnvironmentConfig blob, which Railway keeps as free-form JSON.

export type Json = null | boolean | number | string | Json[] | JsonObject;
export interface JsonObject {
  [key: string]: Json;
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Narrows an unknown (e.g. a GraphQL JSON scalar) to Json, rejecting functions and undefined. */
export function toJson(value: unknown, path = "$"): Json {
  if (value === null || typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error(`${path} is not a finite number`);
    return value;
  }
  if (Array.isArray(value)) return value.map((v, i) => toJson(v, `${path}[${i}]`));
  if (isJsonObject(value)) {
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(value)) {
      if (v !== undefined) out[k] = toJson(v, `${path}.${k}`);
    }
    return out;
  }
  throw new Error(`${path} is not JSON`);
}

export function clone<T extends Json>(value: T): T {
  return structuredClone(value);
}

/** Deep merge where the patch wins, nested objects merge, arrays replace and null deletes a key. */
export function mergePatch(base: JsonObject, patch: JsonObject): JsonObject {
  const out: JsonObject = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) {
      delete out[key];
      continue;
    }
    const current = out[key];
    out[key] = isJsonObject(value) && isJsonObject(current) ? mergePatch(current, value) : clone(value);
  }
  return out;
}

/** Deep merge of two patches: nulls are kept, because they are deletions still to be applied. */
export function mergePatches(base: JsonObject, patch: JsonObject): JsonObject {
  const out: JsonObject = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    const current = out[key];
    out[key] = isJsonObject(value) && isJsonObject(current) ? mergePatches(current, value) : clone(value);
  }
  return out;
}

export function canonical(value: Json): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (isJsonObject(value)) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(value[k] ?? null)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

export function jsonEqual(a: Json | undefined, b: Json | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return canonical(a) === canonical(b);
}

/** Leaf count of a patch: what `unmergedChangesCount` reports for staged changes. */
export function countLeaves(value: Json): number {
  if (!isJsonObject(value)) return 1;
  const keys = Object.keys(value);
  if (keys.length === 0) return 1;
  return keys.reduce((sum, k) => sum + countLeaves(value[k] ?? null), 0);
}

export function objectAt(parent: JsonObject, key: string): JsonObject {
  const value = parent[key];
  return isJsonObject(value) ? value : {};
}

export function stringAt(parent: JsonObject, key: string): string | undefined {
  const value = parent[key];
  return typeof value === "string" ? value : undefined;
}

export function numberAt(parent: JsonObject, key: string): number | undefined {
  const value = parent[key];
  return typeof value === "number" ? value : undefined;
}

export function booleanAt(parent: JsonObject, key: string): boolean | undefined {
  const value = parent[key];
  return typeof value === "boolean" ? value : undefined;
}
