import { isRunningBy } from "../model/deployment-status.ts";
import type { BrokerAddress, EnvironmentRecord } from "../model/records.ts";
import type { World } from "../model/world.ts";

// Whether a Redis broker URL can be reached from a container in this environment, with the error
// text redis-py / kombu would produce when it cannot (docs/troubleshooting-guide.md, failure 4: the worker
// can't reach Redis).

export const AMQP_FALLBACK = "amqp://guest:guest@127.0.0.1:5672//";
const REDIS_PORT = 6379;
/** Celery keeps retrying the broker for a while, so a Redis that comes up shortly after still counts. */
const CONNECT_GRACE_MS = 60_000;

export interface BrokerUrl {
  raw: string;
  scheme: string;
  username: string;
  password: string | null;
  host: string;
  port: number;
  /** The db as written in the path, or null when there is no path. */
  db: string | null;
  query: URLSearchParams;
}

export function parseBrokerUrl(raw: string): BrokerUrl | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  const scheme = url.protocol.replace(/:$/, "");
  const path = url.pathname.replace(/^\//, "");
  const defaultPort = scheme.startsWith("amqp") ? 5672 : REDIS_PORT;
  return {
    raw,
    scheme,
    username: decodeURIComponent(url.username),
    password: url.password === "" ? null : decodeURIComponent(url.password),
    host: url.hostname.replace(/^\[|\]$/g, ""),
    port: url.port === "" ? defaultPort : Number(url.port),
    db: path === "" || path === "/" ? null : path,
    query: url.searchParams,
  };
}

/** Celery's rendering of a broker URL: password masked as `**`, query dropped, `//` for no db. */
export function maskBrokerUrl(url: BrokerUrl): string {
  const auth =
    url.username || url.password !== null ? `${url.username}${url.password !== null ? ":**" : ""}@` : "";
  const path = url.db === null ? "/" : url.db;
  return `${url.scheme}://${auth}${url.host}:${url.port}/${path}`;
}

export function brokerAddress(url: BrokerUrl): BrokerAddress {
  const db = Number.parseInt(url.db ?? "0", 10);
  return { host: url.host, port: url.port, db: Number.isNaN(db) ? 0 : db };
}

export type Reachability =
  | { ok: true; address: BrokerAddress }
  /** `setup`: raised before any connection attempt (a ValueError), otherwise a connection error. */
  | { ok: false; stage: "setup" | "connect"; error: string };

export const SSL_CERT_REQS_ERROR =
  "ValueError: A rediss:// URL must have parameter ssl_cert_reqs and this must be set to CERT_REQUIRED, CERT_OPTIONAL, or CERT_NONE";

export function reachBroker(
  world: World,
  environment: EnvironmentRecord,
  url: BrokerUrl,
  at: number,
): Reachability {
  const where = `${url.host}:${url.port}`;
  if (url.scheme === "amqp" || url.scheme === "pyamqp") {
    const local = url.host === "127.0.0.1" || url.host === "localhost";
    return {
      ok: false,
      stage: "connect",
      error: local ? "[Errno 111] Connection refused" : "[Errno -2] Name or service not known",
    };
  }
  if (url.scheme !== "redis" && url.scheme !== "rediss") {
    return { ok: false, stage: "setup", error: `KeyError: 'No such transport: ${url.scheme}'` };
  }
  const tls = url.scheme === "rediss";
  if (tls && !url.query.has("ssl_cert_reqs"))
    return { ok: false, stage: "setup", error: SSL_CERT_REQS_ERROR };
  const target = resolveRedisHost(world, environment, url.host, at);
  if (target.kind === "unknown")
    return connectError(`Error -2 connecting to ${where}. Name or service not known.`);
  if (target.kind === "down" || (target.port !== "any" && target.port !== url.port))
    return connectError(`Error 111 connecting to ${where}. Connection refused.`);
  if (target.tls && !tls)
    return connectError("Error while reading from socket: (104, 'Connection reset by peer')");
  if (!target.tls && tls) {
    return connectError(
      `Error 1 connecting to ${where}. [SSL: WRONG_VERSION_NUMBER] wrong version number (_ssl.c:1006).`,
    );
  }
  if (target.password === "any") return { ok: true, address: brokerAddress(url) };
  if (target.password === null && url.password !== null) {
    return connectError(
      "AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?",
    );
  }
  if (target.password !== null && url.password === null) return connectError("Authentication required.");
  if (target.password !== null && url.password !== target.password) {
    return connectError("WRONGPASS invalid username-password pair or user is disabled.");
  }
  return { ok: true, address: brokerAddress(url) };
}

function connectError(error: string): Reachability {
  return { ok: false, stage: "connect", error };
}

type RedisTarget =
  | { kind: "unknown" }
  | { kind: "down" }
  | { kind: "up"; port: number | "any"; tls: boolean; password: string | null | "any" };

function resolveRedisHost(
  world: World,
  environment: EnvironmentRecord,
  host: string,
  at: number,
): RedisTarget {
  const internal = host.match(/^(.+)\.railway\.internal$/);
  if (internal) {
    const label = internal[1] ?? "";
    const service = world
      .servicesOf(environment.projectId)
      .find((s) => environment.instances.has(s.id) && s.name.toLowerCase() === label);
    if (!service) return { kind: "unknown" };
    const latest = world.latestDeployment(environment.id, service.id);
    const redis = latest?.plan.redis;
    if (!latest || !redis || !isRunningBy(world, latest, at, CONNECT_GRACE_MS)) return { kind: "down" };
    return { kind: "up", port: redis.port, tls: false, password: redis.password };
  }
  const external = world.externalRedis.get(host);
  // A registered host without a password accepts any credentials.
  if (external) return { kind: "up", port: "any", tls: external.tls, password: external.password ?? "any" };
  // Upstash: TLS only, any password (its real password is not known here).
  if (host.endsWith(".upstash.io")) return { kind: "up", port: "any", tls: true, password: "any" };
  return { kind: "unknown" };
}
