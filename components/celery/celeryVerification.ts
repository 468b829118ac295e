import type * as pulumi from "@pulumi/pulumi";
import { logReadiness, type VerificationArgs } from "../resources/Deployment.ts";
import { CONNECTED, KNOWN_ERRORS, READY } from "./workerLogs.ts";

/**
 * How a Celery worker proves it is ready, from Celery's own log lines (a worker serves no HTTP, so
 * Railway cannot healthcheck it): `Connected to redis://…` to the declared broker's host, then
 * `celery@<host> ready.`; the known error lines explain a worker that never gets there.
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
