/**
 * Readiness judged from a deployment's own log lines, as data a component hands in: the provider knows
 * no application, only "these lines must appear; this captured value must equal that one; these lines
 * explain a failure". A Celery worker, a Node queue worker or anything that serves no HTTP (so Railway
 * cannot healthcheck it) declares its own rules; see components/celery/celeryVerification.ts.
 */

/**
 * A line a ready deployment's log must show. Part of a `verify`: a change deploys nothing; it applies to
 * the service's next deployment.
 *
 * @example
 * const ready: LogExpectation = { description: "worker ready", pattern: "worker ready", flags: "i" };
 */
export interface LogExpectation {
  /** What the line says, for messages, e.g. `celery@… ready.`. */
  description: string;
  /** A JavaScript regular expression a log line must match. */
  pattern: string;
  /**
   * Its flags (`d`, `i`, `m`, `s`, `u`, `y`).
   * @default "" (none)
   */
  flags?: string | undefined;
  /**
   * A captured value that must equal a declared one (compared case-insensitively), e.g. the broker host
   * a worker reports it connected to. `mismatch` is the failure message; `{actual}` and `{expected}` are
   * filled in.
   * @default none (any match will do)
   * @example { group: 1, equals: "redis.railway.internal", mismatch: "connected to {actual}, not {expected}" }
   */
  capture?: { group: number; equals: string; mismatch: string } | undefined;
}

/**
 * A log line that explains why the expected lines never appeared, and what to do about it: when `up`
 * gives up waiting, its error names the `cause` and `fix` of every hint whose line is in the log. Part of a
 * `verify`: a change deploys nothing; it applies to the service's next deployment.
 *
 * @example
 * const hint: LogHint = {
 *   pattern: "Error connecting to",
 *   cause: "the worker cannot reach Redis",
 *   fix: "check that REDIS_URL is ${{Redis.REDIS_URL}}",
 * };
 */
export interface LogHint {
  /** A JavaScript regular expression a log line must match for the hint to apply. */
  pattern: string;
  /**
   * Its flags (`d`, `i`, `m`, `s`, `u`, `y`).
   * @default "" (none)
   */
  flags?: string | undefined;
  /** What went wrong when the line appears, e.g. `the worker cannot reach Redis`. */
  cause: string;
  /** What to do about it, e.g. `check that REDIS_URL is ${{Redis.REDIS_URL}}`. */
  fix: string;
}

/** Readiness judged from the deployment's own log lines, after Railway reports it up. */
export interface LogVerification {
  kind: "logs";
  /** Every expectation must be met, in any order. */
  expect: LogExpectation[];
  /**
   * Lines that explain why the expected ones never appeared; each that did is reported with its fix.
   * @default []
   */
  hints?: LogHint[] | undefined;
  /**
   * Seconds to wait for the lines after the deployment is up.
   * @default 120
   */
  timeoutSeconds?: number | undefined;
}

/**
 * How a deployment is judged ready beyond Railway's own status (and its healthcheck, if set): `status`
 * alone, or `logs`, also lines of its own log. A change deploys nothing; it applies to the next deployment.
 *
 * @example
 * const verify: Verification = { kind: "logs", expect: [{ description: "ready", pattern: "worker ready" }] };
 */
export type Verification = { kind: "status" } | LogVerification;

export type LogJudgement =
  | { verdict: "ready"; lines: string[] }
  | { verdict: "mismatch"; reason: string }
  | { verdict: "waiting"; missing: string[] };

function regex(pattern: string, flags: string | undefined): RegExp {
  return new RegExp(pattern, (flags ?? "").replace(/g/g, ""));
}

/** Problems with a verification's patterns, for check(): each names the expectation. */
export function verificationProblems(verification: Verification): string[] {
  if (verification.kind !== "logs") return [];
  const problems: string[] = [];
  if (verification.expect.length === 0) problems.push("verify.expect must name at least one log line");
  for (const [index, rule] of [...verification.expect, ...(verification.hints ?? [])].entries()) {
    try {
      regex(rule.pattern, rule.flags);
    } catch (error) {
      problems.push(
        `verify pattern ${index + 1} (${rule.pattern}) is not a regular expression: ${(error as Error).message}`,
      );
    }
  }
  return problems;
}

/** Judges the lines so far; the last matching line counts for each expectation. */
export function judgeLogs(lines: readonly string[], verification: LogVerification): LogJudgement {
  const matched: string[] = [];
  const missing: string[] = [];
  for (const rule of verification.expect) {
    const pattern = regex(rule.pattern, rule.flags);
    let found: RegExpExecArray | null = null;
    let line = "";
    for (let index = lines.length - 1; index >= 0 && !found; index -= 1) {
      line = lines[index] ?? "";
      found = pattern.exec(line);
    }
    if (!found) {
      missing.push(rule.description);
      continue;
    }
    const capture = rule.capture;
    if (capture) {
      const actual = (found[capture.group] ?? "").toLowerCase();
      const expected = capture.equals.toLowerCase();
      if (actual !== expected) {
        return {
          verdict: "mismatch",
          reason: capture.mismatch.replaceAll("{actual}", actual).replaceAll("{expected}", capture.equals),
        };
      }
    }
    matched.push(line);
  }
  return missing.length > 0 ? { verdict: "waiting", missing } : { verdict: "ready", lines: matched };
}

/** The hints whose lines appear, each once, in the order declared. */
export function matchingHints(lines: readonly string[], hints: readonly LogHint[] = []): LogHint[] {
  return hints.filter((hint) => {
    const pattern = regex(hint.pattern, hint.flags);
    return lines.some((line) => pattern.test(line));
  });
}

/**
 * The lines after the last one that meets any expectation: what the deployment said since it last
 * showed a sign of readiness (an error from before a reconnection is over).
 */
export function linesSinceLastExpected(lines: readonly string[], verification: LogVerification): string[] {
  const patterns = verification.expect.map((rule) => regex(rule.pattern, rule.flags));
  for (let index = lines.length - 1; index >= 0; index -= 1)
    if (patterns.some((pattern) => pattern.test(lines[index] ?? ""))) return lines.slice(index + 1);
  return [...lines];
}
