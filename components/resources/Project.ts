import type * as pulumi from "@pulumi/pulumi";
import type { ProjectInputs } from "../providers/projectProvider.ts";
import { type Declared, RailwayResource } from "./railwayResource.ts";

/** What a program declares for a project; each field says what a change does. */
export type ProjectArgs = Declared<ProjectInputs>;

/**
 * A Railway project and its default environment. Created with an account or workspace token; deleted by
 * `pulumi destroy` unless it was adopted.
 *
 * @example
 * import { Project } from "pulumi-railway-app";
 *
 * const project = new Project("shop", { name: "shop" });
 */
export class Project extends RailwayResource {
  /** The project's name. */
  declare readonly name: pulumi.Output<string>;
  /** The environment Railway created with the project (`defaultEnvironmentName`). */
  declare readonly defaultEnvironmentId: pulumi.Output<string>;
  /** Whether the project was adopted (and so is released, not deleted, on destroy). */
  declare readonly adopted: pulumi.Output<boolean>;

  constructor(name: string, args: ProjectArgs, opts?: pulumi.CustomResourceOptions) {
    super("Project", name, args, ["defaultEnvironmentId", "adopted"], opts);
  }
}
