/**
 * Requests by operation name, for tests and benchmarks: how many times each operation was sent
 * (attempts, retries included), how many succeeded, and how many were retried.
 */
export interface OperationCount {
  attempts: number;
  succeeded: number;
  failed: number;
  retries: number;
}

export class RequestCounter {
  private readonly counts = new Map<string, OperationCount>();

  record(operation: string, event: "attempt" | "success" | "failure" | "retry"): void {
    const count = this.counts.get(operation) ?? { attempts: 0, succeeded: 0, failed: 0, retries: 0 };
    if (event === "attempt") count.attempts += 1;
    else if (event === "success") count.succeeded += 1;
    else if (event === "failure") count.failed += 1;
    else count.retries += 1;
    this.counts.set(operation, count);
  }

  /** A copy of the counts, by operation name. */
  snapshot(): Record<string, OperationCount> {
    return Object.fromEntries([...this.counts].map(([name, count]) => [name, { ...count }]));
  }

  /** Attempts in all. */
  total(): number {
    let total = 0;
    for (const count of this.counts.values()) total += count.attempts;
    return total;
  }

  reset(): void {
    this.counts.clear();
  }
}
