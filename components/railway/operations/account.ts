import { z } from "zod";
import { defineOperation } from "../operation.ts";

export const me = defineOperation({
  name: "Me",
  document: /* GraphQL */ `query Me { me { id email workspaces { id name } } }`,
  safety: "read",
  result: z
    .object({
      me: z.object({
        id: z.string(),
        email: z.string().nullable(),
        workspaces: z.array(z.object({ id: z.string(), name: z.string() })),
      }),
    })
    .transform((data) => data.me),
  target: (_: Record<string, never>) => "the token's account",
});

export const projectToken = defineOperation({
  name: "ProjectToken",
  document: /* GraphQL */ `query ProjectToken { projectToken { projectId environmentId } }`,
  safety: "read",
  result: z
    .object({ projectToken: z.object({ projectId: z.string(), environmentId: z.string() }) })
    .transform((data) => data.projectToken),
  target: (_: Record<string, never>) => "the project token",
});
