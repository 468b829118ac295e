import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";

/**
 * The value a Deployment watches: the revisions of everything the service's next deployment would pick up
 * (its settings, its variables, the shared variables and other services' variables it references). Each
 * revision changes only when its resource actually writes to Railway, so an unchanged `up` deploys nothing
 * and a change deploys exactly the services it reaches.
 */
export function deploymentTrigger(revisions: pulumi.Input<string>[]): pulumi.Output<string> {
  return pulumi
    .all(revisions)
    .apply((values) => createHash("sha256").update(JSON.stringify(values)).digest("hex"));
}
