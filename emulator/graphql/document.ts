import {
  type DocumentNode,
  GraphQLError,
  Kind,
  type OperationDefinitionNode,
  parse,
  type SelectionSetNode,
} from "graphql";

/** A request body reduced to what the transport needs before executing anything. */
export interface ParsedRequest {
  query: string;
  variables: Record<string, unknown>;
  operationName: string | null;
  document: DocumentNode | null;
  operation: OperationDefinitionNode | null;
  /** Root field names of the selected operation, for metrics, faults and latency. */
  rootFields: string[];
  /** Set when the body cannot be executed at all (bad JSON, no query, syntax error). */
  requestError: GraphQLError | null;
}

export const UNPARSED_FIELD = "(unparsed)";

export function parseRequestBody(body: unknown): ParsedRequest {
  const base: ParsedRequest = {
    query: "",
    variables: {},
    operationName: null,
    document: null,
    operation: null,
    rootFields: [UNPARSED_FIELD],
    requestError: null,
  };
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return { ...base, requestError: requestError("POST body must be a JSON object", "BAD_REQUEST") };
  }
  const { query, variables, operationName } = body as Record<string, unknown>;
  if (typeof query !== "string" || query.trim() === "") {
    return { ...base, requestError: requestError("Must provide query string.", "BAD_REQUEST") };
  }
  const parsed: ParsedRequest = {
    ...base,
    query,
    variables:
      typeof variables === "object" && variables !== null && !Array.isArray(variables)
        ? (variables as Record<string, unknown>)
        : {},
    operationName: typeof operationName === "string" && operationName !== "" ? operationName : null,
  };
  let document: DocumentNode;
  try {
    document = parse(query);
  } catch (error) {
    const message = error instanceof GraphQLError ? error.message : String(error);
    return { ...parsed, requestError: requestError(message, "GRAPHQL_PARSE_FAILED") };
  }
  const operations = document.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  const operation = parsed.operationName
    ? operations.find((o) => o.name?.value === parsed.operationName)
    : operations.length === 1
      ? operations[0]
      : undefined;
  if (!operation) {
    const message = parsed.operationName
      ? `Unknown operation named "${parsed.operationName}".`
      : "Must provide operation name if query contains multiple operations.";
    return { ...parsed, document, requestError: requestError(message, "BAD_REQUEST") };
  }
  return {
    ...parsed,
    document,
    operation,
    operationName: parsed.operationName ?? operation.name?.value ?? null,
    rootFields: rootFieldsOf(document, operation.selectionSet),
  };
}

function rootFieldsOf(
  document: DocumentNode,
  selectionSet: SelectionSetNode,
  seen = new Set<string>(),
): string[] {
  const out: string[] = [];
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value !== "__typename") out.push(selection.name.value);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      out.push(...rootFieldsOf(document, selection.selectionSet, seen));
    } else if (!seen.has(selection.name.value)) {
      seen.add(selection.name.value);
      const fragment = document.definitions.find(
        (d) => d.kind === Kind.FRAGMENT_DEFINITION && d.name.value === selection.name.value,
      );
      if (fragment && fragment.kind === Kind.FRAGMENT_DEFINITION)
        out.push(...rootFieldsOf(document, fragment.selectionSet, seen));
    }
  }
  return [...new Set(out)];
}

function requestError(message: string, code: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code } });
}
