/**
 * The lines deploy verification and the doctor match, checked against what Debian's Celery 5.2 worker,
 * redis-server 7.0 and the sample API really print (test/fixtures/real-logs, recorded by its capture.ts
 * under the emulator's real deployments; versions.json has the packages' versions).
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import {
  brokerConnection,
  KNOWN_ERRORS,
  knownErrors,
  readyLine,
} from "../../components/celery/workerLogs.ts";

const DIR = resolve(import.meta.dirname, "../fixtures/real-logs");
const lines = (name: string) =>
  readFileSync(resolve(DIR, `${name}.log`), "utf8")
    .replace(/\n$/, "")
    .split("\n");
const errorIds = (name: string) => knownErrors(lines(name)).map((found) => found.error.id);

describe("the recorded lines are what this project's packages print", () => {
  it("Celery 5.2, kombu 5.2, redis-py 4.3 and redis-server 7.0, from Debian 12", () => {
    const versions = JSON.parse(readFileSync(resolve(DIR, "versions.json"), "utf8")) as Record<
      string,
      string
    >;
    expect(versions["python3-celery"]).toMatch(/^5\.2\./);
    expect(versions["python3-kombu"]).toMatch(/^5\.2\./);
    expect(versions["python3-redis"]).toMatch(/^4\.3\./);
    expect(versions["redis-server"]).toMatch(/^5:7\.0\./);
    expect(lines("celery-worker-ready-and-task")).toContainEqual(
      expect.stringMatching(/ celery@[0-9a-f]{12} v5\.2\.6 /),
    );
    expect(lines("redis-server-start")[1]).toMatch(/Redis version=7\.0\.15,/);
  });
});

describe("deploy verification's lines on a real worker", () => {
  const worker = lines("celery-worker-ready-and-task");

  it("`Connected to redis://…` names the private domain the worker really connected to", () => {
    expect(brokerConnection(worker)).toMatchObject({
      scheme: "redis",
      host: "redis.railway.internal",
      port: 6379,
    });
  });

  it("`celery@… ready.` is found", () => {
    expect(readyLine(worker)).toMatch(/^\[[\d-]+ [\d:,]+: INFO\/MainProcess\] celery@[0-9a-f]{12} ready\.$/);
  });

  it("a worker without --loglevel=info prints neither, as the doctor and verification expect", () => {
    const quiet = lines("celery-without-loglevel");
    expect(brokerConnection(quiet)).toBeUndefined();
    expect(readyLine(quiet)).toBeUndefined();
  });

  it("no known error matches a healthy worker (its root SecurityWarning included) or a healthy API", () => {
    expect(worker.some((line) => line.includes("SecurityWarning"))).toBe(true);
    expect(errorIds("celery-worker-ready-and-task")).toEqual([]);
    expect(errorIds("redis-server-start")).toEqual([]);
    expect(knownErrors(lines("api-submitted-then-redis-stopped").slice(0, 4))).toEqual([]);
  });
});

describe("the doctor's known errors on real failures", () => {
  it.each([
    ["celery-broker-refused", ["broker-unreachable"]],
    ["celery-unknown-host", ["broker-unreachable", "unknown-host"]],
    ["celery-wrong-password", ["broker-unreachable", "wrong-password"]],
    ["celery-no-broker-url", ["broker-unreachable"]],
    ["celery-rediss-without-ssl-cert-reqs", ["rediss-without-cert-reqs"]],
    ["celery-app-not-found", ["celery-app-not-found"]],
    ["celery-concurrency-unexpanded", ["unexpanded-variable"]],
    ["api-submitted-then-redis-stopped", ["submit-failed"]],
  ])("%s → %j", (name, ids) => {
    expect(errorIds(name)).toEqual(ids);
  });

  it("celery-app-option-after-worker → app-option-after-worker", () => {
    expect(errorIds("celery-app-option-after-worker")).toEqual(["app-option-after-worker"]);
  });

  it("which known errors no real recording here covers (they need Upstash, Python 2 or the original app)", () => {
    const covered = new Set(
      [
        "celery-broker-refused",
        "celery-unknown-host",
        "celery-wrong-password",
        "celery-no-broker-url",
        "celery-rediss-without-ssl-cert-reqs",
        "celery-app-not-found",
        "celery-concurrency-unexpanded",
        "api-submitted-then-redis-stopped",
        "celery-app-option-after-worker",
      ].flatMap(errorIds),
    );
    expect(KNOWN_ERRORS.map((error) => error.id).filter((id) => !covered.has(id))).toEqual(["tls-required"]);
  });
});
