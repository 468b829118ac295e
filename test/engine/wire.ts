/**
 * Values as they cross the wire between the Pulumi SDK, the engine and a provider: secrets are objects
 * tagged with Pulumi's secret signature, values unknown during preview are a sentinel string.
 */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

export type Wire = null | boolean | number | string | Wire[] | { [key: string]: Wire };

export function isSecret(value: unknown): value is { value: Wire } {
  return (
    typeof value === "object" && value !== null && (value as Record<string, unknown>)[SIG_KEY] === SECRET_SIG
  );
}

export function secret(value: Wire): Wire {
  return { [SIG_KEY]: SECRET_SIG, value };
}

/**
 * What the engine does before calling a provider that does not accept secrets: unwrap every secret. Returns
 * the plain object and the top-level keys that held a secret anywhere inside.
 */
export function stripSecrets(object: Record<string, Wire>): {
  plain: Record<string, Wire>;
  secretKeys: string[];
} {
  const secretKeys: string[] = [];
  const plain: Record<string, Wire> = {};
  for (const [key, value] of Object.entries(object)) {
    const [unwrapped, hadSecret] = unwrap(value);
    plain[key] = unwrapped;
    if (hadSecret) secretKeys.push(key);
  }
  return { plain, secretKeys };
}

function unwrap(value: Wire): [Wire, boolean] {
  if (isSecret(value)) return [unwrap(value.value)[0], true];
  if (Array.isArray(value)) {
    const items = value.map(unwrap);
    return [items.map(([item]) => item), items.some(([, had]) => had)];
  }
  if (value !== null && typeof value === "object") {
    let had = false;
    const result: Record<string, Wire> = {};
    for (const [key, inner] of Object.entries(value)) {
      const [unwrapped, innerHad] = unwrap(inner);
      result[key] = unwrapped;
      had ||= innerHad;
    }
    return [result, had];
  }
  return [value, false];
}

/** Marks the given top-level keys secret (the engine's annotateSecrets plus additionalSecretOutputs). */
export function markSecrets(object: Record<string, Wire>, keys: Iterable<string>): Record<string, Wire> {
  const result = { ...object };
  for (const key of keys) {
    const value = result[key];
    if (value !== undefined && !isSecret(value)) result[key] = secret(value);
  }
  return result;
}

export function containsUnknown(value: unknown): boolean {
  if (value === UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (value !== null && typeof value === "object") return Object.values(value).some(containsUnknown);
  return false;
}
