/**
 * Keeps secrets out of error messages. Railway (and graphql-js validation) may echo request variables
 * back in an error ("Variable "$input" got invalid value …"); every string found under a sensitive key
 * of the request, and the token, is replaced before a message leaves the client.
 */

/** Keys whose whole subtree is secret: variable maps, config patches, credentials. */
const SENSITIVE_KEYS = new Set([
  "variables",
  "sharedVariables",
  "value",
  "patch",
  "registryCredentials",
  "password",
  "token",
]);

/** Strings shorter than this are not redacted: they are too common to be secrets ("1", "on"). */
const MIN_SECRET_LENGTH = 3;

export const REDACTED = "[redacted]";

/** Collects the string leaves under sensitive keys of a request's variables. */
export function sensitiveStrings(
  variables: unknown,
  underSensitiveKey = false,
  found = new Set<string>(),
): string[] {
  if (typeof variables === "string") {
    if (underSensitiveKey && variables.length >= MIN_SECRET_LENGTH) found.add(variables);
  } else if (Array.isArray(variables)) {
    for (const item of variables) sensitiveStrings(item, underSensitiveKey, found);
  } else if (variables !== null && typeof variables === "object") {
    for (const [key, value] of Object.entries(variables)) {
      sensitiveStrings(value, underSensitiveKey || SENSITIVE_KEYS.has(key), found);
    }
  }
  return [...found];
}

/** Replaces every occurrence of each secret in `text`, longest first so that overlapping secrets vanish whole. */
export function redact(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    if (secret.length >= MIN_SECRET_LENGTH) result = result.split(secret).join(REDACTED);
  }
  return result;
}

/** A URL with its credentials removed, safe to print: `rediss://host:6379/0`. */
export function withoutCredentials(value: string): string {
  try {
    const url = new URL(value);
    url.username = "";
    url.password = "";
    url.search = "";
    return url.toString();
  } catch {
    return value.replace(/\/\/[^@/\s]*@/, "//");
  }
}

/** Masks the password part of every URL in a text (`redis://user:secret@h` → `redis://user:***@h`). */
export function maskUrlCredentials(text: string): string {
  return text.replace(
    /([a-z][a-z0-9+.-]*:\/\/[^:/\s@]*:)([^@\s]+)@/gi,
    (_, prefix: string, password: string) => (password === "**" ? `${prefix}**@` : `${prefix}***@`),
  );
}
