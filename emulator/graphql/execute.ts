import {
  execute,
  type GraphQLError,
  type GraphQLFieldResolver,
  type GraphQLFormattedError,
  isNonNullType,
  validate,
} from "graphql";
import type { RequestContext } from "../resolvers/context.ts";
import type { ParsedRequest } from "./document.ts";
import { notEmulated } from "./errors.ts";
import { railwaySchema } from "./schema.ts";

export type ResolverMap = Record<string, (args: Record<string, unknown>, ctx: RequestContext) => unknown>;

export interface RootResolvers {
  query: ResolverMap;
  mutation: ResolverMap;
}

export interface ExecutionOutcome {
  status: number;
  body: { data?: unknown; errors?: GraphQLFormattedError[] };
}

/**
 * Resolves a field from the parent object: a property, or a function called with (args, ctx).
 * A root field nobody implemented answers NOT_EMULATED, never a fake success; so does a non-null
 * nested field the views do not provide. Nullable ones the views omit read as null.
 */
const fieldResolver: GraphQLFieldResolver<unknown, RequestContext> = (source, args, ctx, info) => {
  const isRoot =
    info.parentType === info.schema.getQueryType() || info.parentType === info.schema.getMutationType();
  if (typeof source === "object" && source !== null && info.fieldName in source) {
    const value: unknown = Reflect.get(source, info.fieldName);
    return typeof value === "function" ? value(args, ctx, info) : value;
  }
  if (isRoot) throw notEmulated(info.fieldName);
  if (isNonNullType(info.returnType)) throw notEmulated(`${info.parentType.name}.${info.fieldName}`);
  return null;
};

export function formatError(
  error: GraphQLError,
  fallbackCode = "INTERNAL_SERVER_ERROR",
): GraphQLFormattedError {
  const formatted = error.toJSON();
  const code = formatted.extensions?.code;
  return {
    ...formatted,
    extensions: { ...formatted.extensions, code: typeof code === "string" ? code : fallbackCode },
  };
}

export async function executeRequest(
  parsed: ParsedRequest,
  ctx: RequestContext,
  roots: RootResolvers,
): Promise<ExecutionOutcome> {
  if (parsed.requestError || !parsed.document || !parsed.operation) {
    const errors = parsed.requestError ? [formatError(parsed.requestError, "BAD_REQUEST")] : [];
    return { status: 400, body: { errors } };
  }
  const schema = railwaySchema();
  // Rejected before execution with graphql-js's own messages; Railway's HTTP status here is inferred.
  const validationErrors = validate(schema, parsed.document);
  if (validationErrors.length > 0) {
    return {
      status: 400,
      body: { errors: validationErrors.map((e) => formatError(e, "GRAPHQL_VALIDATION_FAILED")) },
    };
  }
  if (parsed.operation.operation === "subscription") {
    return {
      status: 200,
      body: {
        data: null,
        errors: [{ message: "Subscriptions are not emulated", extensions: { code: "NOT_EMULATED" } }],
      },
    };
  }
  const rootValue = parsed.operation.operation === "mutation" ? roots.mutation : roots.query;
  const result = await execute({
    schema,
    document: parsed.document,
    rootValue,
    contextValue: ctx,
    variableValues: parsed.variables,
    operationName: parsed.operationName,
    fieldResolver,
  });
  if (result.data === undefined) {
    // Variable coercion failed (wrong variable type): nothing executed.
    return {
      status: 400,
      body: { errors: (result.errors ?? []).map((e) => formatError(e, "GRAPHQL_VALIDATION_FAILED")) },
    };
  }
  const body: ExecutionOutcome["body"] = { data: result.data };
  if (result.errors && result.errors.length > 0) body.errors = result.errors.map((e) => formatError(e));
  return { status: 200, body };
}
