/**
 * Where two broker URLs differ, part by part, so a difference in the query string (`ssl_cert_reqs`) or
 * the database number shows as such instead of as two URLs that look the same once their credentials are
 * hidden. A password is never shown, only whether it differs; nor is a query parameter whose name says it
 * holds a secret (vocabulary's `isSecretName`).
 */
import { isReference, isSecretName } from "../../components/railway/vocabulary.ts";

export interface UrlDifference {
  /** `scheme`, `host`, `port`, `database`, `username`, `password`, or a query parameter's name. */
  part: string;
  first: string;
  second: string;
}

const NOT_SET = "(not set)";
const HIDDEN = "(not shown)";

/** A Redis URL's parts as a client connects with them: port 6379 and database 0 when not written. */
function parts(value: string): Map<string, string> | undefined {
  if (isReference(value)) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  const found = new Map<string, string>([
    ["scheme", url.protocol.replace(/:$/, "")],
    ["host", url.hostname.toLowerCase()],
    ["port", url.port || "6379"],
    ["database", url.pathname.replace(/^\//, "") || "0"],
    ["username", decodeURIComponent(url.username) || NOT_SET],
    ["password", decodeURIComponent(url.password)],
  ]);
  for (const [key, parameter] of url.searchParams) found.set(`?${key}`, parameter);
  return found;
}

/**
 * The parts in which two broker URLs differ, in a fixed order (scheme, host, port, database, username,
 * password, then query parameters by name); empty when a client would connect the same way with both.
 * Undefined when either is not a literal URL.
 */
export function brokerUrlDifferences(first: string, second: string): UrlDifference[] | undefined {
  const a = parts(first);
  const b = parts(second);
  if (!a || !b) return undefined;
  const keys = [
    ...["scheme", "host", "port", "database", "username", "password"],
    ...[...new Set([...a.keys(), ...b.keys()])].filter((key) => key.startsWith("?")).sort(),
  ];
  const differences: UrlDifference[] = [];
  for (const key of keys) {
    const left = a.get(key);
    const right = b.get(key);
    if (left === right) continue;
    const name = key.replace(/^\?/, "");
    const secret = key === "password" || isSecretName(name);
    const show = (value: string | undefined) =>
      value === undefined || (key === "password" && value === "") ? NOT_SET : secret ? HIDDEN : value;
    differences.push({ part: name, first: show(left), second: show(right) });
  }
  return differences;
}

/** `host: redis.railway.internal vs cache.railway.internal; ssl_cert_reqs: none vs (not set)` */
export function describeDifferences(differences: readonly UrlDifference[]): string {
  return differences
    .map(({ part, first, second }) =>
      first === HIDDEN && second === HIDDEN ? `${part}: differs ${HIDDEN}` : `${part}: ${first} vs ${second}`,
    )
    .join("; ");
}
