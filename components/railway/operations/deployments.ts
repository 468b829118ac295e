import { z } from "zod";
import { defineOperation } from "../operation.ts";
import { nodes, shortId } from "./shapes.ts";

const deploymentSummary = z.object({
  id: z.string(),
  status: z.string(),
  createdAt: z.string(),
  serviceId: z.string().nullable(),
  environmentId: z.string(),
});

/** Deploys the instance's current source and settings; returns the new deployment's id (docs/railway-api-notes.md, "Deployments"). */
export const serviceInstanceDeploy = defineOperation({
  name: "ServiceInstanceDeploy",
  document: /* GraphQL */ `
    mutation ServiceInstanceDeploy($serviceId: String!, $environmentId: String!, $commitSha: String) {
      serviceInstanceDeployV2(serviceId: $serviceId, environmentId: $environmentId, commitSha: $commitSha)
    }`,
  safety: "once",
  result: z.object({ serviceInstanceDeployV2: z.string() }).transform((data) => data.serviceInstanceDeployV2),
  target: (vars: { serviceId: string; environmentId: string; commitSha?: string }) =>
    `service ${shortId(vars.serviceId)} in environment ${shortId(vars.environmentId)}`,
});

export const deployments = defineOperation({
  name: "Deployments",
  document: /* GraphQL */ `
    query Deployments($input: DeploymentListInput!, $first: Int) {
      deployments(input: $input, first: $first) {
        edges { node { id status createdAt serviceId environmentId } }
      }
    }`,
  safety: "read",
  result: z.object({ deployments: nodes(deploymentSummary) }).transform((data) => data.deployments),
  target: (vars: {
    input: { projectId?: string; environmentId?: string; serviceId?: string; status?: { in?: string[] } };
    first?: number;
  }) =>
    `deployments of service ${shortId(vars.input.serviceId)} in environment ${shortId(vars.input.environmentId)}`,
});

export const deployment = defineOperation({
  name: "Deployment",
  document: /* GraphQL */ `
    query Deployment($id: String!) {
      deployment(id: $id) { id status createdAt statusUpdatedAt serviceId environmentId url staticUrl meta }
    }`,
  safety: "read",
  result: z
    .object({
      deployment: deploymentSummary.extend({
        statusUpdatedAt: z.string().nullable(),
        url: z.string().nullable(),
        staticUrl: z.string().nullable(),
        meta: z.unknown(),
      }),
    })
    .transform((data) => data.deployment),
  target: (vars: { id: string }) => `deployment ${shortId(vars.id)}`,
});

const logLine = z.object({
  timestamp: z.string(),
  message: z.string(),
  severity: z.string().nullable(),
});

export type LogLine = z.output<typeof logLine>;

interface LogQuery {
  deploymentId: string;
  limit?: number;
  filter?: string;
}

/** Runtime stdout/stderr of a deployment, oldest first (docs/railway-api-notes.md, "Pagination and ids"). */
export const deploymentLogs = defineOperation({
  name: "DeploymentLogs",
  document: /* GraphQL */ `
    query DeploymentLogs($deploymentId: String!, $limit: Int, $filter: String) {
      deploymentLogs(deploymentId: $deploymentId, limit: $limit, filter: $filter) { timestamp message severity }
    }`,
  safety: "read",
  result: z.object({ deploymentLogs: z.array(logLine) }).transform((data) => data.deploymentLogs),
  target: (vars: LogQuery) => `logs of deployment ${shortId(vars.deploymentId)}`,
});

export const buildLogs = defineOperation({
  name: "BuildLogs",
  document: /* GraphQL */ `
    query BuildLogs($deploymentId: String!, $limit: Int, $filter: String) {
      buildLogs(deploymentId: $deploymentId, limit: $limit, filter: $filter) { timestamp message severity }
    }`,
  safety: "read",
  result: z.object({ buildLogs: z.array(logLine) }).transform((data) => data.buildLogs),
  target: (vars: LogQuery) => `build logs of deployment ${shortId(vars.deploymentId)}`,
});
