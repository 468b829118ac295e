import type { Fault, FaultKind } from "../types.ts";

interface ArmedFault {
  fault: Fault;
  seen: number;
}

/** Injected failures, matched by root field and counted per field from the moment of injection. */
export class FaultBook {
  #armed: ArmedFault[] = [];

  inject(fault: Fault): void {
    validateFault(fault);
    this.#armed.push({ fault, seen: 0 });
  }

  clear(): void {
    this.#armed = [];
  }

  /** Counts this call against every armed fault on its root fields; returns the one that fires. */
  take(rootFields: readonly string[]): Fault | undefined {
    let fired: Fault | undefined;
    for (const armed of this.#armed) {
      if (!rootFields.includes(armed.fault.field)) continue;
      armed.seen += 1;
      const nth = armed.fault.nth ?? 1;
      const last = nth + (armed.fault.times ?? 1) - 1;
      if (!fired && armed.seen >= nth && armed.seen <= last) fired = armed.fault;
    }
    this.#armed = this.#armed.filter((a) => a.seen < (a.fault.nth ?? 1) + (a.fault.times ?? 1) - 1);
    return fired;
  }
}

const KINDS: readonly FaultKind[] = [
  "429",
  "500",
  "502",
  "503",
  "reset",
  "timeout",
  "dropResponse",
  "graphqlError",
];

function validateFault(fault: Fault): void {
  if (typeof fault.field !== "string" || fault.field === "")
    throw new Error("fault.field must name a root field");
  if (!KINDS.includes(fault.kind)) throw new Error(`fault.kind must be one of ${KINDS.join(", ")}`);
  for (const key of ["nth", "times"] as const) {
    const value = fault[key];
    if (value !== undefined && (!Number.isInteger(value) || value < 1)) {
      throw new Error(`fault.${key} must be a positive integer`);
    }
  }
}
