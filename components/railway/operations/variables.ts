import { z } from "zod";
import { defineOperation } from "../operation.ts";
import { environmentVariables, shortId } from "./shapes.ts";

interface VariablesScope {
  projectId: string;
  environmentId: string;
  /** Omitted: the environment's shared variables. */
  serviceId?: string;
}

function scopeName(vars: VariablesScope): string {
  return vars.serviceId
    ? `variables of service ${shortId(vars.serviceId)} in environment ${shortId(vars.environmentId)}`
    : `shared variables of environment ${shortId(vars.environmentId)}`;
}

/** Stored values with `unrendered: true` (references intact, for drift); rendered values otherwise. */
export const variables = defineOperation({
  name: "Variables",
  document: /* GraphQL */ `
    query Variables($projectId: String!, $environmentId: String!, $serviceId: String, $unrendered: Boolean) {
      variables(projectId: $projectId, environmentId: $environmentId, serviceId: $serviceId, unrendered: $unrendered)
    }`,
  safety: "read",
  result: z.object({ variables: environmentVariables }).transform((data) => data.variables),
  target: (vars: VariablesScope & { unrendered?: boolean }) => scopeName(vars),
});

/** The fully rendered set a deployment of the service receives. */
export const variablesForServiceDeployment = defineOperation({
  name: "VariablesForServiceDeployment",
  document: /* GraphQL */ `
    query VariablesForServiceDeployment($projectId: String!, $environmentId: String!, $serviceId: String!) {
      variablesForServiceDeployment(projectId: $projectId, environmentId: $environmentId, serviceId: $serviceId)
    }`,
  safety: "read",
  result: z
    .object({ variablesForServiceDeployment: environmentVariables })
    .transform((data) => data.variablesForServiceDeployment),
  target: (vars: { projectId: string; environmentId: string; serviceId: string }) => scopeName(vars),
});

/**
 * Writes a whole variable set in one request. With `replace: true` the set becomes exactly `variables`
 * (everything else of that service or shared set is removed); with `skipDeploys: true` nothing
 * redeploys (docs/railway-api-notes.md, "Variables").
 */
export const variableCollectionUpsert = defineOperation({
  name: "VariableCollectionUpsert",
  document: /* GraphQL */ `
    mutation VariableCollectionUpsert($input: VariableCollectionUpsertInput!) {
      variableCollectionUpsert(input: $input)
    }`,
  // Writing the same set twice is harmless unless each write also redeploys.
  safety: (vars: { input: { skipDeploys?: boolean } }) => (vars.input.skipDeploys ? "idempotent" : "once"),
  result: z
    .object({ variableCollectionUpsert: z.boolean() })
    .transform((data) => data.variableCollectionUpsert),
  target: (vars: {
    input: VariablesScope & { variables: Record<string, string>; replace?: boolean; skipDeploys?: boolean };
  }) => scopeName(vars.input),
});
