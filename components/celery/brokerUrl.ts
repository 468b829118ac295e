import { isReference, privateHost, soleReference } from "../railway/index.ts";

/**
 * Broker URLs as Celery and Railway see them (docs/troubleshooting-guide.md, rows 3–5): `redis://` or `rediss://`; Upstash
 * only speaks TLS, so its hosts need `rediss://`; Celery refuses a `rediss://` URL without
 * `ssl_cert_reqs`. Railway references (`${{Redis.REDIS_URL}}`) are resolved by Railway and not judged here.
 */

/**
 * The variable Celery reads its broker from before the app's own setting (Celery 5.2,
 * `celery/app/utils.py`, `Settings.broker_url`: `os.environ.get('CELERY_BROKER_URL') or …`).
 */
export const CELERY_BROKER_ENV = "CELERY_BROKER_URL";

/**
 * The broker a Celery process is given, and the variable that gives it: `CELERY_BROKER_URL` when set,
 * else the variable the app reads (`REDIS_URL` for omnidoc). Undefined when neither is set.
 * @example celeryBroker({ REDIS_URL: "redis://a:6379", CELERY_BROKER_URL: "redis://b:6379" }, "REDIS_URL")
 *   // { variable: "CELERY_BROKER_URL", url: "redis://b:6379" }
 */
export function celeryBroker(
  variables: Readonly<Record<string, unknown>>,
  appVariable: string,
): { variable: string; url: string } | undefined {
  for (const variable of [CELERY_BROKER_ENV, appVariable]) {
    const url = variables[variable];
    if (typeof url === "string" && url !== "") return { variable, url };
  }
  return undefined;
}

export function isUpstashHost(host: string): boolean {
  return /(^|\.)upstash\.io$/i.test(host);
}

const CERT_REQS = new Set(["CERT_NONE", "CERT_OPTIONAL", "CERT_REQUIRED", "none", "optional", "required"]);

/** Problems with a literal broker URL, each a sentence that says how to fix it. Empty when fine. */
export function brokerUrlProblems(value: string): string[] {
  if (isReference(value)) return [];
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return ["is not a URL; use redis://default:<password>@<host>:6379 or rediss://… for TLS"];
  }
  // The URL parser trims and percent-encodes spaces quietly; Celery would then get an option no one meant.
  if (/\s/.test(value))
    return ["must not contain whitespace; remove it (a pasted URL often ends with a space)"];
  const problems: string[] = [];
  const scheme = url.protocol.replace(/:$/, "");
  if (scheme !== "redis" && scheme !== "rediss") {
    problems.push(`uses ${scheme}://; Celery's Redis broker needs redis:// or rediss://`);
    return problems;
  }
  if (!url.hostname) problems.push("has no host");
  if (scheme === "redis" && isUpstashHost(url.hostname)) {
    problems.push(
      `points at Upstash (${url.hostname}), which only accepts TLS: use rediss://…?ssl_cert_reqs=none instead of redis://`,
    );
  }
  if (scheme === "rediss") {
    const reqs = url.searchParams.get("ssl_cert_reqs");
    if (reqs === null) {
      problems.push(
        "uses rediss:// without ssl_cert_reqs; Celery refuses it: append ?ssl_cert_reqs=none (or required)",
      );
    } else if (!CERT_REQS.has(reqs)) {
      problems.push(`has ssl_cert_reqs=${reqs}; Celery accepts CERT_NONE, CERT_OPTIONAL or CERT_REQUIRED`);
    }
  }
  return problems;
}

/** Host and port of a literal broker URL (default port 6379); undefined for references and non-URLs. */
export function brokerEndpoint(value: string): { host: string; port: number } | undefined {
  if (isReference(value)) return undefined;
  try {
    const url = new URL(value);
    if (!url.hostname) return undefined;
    return { host: url.hostname.toLowerCase(), port: url.port ? Number(url.port) : 6379 };
  } catch {
    return undefined;
  }
}

/**
 * The host a worker reports in `Connected to redis://…` for a broker value: the private host of the
 * service a `${{Redis.REDIS_URL}}` reference names, or a literal URL's host. Undefined for a
 * `${{shared.KEY}}` reference (resolve it first) or a value that is no URL.
 * @example brokerHostOf("${{Redis.REDIS_URL}}") // "redis.railway.internal"
 */
export function brokerHostOf(value: string): string | undefined {
  const reference = soleReference(value);
  if (reference?.namespace && reference.namespace !== "shared") return privateHost(reference.namespace);
  return brokerEndpoint(value)?.host;
}
