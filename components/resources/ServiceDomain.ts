import type * as pulumi from "@pulumi/pulumi";
import type { ServiceDomainInputs } from "../providers/serviceDomainProvider.ts";
import { type Declared, RailwayResource } from "./railwayResource.ts";

/** What a program declares for a service domain; each field says what a change does. */
export type ServiceDomainArgs = Declared<ServiceDomainInputs>;

/**
 * A generated `*.up.railway.app` domain for one service in one environment (applied at once, without a
 * deploy: Railway does not stage domains). A service has one; an existing one is taken over, never
 * doubled. Deleted by `pulumi destroy`. Declare it after the service's first `Deployment`: a new
 * environment has no instance of the service before that deployment's commit.
 *
 * @example
 * import { ServiceDomain } from "pulumi-railway-app";
 *
 * const domain = new ServiceDomain("api-domain", {
 *   projectId: project.id, environmentId: production.id, serviceId: api.id, targetPort: 8000,
 * }, { dependsOn: [deployment] });
 * export const url = domain.url;
 */
export class ServiceDomain extends RailwayResource {
  /** The generated host, e.g. `api-production-1a2b.up.railway.app`. */
  declare readonly domain: pulumi.Output<string>;
  /** `https://<domain>`. */
  declare readonly url: pulumi.Output<string>;

  constructor(name: string, args: ServiceDomainArgs, opts?: pulumi.CustomResourceOptions) {
    super("ServiceDomain", name, args, ["domain", "url"], opts);
  }
}
