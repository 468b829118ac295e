import { z } from "zod";
import { type EnvironmentConfig, ops, variableNameProblems, variableValues } from "../railway/index.ts";
import type { ProviderContext } from "./context.ts";
import { ruleOf } from "./inputChecks.ts";

/** A variable set as a provider receives it: names Railway accepts, string values. */
export const variableMapSchema = z.record(z.string().superRefine(ruleOf(variableNameProblems)), z.string());

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
 * Makes the set exactly `variables` in one request: `replace: true` removes every other variable of the
 * scope (the set is owned by this stack), `skipDeploys: true` deploys nothing (the Deployment resource
 * deploys once per changed service). Writes nothing when the live set already matches.
 */
export async function writeVariables(
  context: ProviderContext,
  scope: VariableScope,
  variables: Record<string, string>,
  live?: Record<string, string>,
): Promise<boolean> {
  if (live && sameVariables(live, variables)) return false;
  await context.client.run(ops.variableCollectionUpsert, {
    input: {
      projectId: scope.projectId,
      environmentId: scope.environmentId,
      ...(scope.serviceId ? { serviceId: scope.serviceId } : {}),
      variables,
      replace: true,
      skipDeploys: true,
    },
  });
  context.snapshots.invalidateEnvironment(scope.environmentId);
  return true;
}
