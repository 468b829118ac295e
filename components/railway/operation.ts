import type { z } from "zod";

/**
 * How safe an operation is to send again after its answer was lost:
 * - `read`: a query; always safe.
 * - `idempotent`: a mutation whose second application changes nothing (set a value, delete by id).
 * - `once`: a mutation that creates something or starts a deployment; never re-sent blindly.
 */
export type Safety = "read" | "idempotent" | "once";

/** One typed GraphQL document: its variables, its parsed result, and how to name its object in errors. */
export interface Operation<Vars, Result> {
  /** The document's operation name (checked against the document by the schema test). */
  readonly name: string;
  readonly document: string;
  readonly safety: Safety | ((vars: Vars) => Safety);
  /** Parses `data` at the boundary; Railway's answer is never trusted unparsed. */
  readonly result: z.ZodType<Result>;
  /** The object in words, from identifiers only: `service "api" in project 1f2e…`. Never values. */
  readonly target: (vars: Vars) => string;
}

export function defineOperation<Vars, Result>(operation: Operation<Vars, Result>): Operation<Vars, Result> {
  return operation;
}

export function safetyOf<Vars, Result>(operation: Operation<Vars, Result>, vars: Vars): Safety {
  return typeof operation.safety === "function" ? operation.safety(vars) : operation.safety;
}
