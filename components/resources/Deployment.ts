import * as pulumi from "@pulumi/pulumi";
import type { DeploymentInputs } from "../providers/deploymentProvider.ts";
import type { LogExpectation, LogHint } from "../providers/logVerification.ts";
import { type Declared, RailwayResource } from "./railwayResource.ts";

/**
 * A log line a ready deployment must show, as `logReadiness()` takes it: a `LogExpectation` whose
 * `capture.equals` may be an Output (a broker's host). A change deploys nothing; it applies to the next
 * deployment.
 * @example { description: "worker ready", pattern: "worker ready" }
 */
export type LogExpectationArgs = Omit<LogExpectation, "capture"> & {
  capture?: { group: number; equals: pulumi.Input<string>; mismatch: string };
};

/**
 * How a deployment is judged ready. `status`: Railway's own SUCCESS (after its healthcheck, if set).
 * `logs`: also lines of the service's own log, for services that serve no HTTP; build one with
 * `logReadiness()`, or use `celeryVerification()`. A change deploys nothing; it applies to the next
 * deployment.
 * @example { kind: "status" }
 */
export type VerificationArgs =
  | { kind: "status" }
  | {
      kind: "logs";
      /** Lines that must all appear, in any order. */
      expect: LogExpectationArgs[];
      /**
       * Lines that explain why the expected ones never appeared.
       * @default []
       */
      hints?: LogHint[];
      /**
       * Seconds to wait for the lines after the deployment is up.
       * @default 120
       */
      timeoutSeconds?: pulumi.Input<number>;
    };

/**
 * What a program declares for a `Deployment`; each field says what a change does. `RailwayService`
 * fills all of them in.
 */
export type DeploymentArgs = Omit<Declared<DeploymentInputs>, "verify"> & {
  /**
   * How readiness is judged: `{ kind: "status" }`, or `logReadiness(…)` for a service that serves no HTTP.
   * A change deploys nothing; it applies to the next deployment.
   * @example { kind: "status" }
   */
  verify: pulumi.Input<VerificationArgs>;
};

/**
 * One deployment of a service in an environment: it writes the service's `declared` settings and
 * variables in the environment's one commit of the `pulumi up` (only what differs from Railway), which
 * deploys the service once, then awaits and verifies that deployment. It deploys again only when `trigger`,
 * `declared` or `dependencies` changes, or the last deployment is no longer healthy (one without `declared`:
 * on any change but `verify`). `pulumi up`
 * fails with the deployment's status and the log lines that explain it. Deleting it undeploys nothing.
 *
 * @example
 * import * as pulumi from "@pulumi/pulumi";
 * import { Deployment } from "pulumi-railway-app";
 *
 * // `api` is a Service, `settings` its ServiceSettings, `variables` its ServiceVariables.
 * const deployment = new Deployment("api-deployment", {
 *   projectId: project.id, environmentId: production.id, serviceId: api.id, serviceName: "api",
 *   trigger: pulumi.interpolate`${settings.revision}/${variables.revision}`,
 *   declared: pulumi
 *     .all([settings.settings, variables.variables])
 *     .apply(([declaredSettings, own]) => ({ settings: declaredSettings, variables: own, shared: {} })),
 *   verify: { kind: "status" },
 * }, { dependsOn: [settings, variables] });
 */
export class Deployment extends RailwayResource {
  /** The Railway deployment id. */
  declare readonly deploymentId: pulumi.Output<string>;
  /**
   * The deployment's status when last seen (on `up` or `refresh`), e.g. `SUCCESS`; `NO_SOURCE` for a
   * service with no repository and no image, which has nothing to deploy.
   */
  declare readonly status: pulumi.Output<string>;
  /** The last log line that proved readiness, when `verify` reads logs. */
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
 * A log-based readiness rule for any worker that prints when it is ready, e.g. a Node queue worker; pass
 * it as a `RailwayService`'s `verify`. A change deploys nothing; it applies to the next deployment.
 *
 * @param rules.lines Lines that must all appear, in any order.
 * @param rules.hints Lines that explain why they never appeared, each with a cause and a fix (default none).
 * @param rules.timeoutSeconds Seconds to wait for the lines after the deployment is up (default 120).
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
