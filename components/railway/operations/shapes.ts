import { z } from "zod";

/** A Relay connection parsed straight into its nodes (docs/railway-api-notes.md, "Pagination and ids"). */
export function nodes<T extends z.ZodType>(node: T) {
  return z
    .object({
      edges: z.array(z.object({ node: node as z.ZodType<z.output<T>> })),
      pageInfo: z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullable() }).optional(),
    })
    .transform((connection) => connection.edges.map((edge) => edge.node));
}

/** A Relay connection with its paging cursor, for lists that may be longer than one page. */
export function page<T extends z.ZodType>(node: T) {
  return z
    .object({
      edges: z.array(z.object({ node: node as z.ZodType<z.output<T>> })),
      pageInfo: z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullable() }),
    })
    .transform((connection) => ({
      items: connection.edges.map((edge) => edge.node),
      nextCursor: connection.pageInfo.hasNextPage ? (connection.pageInfo.endCursor ?? undefined) : undefined,
    }));
}

/** The JSON scalar `EnvironmentVariables`: a flat `{KEY: "value"}` object. */
export const environmentVariables = z.record(z.string(), z.string());

/** Short form of an id for messages. */
export function shortId(id: string | undefined | null): string {
  return id ? id.slice(0, 8) : "(none)";
}
