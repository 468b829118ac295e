import { readFileSync } from "node:fs";
import { buildSchema, type DocumentNode, Kind, parse, validate } from "graphql";
import { describe, expect, it } from "vitest";
import { ops } from "../../components/railway/index.ts";
import type { Operation } from "../../components/railway/operation.ts";

const schema = buildSchema(
  readFileSync(new URL("../../components/railway/schema/schema.graphql", import.meta.url), "utf8"),
);

/** Every document the project can send, by export name. */
const operations = Object.entries(ops) as Array<[string, Operation<object, unknown>]>;

function operationNames(document: DocumentNode): string[] {
  return document.definitions.flatMap((definition) =>
    definition.kind === Kind.OPERATION_DEFINITION && definition.name ? [definition.name.value] : [],
  );
}

describe("every GraphQL document the client sends", () => {
  it("covers the operations the project needs", () => {
    expect(operations.length).toBeGreaterThanOrEqual(30);
  });

  it.each(operations)("%s validates against Railway's schema", (_, operation) => {
    const document = parse(operation.document);
    const errors = validate(schema, document).map((error) => error.message);
    expect(errors).toEqual([]);
    expect(operationNames(document)).toEqual([operation.name]);
  });

  it("a document asking for a field Railway lacks fails validation", () => {
    const document = parse("query Project($id: String!) { project(id: $id) { id startCommand } }");
    expect(validate(schema, document).map((error) => error.message)).toEqual([
      'Cannot query field "startCommand" on type "Project".',
    ]);
  });
});
