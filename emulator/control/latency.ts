/** Artificial delay added before a request is handled: everywhere, or only for one root field. */
export class LatencyTable {
  #everywhere = 0;
  readonly #byField = new Map<string, number>();

  set(ms: number, field?: string): void {
    if (!Number.isFinite(ms) || ms < 0) throw new Error("latency needs a non-negative number of ms");
    if (field === undefined) this.#everywhere = ms;
    else this.#byField.set(field, ms);
  }

  delayFor(rootFields: readonly string[]): number {
    let extra = 0;
    for (const field of rootFields) extra = Math.max(extra, this.#byField.get(field) ?? 0);
    return this.#everywhere + extra;
  }
}
