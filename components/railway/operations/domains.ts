import { z } from "zod";
import { defineOperation } from "../operation.ts";
import { shortId } from "./shapes.ts";

const serviceDomain = z.object({ id: z.string(), domain: z.string(), targetPort: z.number().nullable() });

interface InstanceRef {
  serviceId: string;
  environmentId: string;
}

const instanceName = (vars: InstanceRef) =>
  `domain of service ${shortId(vars.serviceId)} in environment ${shortId(vars.environmentId)}`;

/** A generated `*.up.railway.app` domain; applied at once, no deploy (docs/railway-api-notes.md, "Domains"). */
export const serviceDomainCreate = defineOperation({
  name: "ServiceDomainCreate",
  document: /* GraphQL */ `
    mutation ServiceDomainCreate($input: ServiceDomainCreateInput!) {
      serviceDomainCreate(input: $input) { id domain targetPort }
    }`,
  safety: "once",
  result: z.object({ serviceDomainCreate: serviceDomain }).transform((data) => data.serviceDomainCreate),
  target: (vars: { input: InstanceRef & { targetPort?: number } }) => instanceName(vars.input),
});

export const serviceDomainUpdate = defineOperation({
  name: "ServiceDomainUpdate",
  document: /* GraphQL */ `
    mutation ServiceDomainUpdate($input: ServiceDomainUpdateInput!) { serviceDomainUpdate(input: $input) }`,
  safety: "idempotent",
  result: z.object({ serviceDomainUpdate: z.boolean() }).transform((data) => data.serviceDomainUpdate),
  target: (vars: { input: InstanceRef & { serviceDomainId: string; domain: string; targetPort?: number } }) =>
    instanceName(vars.input),
});

export const serviceDomainDelete = defineOperation({
  name: "ServiceDomainDelete",
  document: /* GraphQL */ `mutation ServiceDomainDelete($id: String!) { serviceDomainDelete(id: $id) }`,
  safety: "idempotent",
  result: z.object({ serviceDomainDelete: z.boolean() }).transform((data) => data.serviceDomainDelete),
  target: (vars: { id: string }) => `service domain ${shortId(vars.id)}`,
});

export const domains = defineOperation({
  name: "Domains",
  document: /* GraphQL */ `
    query Domains($projectId: String!, $environmentId: String!, $serviceId: String!) {
      domains(projectId: $projectId, environmentId: $environmentId, serviceId: $serviceId) {
        serviceDomains { id domain targetPort }
      }
    }`,
  safety: "read",
  result: z
    .object({ domains: z.object({ serviceDomains: z.array(serviceDomain) }) })
    .transform((data) => data.domains.serviceDomains),
  target: (vars: InstanceRef & { projectId: string }) => instanceName(vars),
});
