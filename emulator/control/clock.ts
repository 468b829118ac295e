import type { ClockOptions } from "../types.ts";

/**
 * Virtual time (ms since epoch) that deployments, statuses and log timestamps follow.
 * manual: moves only on advance(); perRequest: each API request steps it before executing, so a
 * given request sequence always sees the same statuses; realtime: wall time scaled by speed.
 */
export class VirtualClock {
  readonly mode: ClockOptions["mode"];
  readonly #stepMs: number;
  readonly #speed: number;
  readonly #wallStart: number;
  readonly #start: number;
  #offset = 0;

  constructor(options: ClockOptions = { mode: "perRequest" }) {
    this.mode = options.mode;
    this.#stepMs = options.mode === "perRequest" ? (options.stepMs ?? 5000) : 0;
    this.#speed = options.mode === "realtime" ? (options.speed ?? 1) : 1;
    this.#wallStart = Date.now();
    // Whole seconds keep timestamps readable; the start is wall time so createdAt looks current.
    this.#start = options.startAt ?? Math.floor(this.#wallStart / 1000) * 1000;
  }

  now(): number {
    const running = this.mode === "realtime" ? (Date.now() - this.#wallStart) * this.#speed : 0;
    return Math.floor(this.#start + running + this.#offset);
  }

  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new Error("clock.advance needs a non-negative number of ms");
    this.#offset += ms;
  }

  /** Called once before each executed API request. */
  tickForRequest(): void {
    if (this.mode === "perRequest") this.#offset += this.#stepMs;
  }
}
