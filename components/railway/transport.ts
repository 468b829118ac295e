import { ClientError, GraphQLClient } from "graphql-request";

/** One GraphQL error as Railway sends it. */
export interface GraphQLErrorBody {
  message: string;
  path?: ReadonlyArray<string | number>;
  extensions?: Record<string, unknown>;
}

/** What one HTTP attempt produced, before any interpretation. */
export type AttemptOutcome =
  | { type: "response"; status: number; headers: Headers; data: unknown; errors: readonly GraphQLErrorBody[] }
  | { type: "http"; status: number; headers: Headers; errors: readonly GraphQLErrorBody[] }
  | { type: "network"; sent: boolean; code: string }
  | { type: "timeout" };

/** Connection errors that prove the request never reached the server. */
const NOT_SENT_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "UND_ERR_CONNECT_TIMEOUT",
]);

/**
 * Sends one request with graphql-request over fetch. Never throws for HTTP or GraphQL failures, and never
 * lets graphql-request's ClientError message (which embeds the request, variables included) escape.
 */
export async function sendOnce(input: {
  endpoint: string;
  headers: Record<string, string>;
  document: string;
  variables: Record<string, unknown>;
  timeoutMs: number;
}): Promise<AttemptOutcome> {
  const client = new GraphQLClient(input.endpoint, {
    headers: input.headers,
    errorPolicy: "all",
    fetch: (url: string | URL | Request, init?: RequestInit) =>
      fetch(url, { ...init, signal: AbortSignal.timeout(input.timeoutMs) }),
  });
  try {
    const response = await client.rawRequest(input.document, input.variables);
    return {
      type: "response",
      status: response.status,
      headers: response.headers,
      data: response.data,
      errors: toErrorBodies(response.errors),
    };
  } catch (error) {
    if (error instanceof ClientError) {
      const response = error.response;
      return {
        type: "http",
        status: response.status,
        headers: new Headers(response.headers as ConstructorParameters<typeof Headers>[0]),
        errors: toErrorBodies(response.errors),
      };
    }
    return networkOutcome(error);
  }
}

function networkOutcome(error: unknown): AttemptOutcome {
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) {
    return { type: "timeout" };
  }
  const code = errorCode(error);
  return { type: "network", sent: !NOT_SENT_CODES.has(code), code };
}

function errorCode(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth += 1) {
    const code = (current as Error & { code?: unknown }).code;
    if (typeof code === "string") return code;
    if (current.name === "TimeoutError") return "ETIMEDOUT";
    current = (current as Error & { cause?: unknown }).cause;
  }
  return error instanceof Error ? error.name : "UNKNOWN";
}

function toErrorBodies(errors: unknown): GraphQLErrorBody[] {
  if (!Array.isArray(errors)) return [];
  return errors.map((error) => {
    const body = (error ?? {}) as Record<string, unknown>;
    return {
      message: typeof body.message === "string" ? body.message : "unknown error",
      ...(Array.isArray(body.path) ? { path: body.path as Array<string | number> } : {}),
      ...(body.extensions && typeof body.extensions === "object"
        ? { extensions: body.extensions as Record<string, unknown> }
        : {}),
    };
  });
}
