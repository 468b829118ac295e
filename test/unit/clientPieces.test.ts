import { describe, expect, it } from "vitest";
import { classifyOutcome } from "../../components/railway/classify.ts";
import { authorizationHeader, resolveCredentials } from "../../components/railway/credentials.ts";
import { railwayEndpoint } from "../../components/railway/endpoint.ts";
import {
  AlreadyExistsError,
  AmbiguousWriteError,
  InvalidInputError,
  MissingTokenError,
  NotAuthorizedError,
  NotFoundError,
  RateLimitedError,
  ServerError,
} from "../../components/railway/errors.ts";
import { redact, sensitiveStrings } from "../../components/railway/redact.ts";
import { backoffDelayMs, DEFAULT_RETRY_POLICY, retryAfterMs } from "../../components/railway/retryPolicy.ts";

describe("endpoint and credentials", () => {
  it("always tags the endpoint with a query string (Cloudflare's edge limit)", () => {
    expect(railwayEndpoint({})).toBe("https://backboard.railway.com/graphql/v2?source=pulumi-railway-app");
    expect(railwayEndpoint({ RAILWAY_API_URL: "http://127.0.0.1:4455/graphql/v2" })).toBe(
      "http://127.0.0.1:4455/graphql/v2?source=pulumi-railway-app",
    );
    expect(railwayEndpoint({ RAILWAY_API_URL: "http://h/graphql/v2?source=x" })).toBe(
      "http://h/graphql/v2?source=x",
    );
  });

  it("reads tokens the way Railway's CLI does: RAILWAY_TOKEN (project) before RAILWAY_API_TOKEN (bearer)", () => {
    expect(resolveCredentials({ env: { RAILWAY_API_TOKEN: "a" } })).toMatchObject({
      kind: "bearer",
      token: "a",
    });
    expect(resolveCredentials({ env: { RAILWAY_TOKEN: "p", RAILWAY_API_TOKEN: "a" } })).toMatchObject({
      kind: "project",
    });
    expect(resolveCredentials({ configToken: "c", env: { RAILWAY_TOKEN: "p" } })).toMatchObject({
      kind: "bearer",
      token: "c",
    });
    expect(authorizationHeader({ kind: "project", token: "p", source: "x" })).toEqual({
      "Project-Access-Token": "p",
    });
    expect(authorizationHeader({ kind: "bearer", token: "a", source: "x" })).toEqual({
      Authorization: "Bearer a",
    });
  });

  it("a missing token is an error naming both variables", () => {
    expect(() => resolveCredentials({ env: {} })).toThrow(MissingTokenError);
    // A script has no stack config to point to; a provider does.
    expect(() => resolveCredentials({ env: {} })).toThrow(/in the project folder's \.env file\.$/);
    expect(() => resolveCredentials({ configToken: undefined, env: {} })).toThrow(
      /pulumi config set --secret railway:token <token>/,
    );
    expect(() => resolveCredentials({ env: {} })).toThrow(/RAILWAY_API_TOKEN.*RAILWAY_TOKEN/s);
  });
});

describe("redaction", () => {
  it("collects strings under sensitive keys only", () => {
    const secrets = sensitiveStrings({
      input: { name: "worker", projectId: "p-1", variables: { REDIS_URL: "redis://:pw@h", X: "1" } },
      patch: { services: { s: { deploy: { startCommand: "celery" } } } },
    });
    expect(secrets.sort()).toEqual(["celery", "redis://:pw@h"]);
    expect(redact('Variable "$input" got invalid value "redis://:pw@h"', secrets)).toBe(
      'Variable "$input" got invalid value "[redacted]"',
    );
  });
});

describe("retry policy", () => {
  it("honours Retry-After, then X-RateLimit-Reset (epoch or delta)", () => {
    expect(retryAfterMs(new Headers({ "retry-after": "3" }))).toBe(3000);
    expect(retryAfterMs(new Headers({ "x-ratelimit-reset": "2000000000" }), 1_999_999_998_000)).toBe(2000);
    expect(retryAfterMs(new Headers({ "x-ratelimit-reset": "5" }))).toBe(5000);
    expect(retryAfterMs(new Headers({}))).toBeUndefined();
  });

  it("backs off with full jitter under a cap", () => {
    expect(backoffDelayMs(DEFAULT_RETRY_POLICY, 0, () => 1)).toBe(500);
    expect(backoffDelayMs(DEFAULT_RETRY_POLICY, 3, () => 1)).toBe(4000);
    expect(backoffDelayMs(DEFAULT_RETRY_POLICY, 20, () => 1)).toBe(DEFAULT_RETRY_POLICY.maxDelayMs);
    expect(backoffDelayMs(DEFAULT_RETRY_POLICY, 3, () => 0)).toBe(0);
  });
});

describe("error classification", () => {
  const context = (safety: "read" | "idempotent" | "once") => ({
    operation: "ServiceCreate",
    target: 'service "worker"',
    safety,
    secrets: ["tok-123"],
    credentialSource: "RAILWAY_API_TOKEN",
  });
  const graphql = (
    message: string,
    extensions: Record<string, unknown> = { code: "INTERNAL_SERVER_ERROR" },
  ) =>
    ({
      type: "response",
      status: 200,
      headers: new Headers(),
      data: null,
      errors: [{ message, extensions }],
    }) as const;

  it.each([
    ["Not Authorized", NotAuthorizedError, false],
    ["Project not found", NotFoundError, false],
    ["Service with name worker already exists", AlreadyExistsError, false],
    ["You are being rate limited. Try again in 3 seconds", RateLimitedError, true],
    ["Cannot deploy a service without a source", InvalidInputError, false],
  ])("HTTP 200 %j → %o", (message, type, retry) => {
    const decision = classifyOutcome(graphql(message), context("read"));
    expect(decision?.error).toBeInstanceOf(type);
    expect(decision?.retry).toBe(retry);
    expect(decision?.error.message).toContain('Railway ServiceCreate failed for service "worker"');
  });

  it("an opaque server error is retried when safe, and ambiguous for a create", () => {
    const problem = graphql("Problem processing request", { code: "INTERNAL_SERVER_ERROR", traceId: "t-9" });
    expect(classifyOutcome(problem, context("read"))).toMatchObject({ retry: true });
    const once = classifyOutcome(problem, context("once"));
    expect(once?.error).toBeInstanceOf(AmbiguousWriteError);
    expect(once?.error.message).toContain("trace id t-9");
  });

  it("a lost answer is retried when safe, never for a create", () => {
    const reset = { type: "network", sent: true, code: "ECONNRESET" } as const;
    expect(classifyOutcome(reset, context("idempotent"))?.retry).toBe(true);
    expect(classifyOutcome(reset, context("once"))?.error).toBeInstanceOf(AmbiguousWriteError);
    const refused = { type: "network", sent: false, code: "ECONNREFUSED" } as const;
    expect(classifyOutcome(refused, context("once"))?.retry).toBe(true);
    const http502 = { type: "http", status: 502, headers: new Headers(), errors: [] } as const;
    expect(classifyOutcome(http502, context("read"))?.error).toBeInstanceOf(ServerError);
    expect(classifyOutcome(http502, context("once"))?.error).toBeInstanceOf(AmbiguousWriteError);
  });

  it("a 429 carries Railway's wait; Cloudflare's edge 429 is named as such", () => {
    const headers = new Headers({ "retry-after": "7", "x-ratelimit-limit": "1000" });
    const decision = classifyOutcome({ type: "http", status: 429, headers, errors: [] }, context("once"));
    expect(decision).toMatchObject({ retry: true, waitMs: 7000 });
    const edge = classifyOutcome(
      { type: "http", status: 429, headers: new Headers(), errors: [] },
      context("read"),
    );
    expect(edge?.error.message).toContain("Cloudflare 1015");
  });

  it("never puts the token or a request secret into a message", () => {
    const decision = classifyOutcome(
      graphql('Variable "$input" got invalid value "tok-123"'),
      context("read"),
    );
    expect(decision?.error.message).not.toContain("tok-123");
  });
});
