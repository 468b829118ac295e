/**
 * Keeps one process under Railway's per-second limit (Hobby: 10 requests/second; docs/railway-api-notes.md, "Rate limits"). A sliding
 * window: at most `maxPerSecond` requests start in any 1000 ms. One pacer per endpoint per process, so
 * every client in the Pulumi provider host shares it.
 */
export class Pacer {
  readonly maxPerSecond: number;
  private readonly starts: number[] = [];
  private queue: Promise<void> = Promise.resolve();

  constructor(maxPerSecond: number) {
    this.maxPerSecond = maxPerSecond;
  }

  /** Resolves when a request may start; requests start in the order they asked. */
  acquire(): Promise<void> {
    const turn = this.queue.then(() => this.waitForSlot());
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  private async waitForSlot(): Promise<void> {
    for (;;) {
      const now = Date.now();
      while (this.starts.length > 0 && now - (this.starts[0] ?? now) >= 1000) this.starts.shift();
      if (this.starts.length < this.maxPerSecond) {
        this.starts.push(now);
        return;
      }
      const oldest = this.starts[0] ?? now;
      await new Promise((resolve) => setTimeout(resolve, 1000 - (now - oldest) + 1));
    }
  }
}

/** Requests per second one process allows itself: under 10, the Hobby limit. `RAILWAY_MAX_RPS` overrides. */
export const DEFAULT_MAX_REQUESTS_PER_SECOND = 9;

const pacers = new Map<string, Pacer>();

export function pacerFor(endpoint: string, maxPerSecond: number): Pacer {
  const key = `${new URL(endpoint).origin}#${maxPerSecond}`;
  let pacer = pacers.get(key);
  if (!pacer) {
    pacer = new Pacer(maxPerSecond);
    pacers.set(key, pacer);
  }
  return pacer;
}
