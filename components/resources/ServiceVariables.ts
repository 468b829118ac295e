import type * as pulumi from "@pulumi/pulumi";
import type { ServiceVariablesInputs } from "../providers/serviceVariablesProvider.ts";
import { type Declared, RailwayResource } from "./railwayResource.ts";

/** What a program declares for `ServiceVariables`; each field says what a change does. */
export type ServiceVariablesArgs = Omit<Declared<ServiceVariablesInputs>, "variables"> & {
  /**
   * The service's complete variable set in this environment: variables not listed here are removed.
   * Values may hold references (`${{shared.KEY}}`, `${{Redis.REDIS_URL}}`) and stay secret in the state. A
   * change is written by the service's `Deployment`, with its settings, in the environment's one commit,
   * and the service redeploys once.
   * @example { REDIS_URL: "${{Redis.REDIS_URL}}", QUEUE: "orders" }
   */
  variables: pulumi.Input<Record<string, pulumi.Input<string>>>;
};

/**
 * The variables of one service in one environment, owned as a whole set (values secret in the state). A
 * declaration: it validates the set and changes its `revision` when it changes, but sends nothing itself;
 * the service's `Deployment` writes it (pass `variables` in its `declared`). Deleting it leaves Railway's
 * variables as they are.
 *
 * @example
 * import { ServiceVariables } from "pulumi-railway-app";
 *
 * const variables = new ServiceVariables("api-variables", {
 *   projectId: project.id, environmentId: production.id, serviceId: api.id,
 *   variables: { REDIS_URL: "${{Redis.REDIS_URL}}", API_KEY: config.requireSecret("apiKey") },
 * });
 */
export class ServiceVariables extends RailwayResource {
  /** The declared variable set (secret). */
  declare readonly variables: pulumi.Output<Record<string, string>>;
  /** Changes whenever the variables are written; the service's Deployment deploys when it changes. */
  declare readonly revision: pulumi.Output<string>;

  constructor(name: string, args: ServiceVariablesArgs, opts?: pulumi.CustomResourceOptions) {
    super("ServiceVariables", name, args, ["revision"], opts, ["variables"]);
  }
}
