import type * as pulumi from "@pulumi/pulumi";
import type { ServiceVariablesInputs } from "../providers/serviceVariablesProvider.ts";
import { type Declared, RailwayResource } from "./railwayResource.ts";

export type ServiceVariablesArgs = Omit<Declared<ServiceVariablesInputs>, "variables"> & {
  /** @see ServiceVariablesInputs.variables */
  variables: pulumi.Input<Record<string, pulumi.Input<string>>>;
};

/** The variables of one service in one environment, owned as a whole set (values secret in the state). */
export class ServiceVariables extends RailwayResource {
  declare readonly variables: pulumi.Output<Record<string, string>>;
  /** Changes whenever the variables are written; the service's Deployment deploys when it changes. */
  declare readonly revision: pulumi.Output<string>;

  constructor(name: string, args: ServiceVariablesArgs, opts?: pulumi.CustomResourceOptions) {
    super("ServiceVariables", name, args, ["revision"], opts, ["variables"]);
  }
}
