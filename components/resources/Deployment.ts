import * as pulumi from "@pulumi/pulumi";
import type { DeploymentInputs } from "../providers/deploymentProvider.ts";
import type { LogExpectation, LogHint } from "../providers/logVerification.ts";
import { type Declared, RailwayResource } from "./railwayResource.ts";

/** A log line a ready deployment must show; `capture.equals` may be an Output (a broker's host). */
export type LogExpectationArgs = Omit<LogExpectation, "capture"> & {
  capture?: { group: number; equals: pulumi.Input<string>; mismatch: string };
};

/**
 * How a deployment is judged ready. `status`: Railway's own SUCCESS (after its healthcheck, if set).
 * `logs`: also lines of the service's own log, for services that serve no HTTP; build one with
 * `logReadiness()`, or take `celeryVerification()` from a `CeleryApp`.
 */
export type VerificationArgs =
  | { kind: "status" }
  | { kind: "logs"; expect: LogExpectationArgs[]; hints?: LogHint[]; timeoutSeconds?: pulumi.Input<number> };

export type DeploymentArgs = Omit<Declared<DeploymentInputs>, "verify"> & {
  /** @see DeploymentInputs.verify */
  verify: pulumi.Input<VerificationArgs>;
};

/**
 * One deployment of a service in an environment: started after its settings and variables are in place,
 * awaited, and verified. `pulumi up` fails with the deployment's status and the log lines that explain it.
 */
export class Deployment extends RailwayResource {
  declare readonly deploymentId: pulumi.Output<string>;
  declare readonly status: pulumi.Output<string>;
  declare readonly readyLine: pulumi.Output<string | undefined>;

  constructor(name: string, args: DeploymentArgs, opts?: pulumi.CustomResourceOptions) {
    // The declaration holds the service's variable values: always a secret in the state.
    const declared = args.declared === undefined ? {} : { declared: pulumi.secret(args.declared) };
    super("Deployment", name, { ...args, ...declared }, ["deploymentId", "status", "readyLine"], opts, [
      "trigger",
      "declared",
    ]);
  }
}

/**
 * A log-based readiness rule for any worker that prints when it is ready, e.g. a Node queue worker:
 *
 * @example
 * verify: logReadiness({
 *   lines: [
 *     { description: "connected to Redis", pattern: "connected to redis://([^:/\\s]+)",
 *       capture: { group: 1, equals: "redis.railway.internal", mismatch: "it connected to {actual}, not {expected}" } },
 *     { description: "worker ready", pattern: "worker ready" },
 *   ],
 *   timeoutSeconds: 60,
 * })
 */
export function logReadiness(rules: {
  lines: LogExpectationArgs[];
  hints?: LogHint[];
  timeoutSeconds?: pulumi.Input<number>;
}): VerificationArgs {
  return {
    kind: "logs",
    expect: rules.lines,
    ...(rules.hints ? { hints: rules.hints } : {}),
    ...(rules.timeoutSeconds === undefined ? {} : { timeoutSeconds: rules.timeoutSeconds }),
  };
}
