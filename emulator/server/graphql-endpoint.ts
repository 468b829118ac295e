import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { RateDecision } from "../control/rate-limiter.ts";
import { parseRequestBody } from "../graphql/document.ts";
import { executeRequest } from "../graphql/execute.ts";
import { rootResolvers } from "../resolvers/root.ts";
import type { Fault } from "../types.ts";
import type { EmulatorCore } from "./core.ts";
import { callerOf } from "./grant.ts";
import { parseJson, readBody, sendJson, sendText, sleep } from "./http-io.ts";

// POST /graphql/v2: count → latency → edge limit (no query string) → token budget → faults →
// step the clock → execute. Rate-limited and faulted requests (except dropResponse) never execute.

function rateHeaders(decision: RateDecision): Record<string, string> {
  return {
    "x-ratelimit-limit": String(decision.limit),
    "x-ratelimit-remaining": String(decision.remaining),
    "x-ratelimit-reset": String(decision.resetEpochSeconds),
  };
}

function rateLimitedBody(seconds: number) {
  return {
    errors: [
      {
        message: `You are being rate limited. Try again in ${seconds} seconds`,
        extensions: { code: "RATE_LIMITED" },
      },
    ],
  };
}

export async function handleGraphQL(
  core: EmulatorCore,
  req: IncomingMessage,
  res: ServerResponse,
  hasQueryString: boolean,
): Promise<void> {
  const { world } = core;
  if (req.method !== "POST") {
    sendJson(
      res,
      405,
      { errors: [{ message: "Only POST is supported", extensions: { code: "METHOD_NOT_ALLOWED" } }] },
      { allow: "POST" },
    );
    return;
  }
  const text = await readBody(req);
  const json = parseJson(text);
  const parsed = json.ok ? parseRequestBody(json.value) : parseRequestBody(null);
  world.metrics.request(parsed.rootFields, parsed.operationName ?? "(anonymous)");
  await sleep(core.latency.delayFor(parsed.rootFields));

  const caller = callerOf(world, req.headers);
  let headers: Record<string, string> = {};
  if (core.rateLimiter) {
    if (!hasQueryString && !core.rateLimiter.passEdge()) {
      // Cloudflare's edge answer (docs/railway-api-notes.md, "Endpoint and the source tag"): HTML, no
      // X-RateLimit headers, no Retry-After.
      world.metrics.rateLimited();
      sendText(res, 429, "error code: 1015", "text/html; charset=UTF-8");
      return;
    }
    const decision = core.rateLimiter.take(caller.key);
    headers = rateHeaders(decision);
    if (!decision.allowed) {
      world.metrics.rateLimited();
      sendJson(res, 429, rateLimitedBody(decision.retryAfterSeconds), {
        ...headers,
        "retry-after": String(decision.retryAfterSeconds),
      });
      return;
    }
  }

  const fault = core.faults.take(parsed.rootFields);
  if (fault && fault.kind !== "dropResponse") {
    serveFault(core, fault, req, res, headers);
    return;
  }
  if (!json.ok) {
    sendJson(
      res,
      400,
      { errors: [{ message: `Invalid JSON body: ${json.error}`, extensions: { code: "BAD_REQUEST" } }] },
      headers,
    );
    return;
  }
  world.clock.tickForRequest();
  const outcome = await executeRequest(
    parsed,
    { world, grant: caller.grant, recordMetrics: true },
    rootResolvers,
  );
  if (fault?.kind === "dropResponse") {
    // Executed and committed, but the client never hears back.
    req.socket.destroy();
    return;
  }
  sendJson(res, outcome.status, outcome.body, headers);
}

function serveFault(
  core: EmulatorCore,
  fault: Fault,
  req: IncomingMessage,
  res: ServerResponse,
  headers: Record<string, string>,
): void {
  switch (fault.kind) {
    case "429": {
      const seconds = fault.retryAfterSeconds ?? 1;
      core.world.metrics.rateLimited();
      sendJson(res, 429, rateLimitedBody(seconds), {
        ...headers,
        "x-ratelimit-remaining": "0",
        "retry-after": String(seconds),
      });
      return;
    }
    case "500":
      sendJson(
        res,
        500,
        { errors: [{ message: "Internal Server Error", extensions: { code: "INTERNAL_SERVER_ERROR" } }] },
        headers,
      );
      return;
    case "502":
      sendText(res, 502, "502 Bad Gateway", "text/plain; charset=utf-8");
      return;
    case "503":
      sendText(res, 503, "503 Service Unavailable", "text/plain; charset=utf-8");
      return;
    case "reset":
      req.socket.destroy();
      return;
    case "timeout":
      // Never answered: held until the client gives up or the emulator closes.
      core.heldSockets.add(req.socket);
      req.socket.once("close", () => core.heldSockets.delete(req.socket));
      return;
    case "graphqlError":
      sendJson(
        res,
        200,
        {
          data: null,
          errors: [
            {
              message: fault.message ?? "Problem processing request",
              extensions: { code: "INTERNAL_SERVER_ERROR", traceId: randomUUID().replace(/-/g, "") },
            },
          ],
        },
        headers,
      );
      return;
    case "dropResponse":
      return;
  }
}
