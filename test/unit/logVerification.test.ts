import { describe, expect, it } from "vitest";
import { CONNECTED, KNOWN_ERRORS, READY } from "../../components/celery/workerLogs.ts";
import {
  judgeLogs,
  type LogVerification,
  linesSinceLastExpected,
  matchingHints,
  verificationProblems,
} from "../../components/providers/logVerification.ts";

/** The Celery rules exactly as CeleryApp hands them to the provider (celeryVerification). */
function celery(brokerHost: string): LogVerification {
  return {
    kind: "logs",
    expect: [
      {
        description: "Connected to redis://…",
        pattern: CONNECTED.source,
        flags: CONNECTED.flags,
        capture: { group: 2, equals: brokerHost, mismatch: "connected to {actual}, not {expected}" },
      },
      { description: "celery@… ready.", pattern: READY.source, flags: READY.flags },
    ],
    hints: KNOWN_ERRORS.map((error) => ({
      pattern: error.pattern.source,
      cause: error.cause,
      fix: error.fix,
    })),
  };
}

const worker = (host: string) => [
  " -------------- celery@3f2a9c1b7d4e v5.4.0 (opalescent)",
  `[2026-12-02 10:00:02,000: INFO/MainProcess] Connected to redis://default:**@${host}:6379/0`,
  "[2026-12-02 10:00:03,200: INFO/MainProcess] celery@3f2a9c1b7d4e ready.",
];

describe("log verification", () => {
  it("is ready when every expected line is there and the captured host is the declared one", () => {
    const lines = worker("Redis.railway.internal");
    expect(judgeLogs(lines, celery("redis.railway.internal"))).toEqual({
      verdict: "ready",
      lines: [lines[1], lines[2]],
    });
  });

  it("fails at once when the worker connected to another broker, naming both", () => {
    expect(judgeLogs(worker("cache.railway.internal"), celery("redis.railway.internal"))).toEqual({
      verdict: "mismatch",
      reason: "connected to cache.railway.internal, not redis.railway.internal",
    });
  });

  it("waits, naming what is missing, while a line has not appeared yet", () => {
    expect(judgeLogs(worker("redis.railway.internal").slice(0, 2), celery("redis.railway.internal"))).toEqual(
      {
        verdict: "waiting",
        missing: ["celery@… ready."],
      },
    );
  });

  it("a second strategy needs no Celery: any worker's own lines and hints", () => {
    const node: LogVerification = {
      kind: "logs",
      expect: [{ description: "ready", pattern: 'worker: ready, consuming queue "orders"' }],
      hints: [{ pattern: "ECONNREFUSED", cause: "Redis is down", fix: "deploy Redis" }],
    };
    expect(judgeLogs(['worker: ready, consuming queue "orders"'], node).verdict).toBe("ready");
    expect(matchingHints(["Error: connect ECONNREFUSED 10.0.0.1:6379"], node.hints)).toEqual(node.hints);
    expect(matchingHints(["fine"], node.hints)).toEqual([]);
  });

  it("rejects a pattern that is not a regular expression, and a rule set with no line", () => {
    expect(verificationProblems({ kind: "logs", expect: [{ description: "x", pattern: "(" }] })[0]).toMatch(
      /not a regular expression/,
    );
    expect(verificationProblems({ kind: "logs", expect: [] })).toEqual([
      "verify.expect must name at least one log line",
    ]);
    expect(verificationProblems({ kind: "status" })).toEqual([]);
  });
});

describe("what a running worker said since its last sign of readiness", () => {
  const blip =
    "[2026-12-02 11:00:00,000: ERROR/MainProcess] consumer: Cannot connect to redis://redis.railway.internal:6379/0: Error 111 connecting to redis.railway.internal:6379. Connection refused..";
  const reconnected =
    "[2026-12-02 11:00:30,000: INFO/MainProcess] Connected to redis://default:**@redis.railway.internal:6379/0";
  const task = "[2026-12-02 11:01:00,000: INFO/ForkPoolWorker-1] Task shop.send succeeded in 0.1s: None";

  it("an error it recovered from is over: no hint applies after the reconnection", () => {
    const lines = [blip, reconnected, task];
    expect(matchingHints(lines, celery("redis.railway.internal").hints)).not.toEqual([]);
    expect(linesSinceLastExpected(lines, celery("redis.railway.internal"))).toEqual([task]);
    expect(
      matchingHints(linesSinceLastExpected(lines, celery("redis.railway.internal")), celery("x").hints),
    ).toEqual([]);
  });

  it("an error after its last sign of readiness still applies, and with no such sign every line counts", () => {
    const verification = celery("redis.railway.internal");
    expect(linesSinceLastExpected([reconnected, task, blip], verification)).toEqual([task, blip]);
    expect(linesSinceLastExpected([task, blip], verification)).toEqual([task, blip]);
  });
});
