import type * as pulumi from "@pulumi/pulumi";
import type { ServiceInputs } from "../providers/serviceProvider.ts";
import { type Declared, RailwayResource } from "./railwayResource.ts";

/** What a program declares for a service; each field says what a change does. */
export type ServiceArgs = Declared<ServiceInputs>;

/**
 * A Railway service (project-wide, no source yet): creating it deploys nothing. Its per-environment
 * source, settings and variables are `ServiceSettings` and `ServiceVariables`, written and deployed by a
 * `Deployment`; `RailwayService` declares all of them at once. Deleted by `pulumi destroy` unless adopted.
 *
 * @example
 * import { Service } from "pulumi-railway-app";
 *
 * const api = new Service("api", { projectId: project.id, name: "api" });
 */
export class Service extends RailwayResource {
  /** The project the service belongs to. */
  declare readonly projectId: pulumi.Output<string>;
  /** The service's name. */
  declare readonly name: pulumi.Output<string>;
  /** Whether the service was adopted (and so is released, not deleted, on destroy). */
  declare readonly adopted: pulumi.Output<boolean>;

  constructor(name: string, args: ServiceArgs, opts?: pulumi.CustomResourceOptions) {
    super("Service", name, args, ["adopted"], opts);
  }
}
