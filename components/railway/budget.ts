/**
 * What is left of Railway's hourly request budget, as its answers report it (`X-RateLimit-Remaining`,
 * `X-RateLimit-Reset`; docs/railway-api-notes.md, "Rate limits"). Shared per endpoint and token within a
 * process, like the pacer, so every provider sees the same count. Writes that must finish together (a
 * stage and its commit) ask first, and stop cleanly instead of half-applying.
 */
export interface Budget {
  remaining: number;
  /** Epoch ms when the window resets, if Railway said. */
  resetAt: number | undefined;
  /** When the answer was seen. */
  seenAt: number;
}

const budgets = new Map<string, Budget>();

export function recordBudget(key: string, headers: Headers, now = Date.now()): void {
  const remaining = Number(headers.get("x-ratelimit-remaining"));
  if (!headers.has("x-ratelimit-remaining") || !Number.isFinite(remaining)) return;
  // A 429's Retry-After says when requests are accepted again; otherwise the window's reset does (epoch
  // seconds, or a relative number of seconds).
  const retryAfter = Number(headers.get("retry-after"));
  const reset = Number(headers.get("x-ratelimit-reset"));
  let resetAt: number | undefined;
  if (headers.has("retry-after") && Number.isFinite(retryAfter)) resetAt = now + retryAfter * 1000;
  else if (Number.isFinite(reset) && reset > 0) resetAt = reset > 1e9 ? reset * 1000 : now + reset * 1000;
  budgets.set(key, { remaining, resetAt, seenAt: now });
}

/** The last budget seen for this key; undefined when Railway never said, or the window has reset since. */
export function currentBudget(key: string, now = Date.now()): Budget | undefined {
  const budget = budgets.get(key);
  if (!budget) return undefined;
  if (budget.resetAt !== undefined && now >= budget.resetAt) return undefined;
  return budget;
}

/** Counts a request sent since the last answer (so concurrent senders do not all see the same figure). */
export function spendBudget(key: string): void {
  const budget = budgets.get(key);
  if (budget) budget.remaining = Math.max(0, budget.remaining - 1);
}
