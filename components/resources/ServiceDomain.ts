import type * as pulumi from "@pulumi/pulumi";
import type { ServiceDomainInputs } from "../providers/serviceDomainProvider.ts";
import { type Declared, RailwayResource } from "./railwayResource.ts";

export type ServiceDomainArgs = Declared<ServiceDomainInputs>;

/**
 * A generated `*.up.railway.app` domain for one service in one environment (applied at once: Railway
 * does not stage domains). A service has one; an existing one is taken over, never doubled.
 */
export class ServiceDomain extends RailwayResource {
  declare readonly domain: pulumi.Output<string>;
  declare readonly url: pulumi.Output<string>;

  constructor(name: string, args: ServiceDomainArgs, opts?: pulumi.CustomResourceOptions) {
    super("ServiceDomain", name, args, ["domain", "url"], opts);
  }
}
