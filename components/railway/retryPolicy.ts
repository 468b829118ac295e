/**
 * When and how long to wait before trying a request again.
 *
 * The rules, decided once for every operation (README "Retries"):
 * - A 429 was not executed: every operation waits (Retry-After, else X-RateLimit-Reset, else backoff) and
 *   tries again, unless Railway asks for a longer wait than `maxRetryAfterMs`.
 * - A connection that never opened (refused, DNS) was not executed: every operation retries.
 * - 5xx, "Problem processing request", a reset or a timeout after the request was sent may or may not have
 *   been applied: queries and idempotent mutations retry; a mutation that creates something (a project, an
 *   environment, a service, a deployment, a domain) is NOT re-sent: it fails with AmbiguousWriteError and the
 *   caller reconciles by reading first (`RailwayClient.createOnce`).
 * Waits use full-jitter exponential backoff with a cap.
 */
export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Longest wait a 429 may ask for before the client gives up and reports it. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 6,
  baseDelayMs: 500,
  maxDelayMs: 20_000,
  maxRetryAfterMs: 120_000,
};

/** Full jitter: a random wait between 0 and min(cap, base·2^attempt). `attempt` counts from 0. */
export function backoffDelayMs(
  policy: RetryPolicy,
  attempt: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return Math.round(random() * ceiling);
}

/**
 * The wait a 429 asks for: `Retry-After` (seconds, or an HTTP date), else `X-RateLimit-Reset` (Unix epoch
 * seconds, or seconds from now when small). Undefined when neither header is usable.
 */
export function retryAfterMs(headers: Headers, now: number = Date.now()): number | undefined {
  const retryAfter = headers.get("retry-after");
  if (retryAfter) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return Math.max(0, date - now);
  }
  const reset = headers.get("x-ratelimit-reset");
  if (reset) {
    const value = Number(reset);
    if (Number.isFinite(value) && value >= 0) {
      // Railway documents the header, not its unit: a large number is an epoch time, a small one a delay.
      return value > 1_000_000_000 ? Math.max(0, value * 1000 - now) : value * 1000;
    }
  }
  return undefined;
}
