/**
 * Typed Railway errors. Railway answers most failures with HTTP 200 and an `errors[]` array, and reuses
 * `INTERNAL_SERVER_ERROR` for "not found", "Not Authorized", "already exists" and rate limits alike
 * (docs/railway-api-notes.md, "Errors"), so classification happens once, here, by status, code and message.
 *
 * Every message names the operation and the object it was about, and never a token or a variable value:
 * callers pass only identifiers to `target`, and server messages pass through `redact` first.
 */

export interface ErrorContext {
  /** GraphQL operation name, e.g. "ServiceCreate". */
  operation: string;
  /** The object the operation was about, in words: `service "api" in environment 1f2e…`. */
  target: string;
  /** Railway's trace id when it gave one ("Problem processing request" carries one). */
  traceId?: string;
}

export class RailwayError extends Error {
  readonly operation: string;
  readonly target: string;
  readonly traceId: string | undefined;
  /** True when the request may have been applied even though no answer arrived. */
  readonly mayHaveApplied: boolean;

  constructor(
    context: ErrorContext,
    reason: string,
    options: { mayHaveApplied?: boolean; hint?: string } = {},
  ) {
    const trace = context.traceId ? ` (Railway trace id ${context.traceId})` : "";
    const hint = options.hint ? ` ${options.hint}` : "";
    super(`Railway ${context.operation} failed for ${context.target}: ${reason}${trace}.${hint}`);
    this.name = new.target.name;
    this.operation = context.operation;
    this.target = context.target;
    this.traceId = context.traceId;
    this.mayHaveApplied = options.mayHaveApplied ?? false;
  }
}

/** The object does not exist (or no longer exists). */
export class NotFoundError extends RailwayError {}

/** The token is missing, wrong, expired, or may not touch this object. */
export class NotAuthorizedError extends RailwayError {}

/** Railway refused the request because a rate limit was reached; it was not executed. */
export class RateLimitedError extends RailwayError {
  readonly retryAfterMs: number | undefined;
  constructor(context: ErrorContext, reason: string, retryAfterMs: number | undefined) {
    const wait =
      retryAfterMs === undefined
        ? ""
        : ` Railway asked to wait ${Math.ceil(retryAfterMs / 1000)} s: run it again after ${clockTime(Date.now() + retryAfterMs)}.`;
    super(context, reason, {
      hint: `It was not executed. Railway's Hobby plan allows 1000 requests per hour and 10 per second.${wait}`,
    });
    this.retryAfterMs = retryAfterMs;
  }
}

/**
 * The hour's request budget cannot pay for a unit of work that must finish once started (a stage and its
 * commit): refused before its first request, so nothing of it is half-applied.
 */
export class BudgetSpentError extends Error {
  readonly resetAt: number | undefined;
  constructor(work: string, needed: number, remaining: number, resetAt: number | undefined) {
    const when =
      resetAt === undefined
        ? "when Railway's hourly window resets"
        : `after ${clockTime(resetAt)} (in ${Math.max(1, Math.ceil((resetAt - Date.now()) / 60_000))} min), when Railway's hourly window resets`;
    super(
      `Railway's request budget is spent: ${remaining} request(s) left this hour, ${needed} needed to ${work}. ` +
        `Nothing of that was sent, so nothing is half-applied. Run \`pulumi up\` again ${when}; it continues ` +
        "from what is already done.",
    );
    this.name = "BudgetSpentError";
    this.resetAt = resetAt;
  }
}

function clockTime(epochMs: number): string {
  return `${new Date(epochMs).toISOString().slice(11, 16)} UTC`;
}

/** Railway rejected the input (schema validation, a value Railway does not accept, a conflict). */
export class InvalidInputError extends RailwayError {}

/** An object with that name already exists. */
export class AlreadyExistsError extends InvalidInputError {}

/** Railway failed on its side (5xx, "Problem processing request"). */
export class ServerError extends RailwayError {}

/**
 * A mutation that must not run twice was sent, and its answer was lost (connection reset, timeout, 5xx).
 * It may or may not have been applied: the caller reconciles by reading before anything is re-sent.
 */
export class AmbiguousWriteError extends RailwayError {
  constructor(context: ErrorContext, reason: string) {
    super(context, `${reason}; the request may have been applied`, {
      mayHaveApplied: true,
      hint: "Nothing was re-sent: read the current state before retrying.",
    });
  }
}

/** The request could not reach Railway at all (DNS, connection refused, retries exhausted on network errors). */
export class NetworkError extends RailwayError {}

/**
 * No token was found in any of the places Railway's own tools read one from. `stackConfig` says whether
 * the reader is a stack's provider, which also reads `railway:token`; a script reads the environment and
 * the project folder's `.env` only, so it names those instead.
 */
export class MissingTokenError extends Error {
  constructor(stackConfig = true) {
    super(
      "No Railway token found. Set RAILWAY_API_TOKEN to an account or workspace token (sent as " +
        "`Authorization: Bearer`), or RAILWAY_TOKEN to a project token (sent as `Project-Access-Token`), " +
        (stackConfig
          ? "or set the stack config `railway:token` with `pulumi config set --secret railway:token <token>`."
          : "in the environment or in the project folder's .env file."),
    );
    this.name = "MissingTokenError";
  }
}
