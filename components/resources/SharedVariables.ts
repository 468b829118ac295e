import * as pulumi from "@pulumi/pulumi";
import type { SharedVariablesInputs } from "../providers/sharedVariablesProvider.ts";
import { type Declared, RailwayResource } from "./railwayResource.ts";

/** What a program declares for `SharedVariables`; each field says what a change does. */
export type SharedVariablesArgs = Omit<Declared<SharedVariablesInputs>, "variables"> & {
  /**
   * The environment's complete set of shared variables (others are removed), literal values only (a
   * reference would resolve empty). A change is written in the environment's one commit and redeploys,
   * once, exactly the services that reference a changed key. Kept secret in the state.
   * @example { LOG_LEVEL: "info", STRIPE_KEY: config.requireSecret("stripeKey") }
   */
  variables: pulumi.Input<Record<string, pulumi.Input<string>>>;
};

/**
 * The shared variables of one environment, owned as a whole set. A service receives one only through a
 * `${{shared.KEY}}` reference; `RailwayService`'s `shared` option writes those references for you.
 * Deleting it (`pulumi destroy`) removes the environment's shared variables.
 *
 * @example
 * import { SharedVariables } from "pulumi-railway-app";
 *
 * const shared = new SharedVariables("shared", {
 *   projectId: project.id, environmentId: production.id,
 *   variables: { LOG_LEVEL: "info", STRIPE_KEY: config.requireSecret("stripeKey") },
 * });
 */
export class SharedVariables extends RailwayResource {
  /** The environment's shared variables (secret). */
  declare readonly variables: pulumi.Output<Record<string, string>>;
  /** One revision per variable, changed when it is written; a referencing service deploys when its keys change. */
  declare readonly revisions: pulumi.Output<Record<string, string>>;

  /**
   * The declared values (secret), as the program gave them: services that reference a key carry its value
   * into their own Deployment without waiting for this resource, so both land in one commit.
   */
  readonly declared: pulumi.Output<Record<string, string>>;

  constructor(name: string, args: SharedVariablesArgs, opts?: pulumi.CustomResourceOptions) {
    super("SharedVariables", name, args, ["revisions"], opts, ["variables"]);
    this.declared = pulumi.secret(pulumi.output(args.variables) as pulumi.Output<Record<string, string>>);
  }
}
