import type { RelativeLine } from "../model/records.ts";
import { containerPort, error, info, type ProcessProgram } from "./process.ts";

// Railway's healthcheck (docs/railway-api-notes.md, "Deployments"): GET <path> on $PORT from
// healthcheck.railway.app until HTTP 200 or healthcheckTimeout (default 300 s). Its output is part of the
// build log.

export const DEFAULT_HEALTHCHECK_TIMEOUT_S = 300;
const WILDCARD_HOSTS = new Set(["0.0.0.0", "::", "[::]"]);

export type HealthOutcome = "ok" | "unavailable" | "notFound";

export function healthOutcome(
  program: ProcessProgram,
  env: Record<string, string>,
  path: string,
): HealthOutcome {
  const http = program.http;
  if (!http || program.exits || !WILDCARD_HOSTS.has(http.host) || http.port !== containerPort(env))
    return "unavailable";
  return http.paths.includes(path) ? "ok" : "notFound";
}

function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const m = Math.floor(s / 60);
  return m > 0 ? `${m}m${s % 60}s` : `${s}s`;
}

function header(path: string, timeoutS: number): RelativeLine[] {
  return [
    info(0, "===================="),
    info(0, "Starting Healthcheck"),
    info(0, "===================="),
    info(0, `Path: ${path}`),
    info(0, `Retry window: ${duration(timeoutS)}`),
  ];
}

export function healthcheckSucceeded(path: string, timeoutS: number, atOffset: number): RelativeLine[] {
  return [...header(path, timeoutS), info(atOffset, "[1/1] Healthcheck succeeded!")];
}

/** Attempts with backoff until the retry window closes; the last line lands at timeoutS. */
export function healthcheckFailed(
  path: string,
  timeoutS: number,
  outcome: Exclude<HealthOutcome, "ok">,
): RelativeLine[] {
  const reason = outcome === "notFound" ? "status 404" : "service unavailable";
  const lines = header(path, timeoutS);
  const windowMs = timeoutS * 1000;
  let at = 1000;
  let wait = 1000;
  for (let attempt = 1; at < windowMs; attempt++) {
    lines.push(
      info(
        at,
        `Attempt #${attempt} failed with ${reason}. Continuing to retry for ${duration((windowMs - at) / 1000)}`,
      ),
    );
    wait = Math.min(wait * 2, 30_000);
    at += wait;
  }
  lines.push(error(windowMs, "1/1 replicas never became healthy!"), error(windowMs, "Healthcheck failed!"));
  return lines;
}
