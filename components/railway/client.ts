import { currentBudget, recordBudget, spendBudget } from "./budget.ts";
import { classifyOutcome } from "./classify.ts";
import { authorizationHeader, type Credentials } from "./credentials.ts";
import { SOURCE_TAG } from "./endpoint.ts";
import { AmbiguousWriteError, BudgetSpentError, type RailwayError, ServerError } from "./errors.ts";
import { type Operation, safetyOf } from "./operation.ts";
import { DEFAULT_MAX_REQUESTS_PER_SECOND, pacerFor } from "./pacer.ts";
import { redact, sensitiveStrings, withoutCredentials } from "./redact.ts";
import { RequestCounter } from "./requestCounter.ts";
import { backoffDelayMs, DEFAULT_RETRY_POLICY, type RetryPolicy } from "./retryPolicy.ts";
import { sendOnce } from "./transport.ts";

/** Something a person may want to see while a long run waits (a retry, a rate-limit pause). */
export interface ClientEvent {
  type: "retry" | "reconciled";
  operation: string;
  target: string;
  /** What went wrong, already redacted. */
  reason: string;
  waitMs?: number;
  attempt?: number;
}

export interface RailwayClientOptions {
  credentials: Credentials;
  /** Full URL with its query string (see `railwayEndpoint`). */
  endpoint: string;
  retry?: Partial<RetryPolicy>;
  /** Requests per second for this process; defaults to `RAILWAY_MAX_RPS` or 9 (Hobby allows 10). */
  maxRequestsPerSecond?: number;
  /** Per-request timeout; Railway's CLI uses 90 s because long mutations need it. `RAILWAY_REQUEST_TIMEOUT_MS` overrides. */
  timeoutMs?: number;
  counter?: RequestCounter;
  onEvent?: (event: ClientEvent) => void;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/** Shared by every client of this process unless a test passes its own. */
export const processRequestCounter = new RequestCounter();

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The one place that talks to Railway's GraphQL API: auth header, `?source=` endpoint, pacing, retries with
 * jittered backoff, typed errors, response parsing, and request counts by operation. Knows nothing of Pulumi.
 */
export class RailwayClient {
  readonly endpoint: string;
  readonly counter: RequestCounter;
  private readonly credentials: Credentials;
  private readonly policy: RetryPolicy;
  private readonly timeoutMs: number;
  private readonly maxPerSecond: number;
  private readonly onEvent: ((event: ClientEvent) => void) | undefined;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;

  constructor(options: RailwayClientOptions) {
    this.credentials = options.credentials;
    this.endpoint = options.endpoint;
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    const envTimeout = Number(process.env.RAILWAY_REQUEST_TIMEOUT_MS);
    this.timeoutMs = options.timeoutMs ?? (envTimeout > 0 ? envTimeout : 90_000);
    const envRps = Number(process.env.RAILWAY_MAX_RPS);
    this.maxPerSecond =
      options.maxRequestsPerSecond ?? (envRps > 0 ? envRps : DEFAULT_MAX_REQUESTS_PER_SECOND);
    this.counter = options.counter ?? processRequestCounter;
    this.onEvent = options.onEvent;
    this.sleep = options.sleep ?? defaultSleep;
    this.random = options.random ?? Math.random;
  }

  /** The kind of token in use: project tokens cannot create projects or environments. */
  get tokenKind(): Credentials["kind"] {
    return this.credentials.kind;
  }

  private get budgetKey(): string {
    return `${this.endpoint} ${this.credentials.token}`;
  }

  /** What Railway last said is left of the hour's requests, if it said. */
  budget(): { remaining: number; resetAt: number | undefined } | undefined {
    return currentBudget(this.budgetKey);
  }

