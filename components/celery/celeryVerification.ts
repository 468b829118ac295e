import type * as pulumi from "@pulumi/pulumi";
import { logReadiness, type VerificationArgs } from "../resources/Deployment.ts";
import { CONNECTED, KNOWN_ERRORS, READY } from "./workerLogs.ts";

/**
 * How a Celery worker proves it is ready, from Celery's own log lines (a worker serves no HTTP, so
 * Railway cannot healthcheck it): `Connected to redis://…` to the declared broker's host, then
 * `celery@<host> ready.`; the known error lines explain a worker that never gets there. `CeleryApp` uses
 * it for every worker; pass it as a `RailwayService`'s `verify` for a worker declared by hand. A change
 * deploys nothing; it applies to the next deployment.
 *
 * @param brokerHost The host the worker must report connecting to (compared case-insensitively).
 * @param timeoutSeconds Seconds to wait for the lines after the deployment is up (default 120).
 * @example
 * import { celeryVerification, RailwayService, vocabulary } from "pulumi-railway-app";
 *
 * const worker = new RailwayService("worker", {
 *   projectId: project.id, environmentId: production.id,
 *   settings: { repo: "acme/omnidoc", startCommand: "celery -A src.tasks.celery_app worker --loglevel=info" },
 *   variables: { REDIS_URL: "${{Redis.REDIS_URL}}" },
 *   verify: celeryVerification(vocabulary.privateHost("Redis")),
 * });
 */
export function celeryVerification(
  brokerHost: pulumi.Input<string>,
  timeoutSeconds?: number,
): VerificationArgs {
  return logReadiness({
    lines: [
      {
        description: "Connected to redis://…",
        pattern: CONNECTED.source,
        flags: CONNECTED.flags,
        capture: {
          group: 2,
          equals: brokerHost,
          mismatch: "the worker connected to {actual}, not to the declared broker {expected}",
        },
      },
      { description: "celery@… ready.", pattern: READY.source, flags: READY.flags },
    ],
    hints: KNOWN_ERRORS.map((error) => ({
      pattern: error.pattern.source,
      flags: error.pattern.flags,
      cause: error.cause,
      fix: error.fix,
    })),
    ...(timeoutSeconds === undefined ? {} : { timeoutSeconds }),
  });
}
