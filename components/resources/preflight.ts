import * as pulumi from "@pulumi/pulumi";
import { INPUT_RULES } from "../providers/inputRules.ts";
import type { ResourceKind } from "../providers/kinds.ts";
import { UNKNOWN } from "../providers/unknown.ts";

/**
 * Bad input is found before the first request to Railway, even when it is declared after resources
 * that would otherwise already be created. Two parts:
 * - every resource's known inputs are judged by its provider's own rules when it is constructed, and
 *   components judge their arguments before they construct anything;
 * - every resource's registration waits for the end of the program's synchronous run (a "gate"): if any
 *   argument was found bad meanwhile, no resource of the run is registered at all, so nothing is sent.
 * A program that declares resources after an `await` opens a new gate for those.
 */

/** Thrown before anything is declared; names the resource, the argument and the fix. */
export class RailwayInputError extends Error {
  readonly problems: string[];
  constructor(subject: string, problems: string[]) {
    super(`${subject}: ${problems.join("; ")}. Nothing was sent to Railway.`);
    this.name = "RailwayInputError";
    this.problems = problems;
  }
}

let failure: Error | undefined;
let gate: Promise<void> | undefined;

/** Records a bad argument: every resource of this run then stays unregistered. */
export function refuse(error: Error): never {
  failure ??= error;
  throw error;
}

/** A promise that settles once the program's current synchronous run is over, rejected if it refused. */
export function registrationGate(): Promise<void> {
  if (failure) return Promise.reject(failure);
  gate ??= new Promise<void>((resolve, reject) => {
    setImmediate(() => {
      gate = undefined;
      if (failure) reject(new Error(`not registered: ${failure.message}`));
      else resolve();
    });
  });
  return gate;
}

/** Values not known yet (Outputs, promises) as the unknown sentinel, so the rules judge only known ones. */
function known(value: unknown): unknown {
  if (pulumi.Output.isInstance(value) || value instanceof Promise) return UNKNOWN;
  if (Array.isArray(value)) return value.map(known);
  if (value !== null && typeof value === "object" && !pulumi.Resource.isInstance(value)) {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, known(inner)]));
  }
  return value;
}

/** Judges a resource's known inputs by its provider's rules; refuses the run when one is bad. */
export function preflight(kind: ResourceKind, name: string, args: object): void {
  const probe = known(args) as Record<string, unknown>;
  // Inputs the provider adds itself (`__provider`) or outputs declared as undefined are not the program's.
  const given = Object.fromEntries(Object.entries(probe).filter(([, value]) => value !== undefined));
  const failures = (INPUT_RULES[kind](given).failures ?? []).filter(
    // A required input that is not given yet is judged by the provider once it is.
    (failure) => given[failure.property] !== undefined,
  );
  if (failures.length > 0)
    refuse(
      new RailwayInputError(
        `${kind} "${name}"`,
        failures.map((failure) => failure.reason),
      ),
    );
}
