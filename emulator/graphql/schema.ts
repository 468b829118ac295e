import { readFileSync } from "node:fs";
import { buildSchema, type GraphQLSchema } from "graphql";

// Railway's real schema (components/railway/schema, see SOURCE.md there): every document the
// emulator executes is validated against it, so a field Railway lacks fails here as it would there.

const SCHEMA_URL = new URL("../../components/railway/schema/schema.graphql", import.meta.url);

let cached: GraphQLSchema | undefined;

export function railwaySchema(): GraphQLSchema {
  cached ??= buildSchema(readFileSync(SCHEMA_URL, "utf8"));
  return cached;
}
