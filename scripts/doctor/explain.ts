/**
 * Why a deployment did not succeed, and the log lines that say so: not the last few lines, but the ones
 * that explain it. A deployment fails in one of three places (docs/railway-api-notes.md, "Deployments"):
 * its build (the container never starts: the build log ends in the error), Railway's healthcheck (the
 * container started, but never answered 200 on the healthcheck path within the retry window: the build
 * log ends in the attempts and `Healthcheck failed!`), or its process (it started, then exited: CRASHED,
 * and the deploy log holds the error or traceback).
 */
import type { LogEntry } from "./facts.ts";

export type FailurePhase = "build" | "healthcheck" | "crash" | "in-progress" | "other";

export interface Explanation {
  phase: FailurePhase;
  /** Why, in words: "its build failed, so it never started". */
  summary: string;
  /** The lines that explain it, each prefixed with the log it comes from (`[build]`, `[deploy]`). */
  lines: string[];
  /** The healthcheck path, when the healthcheck failed (from its `Path: /health` line). */
  healthcheckPath?: string;
}

/** Statuses that change by themselves: the deployment is still on its way. */
const IN_PROGRESS = new Set(["QUEUED", "WAITING", "INITIALIZING", "BUILDING", "DEPLOYING"]);
const HEALTHCHECK_FAILED = /Healthcheck failed!|replicas never became healthy/;
const HEALTHCHECK_ATTEMPT = /^Attempt #\d+ failed/;
const HEALTHCHECK_SETTING = /^(Path|Retry window): /;
/** Words of an error line, for logs that carry no severity (a build tool's output, a stack trace). */
const ERROR_WORDS =
  /\b(error|errors|failed|failure|fatal|panic|exception|traceback|not found|does not exist|no such|cannot|could not|denied|refused|exit code|exited)\b/i;
/** Most lines shown for one deployment; the last ones are kept when there are more. */
const MAX_LINES = 20;

const isError = (line: LogEntry) => line.severity === "error" || ERROR_WORDS.test(line.message);
const from = (log: "build" | "deploy") => (line: LogEntry) => `[${log}] ${line.message}`;

/** The error lines, with up to `context` lines before the first one; the last `fallback` lines when none. */
function errorLines(lines: readonly LogEntry[], context: number, fallback: number): LogEntry[] {
  const first = lines.findIndex(isError);
  if (first < 0) return lines.slice(-fallback);
  const picked = lines.slice(Math.max(0, first - context), first + 1);
  picked.push(...lines.slice(first + 1).filter(isError));
  return picked.slice(-MAX_LINES);
}

/** The healthcheck's settings, its first and last attempts (the count of those between), and its verdict. */
function healthcheckLines(build: readonly LogEntry[]): LogEntry[] {
  const settings = build.filter((line) => HEALTHCHECK_SETTING.test(line.message));
  const attempts = build.filter((line) => HEALTHCHECK_ATTEMPT.test(line.message));
  const verdict = build.filter((line) => HEALTHCHECK_FAILED.test(line.message));
  const shownAttempts =
    attempts.length <= 4
      ? attempts
      : [
          ...attempts.slice(0, 2),
          { message: `… ${attempts.length - 3} more failed attempts …`, severity: null },
          ...attempts.slice(-1),
        ];
  return [...settings, ...shownAttempts, ...verdict];
}

/** Explains a deployment whose status is not SUCCESS, from its build and deploy logs. */
export function explainDeployment(
  status: string,
  build: readonly LogEntry[],
  deploy: readonly LogEntry[],
): Explanation {
  if (IN_PROGRESS.has(status)) {
    return {
      phase: "in-progress",
      summary: "it is still on its way",
      lines: build.slice(-3).map(from("build")),
    };
  }
  if (build.some((line) => HEALTHCHECK_FAILED.test(line.message))) {
    const path = build
      .map((line) => /^Path: (\S+)/.exec(line.message)?.[1])
      .find((found) => found !== undefined);
    return {
      phase: "healthcheck",
      summary: `it started, but never passed Railway's healthcheck${path ? ` on ${path}` : ""}`,
      // The service's own last lines say why it did not answer (wrong port, listening on 127.0.0.1, …).
      lines: [...healthcheckLines(build).map(from("build")), ...errorLines(deploy, 0, 5).map(from("deploy"))],
      ...(path ? { healthcheckPath: path } : {}),
    };
  }
  if (status === "FAILED" && deploy.length === 0) {
    return {
      phase: "build",
      summary: "its build failed, so it never started",
      lines: errorLines(build, 3, 10).map(from("build")),
    };
  }
  if (status === "CRASHED" || status === "FAILED") {
    return {
      phase: "crash",
      summary: "it started, then its process exited",
      lines: errorLines(deploy, 0, 10).map(from("deploy")),
    };
  }
  return {
    phase: "other",
    summary: `Railway reports it as ${status}`,
    lines: deploy.slice(-5).map(from("deploy")),
  };
}
