import type * as pulumi from "@pulumi/pulumi";
import type { ServiceInputs } from "../providers/serviceProvider.ts";
import { type Declared, RailwayResource } from "./railwayResource.ts";

export type ServiceArgs = Declared<ServiceInputs>;

/**
 * A Railway service (project-wide, no source yet). Its per-environment source, settings and variables
 * are `ServiceSettings` and `ServiceVariables`; `RailwayService` declares all of them at once.
 */
export class Service extends RailwayResource {
  declare readonly projectId: pulumi.Output<string>;
  declare readonly name: pulumi.Output<string>;
  declare readonly adopted: pulumi.Output<boolean>;

  constructor(name: string, args: ServiceArgs, opts?: pulumi.CustomResourceOptions) {
    super("Service", name, args, ["adopted"], opts);
  }
}
