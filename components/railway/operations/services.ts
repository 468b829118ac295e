import { z } from "zod";
import { defineOperation } from "../operation.ts";
import { shortId } from "./shapes.ts";

const serviceSummary = z.object({
  id: z.string(),
  name: z.string(),
  projectId: z.string(),
  createdAt: z.string(),
});

export interface ServiceCreateInput {
  projectId: string;
  environmentId?: string;
  name: string;
  source?: { repo?: string; image?: string };
  branch?: string;
  variables?: Record<string, string>;
}

export const serviceCreate = defineOperation({
  name: "ServiceCreate",
  document: /* GraphQL */ `
    mutation ServiceCreate($input: ServiceCreateInput!) {
      serviceCreate(input: $input) { id name projectId createdAt }
    }`,
  safety: "once",
  result: z.object({ serviceCreate: serviceSummary }).transform((data) => data.serviceCreate),
  target: (vars: { input: ServiceCreateInput }) =>
    `service "${vars.input.name}" in project ${shortId(vars.input.projectId)}`,
});

export const service = defineOperation({
  name: "Service",
  document: /* GraphQL */ `query Service($id: String!) { service(id: $id) { id name projectId createdAt } }`,
  safety: "read",
  result: z.object({ service: serviceSummary }).transform((data) => data.service),
  target: (vars: { id: string }) => `service ${shortId(vars.id)}`,
});

export const serviceUpdate = defineOperation({
  name: "ServiceUpdate",
  document: /* GraphQL */ `
    mutation ServiceUpdate($id: String!, $input: ServiceUpdateInput!) {
      serviceUpdate(id: $id, input: $input) { id name projectId createdAt }
    }`,
  safety: "idempotent",
  result: z.object({ serviceUpdate: serviceSummary }).transform((data) => data.serviceUpdate),
  target: (vars: { id: string; input: { name?: string; icon?: string } }) => `service ${shortId(vars.id)}`,
});

export const serviceDelete = defineOperation({
  name: "ServiceDelete",
  document: /* GraphQL */ `
    mutation ServiceDelete($id: String!, $environmentId: String) {
      serviceDelete(id: $id, environmentId: $environmentId)
    }`,
  safety: "idempotent",
  result: z.object({ serviceDelete: z.boolean() }).transform((data) => data.serviceDelete),
  target: (vars: { id: string; environmentId?: string }) =>
    vars.environmentId
      ? `service ${shortId(vars.id)} in environment ${shortId(vars.environmentId)}`
      : `service ${shortId(vars.id)}`,
});

/** The object-API view of one service in one environment (doctor reads it; providers use the config). */
export const serviceInstance = defineOperation({
  name: "ServiceInstance",
  document: /* GraphQL */ `
    query ServiceInstance($serviceId: String!, $environmentId: String!) {
      serviceInstance(serviceId: $serviceId, environmentId: $environmentId) {
        id serviceId serviceName environmentId
        source { repo image }
        rootDirectory builder buildCommand dockerfilePath watchPatterns
        startCommand preDeployCommand healthcheckPath healthcheckTimeout
        numReplicas region restartPolicyType restartPolicyMaxRetries cronSchedule sleepApplication
        latestDeployment { id status createdAt }
      }
    }`,
  safety: "read",
  result: z
    .object({
      serviceInstance: z.object({
        id: z.string(),
        serviceId: z.string(),
        serviceName: z.string(),
        environmentId: z.string(),
        source: z.object({ repo: z.string().nullable(), image: z.string().nullable() }).nullable(),
        rootDirectory: z.string().nullable(),
        builder: z.string(),
        buildCommand: z.string().nullable(),
        dockerfilePath: z.string().nullable(),
        watchPatterns: z.array(z.string()),
        startCommand: z.string().nullable(),
        preDeployCommand: z.unknown(),
        healthcheckPath: z.string().nullable(),
        healthcheckTimeout: z.number().nullable(),
        numReplicas: z.number().nullable(),
        region: z.string().nullable(),
        restartPolicyType: z.string(),
        restartPolicyMaxRetries: z.number(),
        cronSchedule: z.string().nullable(),
        sleepApplication: z.boolean().nullable(),
        latestDeployment: z.object({ id: z.string(), status: z.string(), createdAt: z.string() }).nullable(),
      }),
    })
    .transform((data) => data.serviceInstance),
  target: (vars: { serviceId: string; environmentId: string }) =>
    `service ${shortId(vars.serviceId)} in environment ${shortId(vars.environmentId)}`,
});
