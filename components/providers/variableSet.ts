import { z } from "zod";
import {
  type EnvironmentConfig,
  referenceSyntaxProblems,
  variableNameProblems,
  variableValues,
} from "../railway/index.ts";
import { ruleOf } from "./inputChecks.ts";

/**
 * A variable set as a provider receives it: names Railway accepts, string values whose `${{` opens a whole
 * reference (a half-written one would reach the service as literal text).
 */
export const variableMapSchema = z.record(
  z.string().superRefine(ruleOf(variableNameProblems)),
  z.string().superRefine(ruleOf(referenceSyntaxProblems)),
);

/** Where a variable set lives: one service's variables, or (no serviceId) the environment's shared ones. */
export interface VariableScope {
  projectId: string;
  environmentId: string;
  serviceId?: string | undefined;
}

/** The live values of a set from the environment's config document; undefined when the service has no instance. */
export function liveVariables(
  config: EnvironmentConfig,
  scope: VariableScope,
): Record<string, string> | undefined {
  if (!scope.serviceId) return variableValues(config.sharedVariables);
  const entry = config.services?.[scope.serviceId];
  if (!entry || entry.isDeleted) return undefined;
  return variableValues(entry.variables);
}

export function sameVariables(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) if (a[key] !== b[key]) return false;
  return true;
}

/**
 * The patch entries that make a live set `desired`: each new or different value, and, when the set is
 * owned whole, a deletion (`null`) for every live variable not declared. Empty when nothing differs.
 */
export function variablesPatch(
  live: Record<string, string>,
  desired: Record<string, string>,
  owned: boolean,
): Record<string, { value: string } | null> {
  const patch: Record<string, { value: string } | null> = {};
  for (const [name, value] of Object.entries(desired)) if (live[name] !== value) patch[name] = { value };
  if (owned) for (const name of Object.keys(live)) if (!(name in desired)) patch[name] = null;
  return patch;
}
