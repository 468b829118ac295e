import { z } from "zod";
import { defineOperation } from "../operation.ts";
import { nodes, page, shortId } from "./shapes.ts";

const projectSummary = z.object({
  id: z.string(),
  name: z.string(),
  workspaceId: z.string().nullable().optional(),
  createdAt: z.string(),
});

export const projectCreate = defineOperation({
  name: "ProjectCreate",
  document: /* GraphQL */ `
    mutation ProjectCreate($input: ProjectCreateInput!) {
      projectCreate(input: $input) {
        id name workspaceId createdAt
        environments(first: 10) { edges { node { id name } } }
      }
    }`,
  safety: "once",
  result: z
    .object({
      projectCreate: projectSummary.extend({
        environments: nodes(z.object({ id: z.string(), name: z.string() })),
      }),
    })
    .transform((data) => data.projectCreate),
  target: (vars: {
    input: { name: string; workspaceId?: string; description?: string; defaultEnvironmentName?: string };
  }) => `project "${vars.input.name}"`,
});

/** The project with its environments and services: one read serves every project-wide object. */
export const project = defineOperation({
  name: "Project",
  document: /* GraphQL */ `
    query Project($id: String!) {
      project(id: $id) {
        id name description workspaceId createdAt
        environments(first: 500) { edges { node { id name isEphemeral createdAt } } pageInfo { hasNextPage endCursor } }
        services(first: 500) { edges { node { id name createdAt } } pageInfo { hasNextPage endCursor } }
      }
    }`,
  safety: "read",
  result: z
    .object({
      project: projectSummary.extend({
        description: z.string().nullable().optional(),
        environments: nodes(
          z.object({ id: z.string(), name: z.string(), isEphemeral: z.boolean(), createdAt: z.string() }),
        ),
        services: nodes(z.object({ id: z.string(), name: z.string(), createdAt: z.string() })),
      }),
    })
    .transform((data) => data.project),
  target: (vars: { id: string }) => `project ${shortId(vars.id)}`,
});

export const projects = defineOperation({
  name: "Projects",
  document: /* GraphQL */ `
    query Projects($workspaceId: String, $first: Int, $after: String) {
      projects(workspaceId: $workspaceId, first: $first, after: $after) {
        edges { node { id name workspaceId createdAt } }
        pageInfo { hasNextPage endCursor }
      }
    }`,
  safety: "read",
  result: z.object({ projects: page(projectSummary) }).transform((data) => data.projects),
  target: (vars: { workspaceId?: string; first?: number; after?: string }) =>
    vars.workspaceId ? `projects of workspace ${shortId(vars.workspaceId)}` : "projects of the token",
});

export const projectUpdate = defineOperation({
  name: "ProjectUpdate",
  document: /* GraphQL */ `
    mutation ProjectUpdate($id: String!, $input: ProjectUpdateInput!) {
      projectUpdate(id: $id, input: $input) { id name description }
    }`,
  safety: "idempotent",
  result: z
    .object({
      projectUpdate: z.object({ id: z.string(), name: z.string(), description: z.string().nullable() }),
    })
    .transform((data) => data.projectUpdate),
  target: (vars: { id: string; input: { name?: string; description?: string } }) =>
    `project ${shortId(vars.id)}`,
});

export const projectDelete = defineOperation({
  name: "ProjectDelete",
  document: /* GraphQL */ `mutation ProjectDelete($id: String!) { projectDelete(id: $id) }`,
  safety: "idempotent",
  result: z.object({ projectDelete: z.boolean() }).transform((data) => data.projectDelete),
  target: (vars: { id: string }) => `project ${shortId(vars.id)}`,
});
