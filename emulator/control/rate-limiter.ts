import type { RateLimitOptions } from "../types.ts";

export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  resetEpochSeconds: number;
  retryAfterSeconds: number;
}

interface Window {
  start: number;
  count: number;
}

const SECOND = 1000;
const HOUR = 3_600_000;

/**
 * Railway's documented budgets per token (docs/railway-api-notes.md, "Rate limits"), and Cloudflare's edge
 * limit for requests without a query string ("Endpoint and the source tag"). Fixed windows: the hour starts
 * at a token's first request, the second is the wall-clock second. Rejected requests do not spend budget.
 */
export class RateLimiter {
  readonly #options: RateLimitOptions;
  readonly #now: () => number;
  readonly #hours = new Map<string, Window>();
  readonly #seconds = new Map<string, Window>();
  #edge: Window = { start: 0, count: 0 };

  constructor(options: RateLimitOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  /** True when the edge lets the request through (and counts it). */
  passEdge(): boolean {
    const now = this.#now();
    const second = Math.floor(now / SECOND) * SECOND;
    if (this.#edge.start !== second) this.#edge = { start: second, count: 0 };
    if (this.#edge.count >= this.#options.edgePerSecond) return false;
    this.#edge.count += 1;
    return true;
  }

  /** Budget check for one token; spends one request when allowed. */
  take(key: string): RateDecision {
    const now = this.#now();
    const hour = this.#window(this.#hours, key, now, HOUR, now);
    const second = this.#window(this.#seconds, key, now, SECOND, Math.floor(now / SECOND) * SECOND);
    const hourReset = hour.start + HOUR;
    const base = { limit: this.#options.perHour, resetEpochSeconds: Math.ceil(hourReset / 1000) };
    if (hour.count >= this.#options.perHour) {
      return { ...base, allowed: false, remaining: 0, retryAfterSeconds: secondsUntil(hourReset, now) };
    }
    if (second.count >= this.#options.perSecond) {
      return {
        ...base,
        allowed: false,
        remaining: this.#options.perHour - hour.count,
        retryAfterSeconds: secondsUntil(second.start + SECOND, now),
      };
    }
    hour.count += 1;
    second.count += 1;
    return { ...base, allowed: true, remaining: this.#options.perHour - hour.count, retryAfterSeconds: 0 };
  }

  /** Headers for a response that was not rate limited, without spending budget. */
  peek(key: string): RateDecision {
    const now = this.#now();
    const hour = this.#hours.get(key);
    const start = hour && now < hour.start + HOUR ? hour.start : now;
    const used = hour && now < hour.start + HOUR ? hour.count : 0;
    return {
      allowed: true,
      limit: this.#options.perHour,
      remaining: Math.max(0, this.#options.perHour - used),
      resetEpochSeconds: Math.ceil((start + HOUR) / 1000),
      retryAfterSeconds: 0,
    };
  }

  #window(map: Map<string, Window>, key: string, now: number, length: number, start: number): Window {
    const current = map.get(key);
    if (current && now < current.start + length) return current;
    const fresh = { start, count: 0 };
    map.set(key, fresh);
    return fresh;
  }
}

function secondsUntil(at: number, now: number): number {
  return Math.max(1, Math.ceil((at - now) / 1000));
}
