import { z } from "zod";
import { environmentConfigSchema } from "../environmentConfig.ts";
import { defineOperation } from "../operation.ts";
import { nodes, page, shortId } from "./shapes.ts";

const environmentSummary = z.object({
  id: z.string(),
  name: z.string(),
  isEphemeral: z.boolean(),
  createdAt: z.string(),
});

export interface EnvironmentCreateInput {
  projectId: string;
  name: string;
  ephemeral?: boolean;
  sourceEnvironmentId?: string;
  skipInitialDeploys?: boolean;
  stageInitialChanges?: boolean;
}

export const environmentCreate = defineOperation({
  name: "EnvironmentCreate",
  document: /* GraphQL */ `
    mutation EnvironmentCreate($input: EnvironmentCreateInput!) {
      environmentCreate(input: $input) { id name isEphemeral createdAt }
    }`,
  safety: "once",
  result: z.object({ environmentCreate: environmentSummary }).transform((data) => data.environmentCreate),
  target: (vars: { input: EnvironmentCreateInput }) =>
    `environment "${vars.input.name}" in project ${shortId(vars.input.projectId)}`,
});

export const environmentDelete = defineOperation({
  name: "EnvironmentDelete",
  document: /* GraphQL */ `mutation EnvironmentDelete($id: String!) { environmentDelete(id: $id) }`,
  safety: "idempotent",
  result: z.object({ environmentDelete: z.boolean() }).transform((data) => data.environmentDelete),
  target: (vars: { id: string }) => `environment ${shortId(vars.id)}`,
});

export const environmentRename = defineOperation({
  name: "EnvironmentRename",
  document: /* GraphQL */ `
    mutation EnvironmentRename($id: String!, $input: EnvironmentRenameInput!) {
      environmentRename(id: $id, input: $input) { id name isEphemeral createdAt }
    }`,
  safety: "idempotent",
  result: z.object({ environmentRename: environmentSummary }).transform((data) => data.environmentRename),
  target: (vars: { id: string; input: { name: string } }) => `environment ${shortId(vars.id)}`,
});

export const environments = defineOperation({
  name: "Environments",
  document: /* GraphQL */ `
    query Environments($projectId: String!, $isEphemeral: Boolean, $first: Int, $after: String) {
      environments(projectId: $projectId, isEphemeral: $isEphemeral, first: $first, after: $after) {
        edges { node { id name isEphemeral createdAt } }
        pageInfo { hasNextPage endCursor }
      }
    }`,
  safety: "read",
  result: z.object({ environments: page(environmentSummary) }).transform((data) => data.environments),
  target: (vars: { projectId: string; isEphemeral?: boolean; first?: number; after?: string }) =>
    `environments of project ${shortId(vars.projectId)}`,
});

/**
 * Everything this project manages in one environment, in one request (docs/railway-api-notes.md, "The environment config document"): the whole
 * config document with real values, its etag, staged-change count and each instance's latest deployment.
 */
export const environmentSnapshot = defineOperation({
  name: "EnvironmentSnapshot",
  document: /* GraphQL */ `
    query EnvironmentSnapshot($id: String!) {
      environment(id: $id) {
        id name projectId isEphemeral unmergedChangesCount
        config(decryptVariables: true)
        configEtag
        serviceInstances(first: 500) {
          edges { node { id serviceId serviceName latestDeployment { id status createdAt } } }
        }
      }
    }`,
  safety: "read",
  result: z
    .object({
      environment: z.object({
        id: z.string(),
        name: z.string(),
        projectId: z.string(),
        isEphemeral: z.boolean(),
        unmergedChangesCount: z.number().nullable(),
        config: environmentConfigSchema,
        configEtag: z.string(),
        serviceInstances: nodes(
          z.object({
            id: z.string(),
            serviceId: z.string(),
            serviceName: z.string(),
            latestDeployment: z
              .object({ id: z.string(), status: z.string(), createdAt: z.string() })
              .nullable(),
          }),
        ),
      }),
    })
    .transform((data) => data.environment),
  target: (vars: { id: string }) => `environment ${shortId(vars.id)}`,
});

