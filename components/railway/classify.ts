import {
  AlreadyExistsError,
  AmbiguousWriteError,
  type ErrorContext,
  InvalidInputError,
  NetworkError,
  NotAuthorizedError,
  NotFoundError,
  type RailwayError,
  RateLimitedError,
  ServerError,
} from "./errors.ts";
import type { Safety } from "./operation.ts";
import { redact } from "./redact.ts";
import { retryAfterMs } from "./retryPolicy.ts";
import type { AttemptOutcome, GraphQLErrorBody } from "./transport.ts";

/** What to do with a failed attempt: give up with `error`, or try again (after `waitMs` when Railway said so). */
export interface FailureDecision {
  error: RailwayError;
  retry: boolean;
  waitMs?: number;
}

export interface ClassifyContext extends ErrorContext {
  safety: Safety;
  /** Strings that must not appear in any message (request secrets, the token). */
  secrets: readonly string[];
  /** Where the token came from, for the "not authorized" hint (never the token). */
  credentialSource: string;
  /** The endpoint tried, printable: without its query string or credentials (`withoutCredentials`). */
  endpoint?: string;
}

const RATE_LIMIT_MESSAGE = /rate ?limit|too many requests|too quickly|can be created per|try again in/i;
const NOT_AUTHORIZED_MESSAGE = /not authori[sz]ed|unauthori[sz]ed|token not found|authentication required/i;
const NOT_FOUND_MESSAGE = /not found|does not exist/i;
const ALREADY_EXISTS_MESSAGE = /already exists|already taken/i;
const SERVER_PROBLEM_MESSAGE = /problem processing request|internal server error/i;
const VALIDATION_CODES = new Set(["GRAPHQL_VALIDATION_FAILED", "GRAPHQL_PARSE_FAILED", "BAD_USER_INPUT"]);

/** Interprets one failed attempt. Returns undefined when the outcome is a clean success. */
export function classifyOutcome(
  outcome: AttemptOutcome,
  context: ClassifyContext,
): FailureDecision | undefined {
  const mayRetryAfterSend = context.safety !== "once";
  switch (outcome.type) {
    case "response": {
      if (outcome.errors.length === 0) return undefined;
      return classifyGraphQLErrors(outcome.errors, context);
    }
    case "http": {
      if (outcome.status === 429) {
        const waitMs = retryAfterMs(outcome.headers);
        const edge = !outcome.headers.has("x-ratelimit-limit");
        const reason = edge
          ? "Railway's edge rate limit answered 429 (Cloudflare 1015)"
          : "Railway answered 429 Too Many Requests";
        return {
          error: new RateLimitedError(context, reason, waitMs),
          retry: true,
          ...(waitMs === undefined ? {} : { waitMs }),
        };
      }
      if (outcome.status === 401 || outcome.status === 403) {
        return {
          error: notAuthorized(context, `HTTP ${outcome.status}`, context.credentialSource),
          retry: false,
        };
      }
      if (outcome.status >= 500) {
        const reason = `Railway answered HTTP ${outcome.status}`;
        return mayRetryAfterSend
          ? { error: new ServerError(context, reason), retry: true }
          : { error: new AmbiguousWriteError(context, reason), retry: false };
      }
      if (outcome.errors.length > 0) return classifyGraphQLErrors(outcome.errors, context);
      return {
        error: new InvalidInputError(context, `Railway answered HTTP ${outcome.status}`),
        retry: false,
      };
    }
    case "network": {
      const to = context.endpoint ? ` to ${context.endpoint}` : "";
      const reason = `the connection${to} failed (${outcome.code})`;
      if (!outcome.sent) return { error: new NetworkError(context, reason), retry: true };
      return mayRetryAfterSend
        ? { error: new NetworkError(context, reason), retry: true }
        : { error: new AmbiguousWriteError(context, reason), retry: false };
    }
    case "timeout": {
      const from = context.endpoint ? ` from ${context.endpoint}` : "";
      const reason = `no answer${from} before the request timed out`;
      return mayRetryAfterSend
        ? { error: new NetworkError(context, reason), retry: true }
        : { error: new AmbiguousWriteError(context, reason), retry: false };
    }
  }
}

function classifyGraphQLErrors(
  errors: readonly GraphQLErrorBody[],
  context: ClassifyContext,
): FailureDecision {
  const first = errors[0] ?? { message: "unknown error" };
  const message = redact(first.message, context.secrets);
  const code = typeof first.extensions?.code === "string" ? first.extensions.code : undefined;
  const traceId = typeof first.extensions?.traceId === "string" ? first.extensions.traceId : context.traceId;
  const withTrace: ErrorContext = traceId === undefined ? context : { ...context, traceId };

  if (code !== undefined && VALIDATION_CODES.has(code)) {
    return {
      error: new InvalidInputError(withTrace, `Railway rejected the request: ${message}`),
      retry: false,
    };
  }
  if (RATE_LIMIT_MESSAGE.test(message) || code === "RATE_LIMITED") {
    const seconds = /(\d+)\s*(?:s\b|sec|second)/i.exec(message)?.[1];
    const waitMs = seconds === undefined ? undefined : Number(seconds) * 1000;
    return {
      error: new RateLimitedError(withTrace, message, waitMs),
      retry: true,
      ...(waitMs === undefined ? {} : { waitMs }),
    };
  }
  if (NOT_AUTHORIZED_MESSAGE.test(message)) {
    return { error: notAuthorized(withTrace, message, context.credentialSource), retry: false };
  }
  if (NOT_FOUND_MESSAGE.test(message)) return { error: new NotFoundError(withTrace, message), retry: false };
  if (ALREADY_EXISTS_MESSAGE.test(message)) {
    return { error: new AlreadyExistsError(withTrace, message), retry: false };
  }
  if (SERVER_PROBLEM_MESSAGE.test(message)) {
    // Opaque server failure: safe operations try again; a create may have happened, so the caller reads first.
    return context.safety === "once"
      ? { error: new AmbiguousWriteError(withTrace, message), retry: false }
      : { error: new ServerError(withTrace, message), retry: true };
  }
  return { error: new InvalidInputError(withTrace, message), retry: false };
}

function notAuthorized(context: ErrorContext, reason: string, credentialSource: string): NotAuthorizedError {
  return new NotAuthorizedError(context, reason, {
    hint:
      `Check the token from ${credentialSource}: it must be valid and reach this object. ` +
      "Project tokens (RAILWAY_TOKEN) reach one environment and cannot create projects or environments; " +
      "use an account or workspace token (RAILWAY_API_TOKEN) for those.",
  });
}