  /**
   * Refuses, before any of it is sent, a unit of `needed` requests that the hour's budget cannot pay for
   * (as far as Railway's last answer tells), so that work which must finish once started is never begun.
   */
  reserve(needed: number, work: string): void {
    const budget = currentBudget(this.budgetKey);
    if (!budget || budget.remaining >= needed) return;
    // A window that reopens within the wait a 429 may ask for is waited for, not refused.
    const waitable =
      budget.resetAt !== undefined && budget.resetAt - Date.now() <= this.policy.maxRetryAfterMs;
    if (!waitable) throw new BudgetSpentError(work, needed, budget.remaining, budget.resetAt);
  }

  /** Runs one operation: paced, retried as its safety allows, parsed, or a typed RailwayError. */
  async run<Vars extends object, Result>(operation: Operation<Vars, Result>, vars: Vars): Promise<Result> {
    const safety = safetyOf(operation, vars);
    const target = operation.target(vars);
    const secrets = [...sensitiveStrings(vars), this.credentials.token];
    const context = {
      operation: operation.name,
      target,
      safety,
      secrets,
      credentialSource: this.credentials.source,
      // Named in connection errors; its query string and any credentials never are.
      endpoint: withoutCredentials(this.endpoint),
    };
    const pacer = pacerFor(this.endpoint, this.maxPerSecond);
    let lastError: RailwayError | undefined;
    for (let attempt = 0; attempt < this.policy.maxAttempts; attempt += 1) {
      await pacer.acquire();
      this.reserve(1, `send ${operation.name} for ${target}`);
      spendBudget(this.budgetKey);
      this.counter.record(operation.name, "attempt");
      const outcome = await sendOnce({
        endpoint: this.endpoint,
        headers: { ...authorizationHeader(this.credentials), "x-source": SOURCE_TAG },
        document: operation.document,
        variables: vars as Record<string, unknown>,
        timeoutMs: this.timeoutMs,
      });
      if (outcome.type === "response" || outcome.type === "http")
        recordBudget(this.budgetKey, outcome.headers);
      const failure = classifyOutcome(outcome, context);
      if (!failure && outcome.type === "response") {
        const parsed = operation.result.safeParse(outcome.data);
        if (parsed.success) {
          this.counter.record(operation.name, "success");
          return parsed.data;
        }
        this.counter.record(operation.name, "failure");
        const issue = parsed.error.issues[0];
        const where = issue ? `${issue.path.join(".") || "(root)"}: ${issue.message}` : "unknown";
        throw new ServerError(context, `Railway answered in an unexpected shape at ${where}`);
      }
      if (!failure) throw new ServerError(context, "Railway gave no data and no error");
      lastError = failure.error;
      const waitMs = failure.waitMs ?? backoffDelayMs(this.policy, attempt, this.random);
      const canWait = failure.waitMs === undefined || failure.waitMs <= this.policy.maxRetryAfterMs;
      if (!failure.retry || !canWait || attempt === this.policy.maxAttempts - 1) break;
      this.counter.record(operation.name, "retry");
      this.onEvent?.({
        type: "retry",
        operation: operation.name,
        target,
        reason: redact(failure.error.message, secrets),
        waitMs,
        attempt: attempt + 1,
      });
      await this.sleep(waitMs);
    }
    this.counter.record(operation.name, "failure");
    throw lastError ?? new ServerError(context, "no attempt was made");
  }

  /**
   * Runs a mutation that creates something, at most once unless proven not applied. When its answer is lost
   * (AmbiguousWriteError), `find` reads what exists: a hit is the object the lost request created; a miss
   * proves nothing was created, and the mutation is sent once more.
   */
  async createOnce<Vars extends object, Result>(
    operation: Operation<Vars, Result>,
    vars: Vars,
    find: () => Promise<Result | undefined>,
  ): Promise<Result> {
    try {
      return await this.run(operation, vars);
    } catch (error) {
      if (!(error instanceof AmbiguousWriteError)) throw error;
      const found = await find();
      if (found !== undefined) {
        this.onEvent?.({
          type: "reconciled",
          operation: operation.name,
          target: operation.target(vars),
          reason: "the answer was lost; found what the request created",
        });
        return found;
      }
      return await this.run(operation, vars);
    }
  }
}
