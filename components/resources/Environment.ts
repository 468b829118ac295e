import type * as pulumi from "@pulumi/pulumi";
import type { EnvironmentInputs } from "../providers/environmentProvider.ts";
import { type Declared, RailwayResource } from "./railwayResource.ts";

/** What a program declares for an environment; each field says what a change does. */
export type EnvironmentArgs = Declared<EnvironmentInputs>;

/**
 * A Railway environment: production, staging, or one pull request's preview. Everything a stack
 * configures is written to exactly this environment, never to another.
 *
 * @example
 * import { Environment } from "pulumi-railway-app";
 *
 * const production = new Environment("production", {
 *   projectId: project.id, name: "production", adopt: true, // the one Railway created with the project
 * });
 */
export class Environment extends RailwayResource {
  /** The project the environment belongs to. */
  declare readonly projectId: pulumi.Output<string>;
  /** The environment's name. */
  declare readonly name: pulumi.Output<string>;
  /** Whether the environment was adopted (and so is released, not deleted, on destroy). */
  declare readonly adopted: pulumi.Output<boolean>;

  constructor(name: string, args: EnvironmentArgs, opts?: pulumi.CustomResourceOptions) {
    super("Environment", name, args, ["adopted"], opts);
  }
}
