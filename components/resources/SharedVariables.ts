import * as pulumi from "@pulumi/pulumi";
import type { SharedVariablesInputs } from "../providers/sharedVariablesProvider.ts";
import { type Declared, RailwayResource } from "./railwayResource.ts";

export type SharedVariablesArgs = Omit<Declared<SharedVariablesInputs>, "variables"> & {
  /** @see SharedVariablesInputs.variables */
  variables: pulumi.Input<Record<string, pulumi.Input<string>>>;
};

/**
 * The shared variables of one environment, owned as a whole set. A service receives one only through a
 * `${{shared.KEY}}` reference; `RailwayService`'s `shared` option writes those references for you.
 *
 * @example
 * const shared = new SharedVariables("shared", {
 *   projectId: project.id, environmentId: production.id,
 *   variables: { LOG_LEVEL: "info", STRIPE_KEY: config.requireSecret("stripeKey") },
 * });
 */
export class SharedVariables extends RailwayResource {
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
