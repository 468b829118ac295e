import { hexDigest } from "../model/ids.ts";
import type { RelativeLine } from "../model/records.ts";
import { error, info } from "./process.ts";

// What a Celery 5.2 worker prints, line for line as Debian's Celery 5.2.6 prints it running the sample
// app (test/fixtures/real-logs, the reference). Celery's log records go to stderr (Railway: severity
// "error"), its banner to stdout; a record reads `[YYYY-MM-DD HH:MM:SS,mmm: LEVEL/Process] message`.

export const TASK_NAME = "omnidoc.generate_documents";
export const CELERY_VERSION = "5.2.6 (dawn-chorus)";
/** The 7 documents of examples/omnidoc-app (src/documents.py). */
export const DOCUMENTS = [
  "product-requirements",
  "user-stories",
  "system-architecture",
  "api-specification",
  "database-schema",
  "test-plan",
  "deployment-guide",
] as const;
/** Celery's broker_connection_max_retries; kombu waits 2 s more before each retry, at most 30 s. */
const MAX_RETRIES = 100;

/** Celery's log-record time, in UTC as in a container: `2026-12-02 12:40:31,424`. */
export function celeryTime(ms: number): string {
  return new Date(ms).toISOString().replace("T", " ").replace("Z", "").replace(".", ",");
}

export type Level = "INFO" | "WARNING" | "ERROR" | "CRITICAL";

/** One log record of the worker, at `offset` from the container start `start`. */
export function record(
  start: number,
  offset: number,
  level: Level,
  message: string,
  process = "MainProcess",
): RelativeLine {
  return error(offset, `[${celeryTime(start + offset)}: ${level}/${process}] ${message}`);
}

/** Python's warning when the worker runs as root, as it does in a container without USER. */
export function rootWarning(offset: number): RelativeLine[] {
  return [
    "/usr/lib/python3/dist-packages/celery/platforms.py:840: SecurityWarning: You're running the worker with superuser privileges: this is",
    "absolutely not recommended!",
    "",
    "Please specify a different user using the --uid option.",
    "",
    "User information: uid=0 euid=0 gid=0 egid=0",
    "",
    "  warnings.warn(SecurityWarning(ROOT_DISCOURAGED.format(",
  ].map((message) => error(offset, message));
}

export interface BannerFacts {
  start: number;
  offset: number;
  hostname: string;
  app: string;
  transport: string;
  results: string;
  concurrency: string;
  withTasks: boolean;
}

export function banner(facts: BannerFacts): RelativeLine[] {
  const date = new Date(facts.start + facts.offset).toISOString().replace("T", " ").slice(0, 19);
  const address = `0x7f${hexDigest(facts.hostname, 10)}`;
  return [
    " ",
    ` -------------- celery@${facts.hostname} v${CELERY_VERSION}`,
    "--- ***** ----- ",
    `-- ******* ---- Linux-6.8.0-x86_64-with-glibc2.36 ${date}`,
    "- *** --- * --- ",
    "- ** ---------- [config]",
    `- ** ---------- .> app:         ${facts.app}:${address}`,
    `- ** ---------- .> transport:   ${facts.transport}`,
    `- ** ---------- .> results:     ${facts.results}`,
    `- *** --- * --- .> concurrency: ${facts.concurrency} (prefork)`,
    "-- ******* ---- .> task events: OFF (enable -E to monitor tasks in this worker)",
    "--- ***** ----- ",
    " -------------- [queues]",
    "                .> celery           exchange=celery(direct) key=celery",
    "                ",
    "",
    "[tasks]",
    ...(facts.withTasks ? [`  . ${TASK_NAME}`, ""] : [""]),
  ].map((message) => info(facts.offset, message));
}

/**
 * A broker Celery cannot reach: it does not exit, it retries (kombu's ensure_connection), logging each
 * attempt. After the 100th it gives up, some 46 minutes in; that end is not modelled.
 */
export function connectRetries(start: number, offset: number, shown: string, reason: string): RelativeLine[] {
  const lines: RelativeLine[] = [];
  let at = offset;
  for (let attempt = 1; attempt <= MAX_RETRIES; attempt++) {
    const wait = Math.min(2 * attempt, 30);
    lines.push(
      record(start, at, "ERROR", `consumer: Cannot connect to ${shown}: ${reason}.`),
      error(at, `Trying again in ${wait.toFixed(2)} seconds... (${attempt}/${MAX_RETRIES})`),
      error(at, ""),
    );
    at += wait * 1000;
  }
  return lines;
}

/** click's usage error, as Celery's CLI prints it (stderr), message lines as they wrap. */
export function usage(offset: number, synopsis: string, help: string, message: string[]): RelativeLine[] {
  return [
    error(offset, `Usage: ${synopsis}`),
    error(offset, `Try '${help}' for help.`),
    error(offset, ""),
    ...message.map((text, index) => error(offset, index === 0 ? `Error: ${text}` : text)),
  ];
}