export const environmentStagedChanges = defineOperation({
  name: "EnvironmentStagedChanges",
  document: /* GraphQL */ `
    query EnvironmentStagedChanges($environmentId: String!) {
      environmentStagedChanges(environmentId: $environmentId) { id status patch(decryptVariables: true) }
    }`,
  safety: "read",
  result: z
    .object({
      environmentStagedChanges: z.object({
        id: z.string(),
        status: z.string(),
        patch: environmentConfigSchema.nullable(),
      }),
    })
    .transform((data) => data.environmentStagedChanges),
  target: (vars: { environmentId: string }) => `staged changes of environment ${shortId(vars.environmentId)}`,
});

export const environmentStageChanges = defineOperation({
  name: "EnvironmentStageChanges",
  document: /* GraphQL */ `
    mutation EnvironmentStageChanges($environmentId: String!, $input: EnvironmentConfig!, $merge: Boolean) {
      environmentStageChanges(environmentId: $environmentId, input: $input, merge: $merge) { id status }
    }`,
  // Staging the same patch again with merge:true stages the same values: safe to re-send.
  safety: "idempotent",
  result: z
    .object({ environmentStageChanges: z.object({ id: z.string(), status: z.string() }) })
    .transform((data) => data.environmentStageChanges),
  target: (vars: { environmentId: string; input: unknown; merge?: boolean }) =>
    `environment ${shortId(vars.environmentId)}`,
});

export const environmentPatchCommitStaged = defineOperation({
  name: "EnvironmentPatchCommitStaged",
  document: /* GraphQL */ `
    mutation EnvironmentPatchCommitStaged($environmentId: String!, $commitMessage: String, $skipDeploys: Boolean) {
      environmentPatchCommitStaged(environmentId: $environmentId, commitMessage: $commitMessage, skipDeploys: $skipDeploys)
    }`,
  // A second commit would commit whatever is staged by then: reconcile by reading the staged changes instead.
  safety: "once",
  result: z
    .object({ environmentPatchCommitStaged: z.string() })
    .transform((data) => data.environmentPatchCommitStaged),
  target: (vars: { environmentId: string; commitMessage?: string; skipDeploys?: boolean }) =>
    `environment ${shortId(vars.environmentId)}`,
});

export const environmentPatchCommit = defineOperation({
  name: "EnvironmentPatchCommit",
  document: /* GraphQL */ `
    mutation EnvironmentPatchCommit($environmentId: String!, $patch: EnvironmentConfig, $commitMessage: String) {
      environmentPatchCommit(environmentId: $environmentId, patch: $patch, commitMessage: $commitMessage)
    }`,
  // Commits deploy; a blind second commit could deploy twice.
  safety: "once",
  result: z.object({ environmentPatchCommit: z.string() }).transform((data) => data.environmentPatchCommit),
  target: (vars: { environmentId: string; patch: unknown; commitMessage?: string }) =>
    `environment ${shortId(vars.environmentId)}`,
});

/**
 * The latest deployment of every service instance of an environment, in one request: how `up` watches all
 * of an environment's deploying services with one poll per tick, whatever their number.
 */
export const environmentDeployments = defineOperation({
  name: "EnvironmentDeployments",
  document: /* GraphQL */ `
    query EnvironmentDeployments($id: String!) {
      environment(id: $id) {
        serviceInstances(first: 500) {
          edges { node { serviceId latestDeployment { id status createdAt } } }
        }
      }
    }`,
  safety: "read",
  result: z
    .object({
      environment: z.object({
        serviceInstances: nodes(
          z.object({
            serviceId: z.string(),
            latestDeployment: z
              .object({ id: z.string(), status: z.string(), createdAt: z.string() })
              .nullable(),
          }),
        ),
      }),
    })
    .transform((data) => data.environment.serviceInstances),
  target: (vars: { id: string }) => `deployments of environment ${shortId(vars.id)}`,
});
