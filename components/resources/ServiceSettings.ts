import type * as pulumi from "@pulumi/pulumi";
import type { ServiceSettingsInputs } from "../providers/serviceSettingsProvider.ts";
import type { ServiceSettings as Settings } from "../railway/settingFields.ts";
import { type Declared, RailwayResource } from "./railwayResource.ts";

/**
 * Every per-environment setting of a service (`ServiceSettingValues`), each of which may be an Output.
 * Each field says what it does and its default; where each lives in Railway, its rule and Railway's
 * default: `SERVICE_SETTING_FIELDS`.
 * @example { repo: "acme/shop", builder: "DOCKERFILE", numReplicas: 2 }
 */
export type ServiceSettingsDeclaration = Declared<Settings>;

/** What a program declares for `ServiceSettings`; each field says what a change does. */
export type ServiceSettingsArgs = Omit<Declared<ServiceSettingsInputs>, "settings"> & {
  /**
   * The settings to manage in this environment. A change is written by the service's `Deployment`, with
   * its variables, in the environment's one staged commit of the `pulumi up`, and the service redeploys
   * once. Undeclared settings stay as Railway has them; a setting removed from here returns to Railway's
   * default.
   * @example { repo: "acme/shop", builder: "DOCKERFILE", startCommand: "node dist/worker.js" }
   */
  settings: pulumi.Input<ServiceSettingsDeclaration>;
};

/**
 * One service's build, deploy and source settings in one environment. A declaration: it validates the
 * settings and changes its `revision` when they change, but sends nothing itself; the service's
 * `Deployment` writes them (pass `settings` in its `declared`). Deleting it leaves Railway's settings as
 * they are.
 *
 * @example
 * import { ServiceSettings } from "pulumi-railway-app";
 *
 * const settings = new ServiceSettings("api-settings", {
 *   projectId: project.id, environmentId: production.id, serviceId: api.id,
 *   settings: { repo: "acme/shop", builder: "DOCKERFILE", healthcheckPath: "/health" },
 * });
 */
export class ServiceSettings extends RailwayResource {
  /** The declared settings, as Railway means them (normalized). */
  declare readonly settings: pulumi.Output<Settings>;
  /** Changes whenever the settings are written; the service's Deployment deploys when it changes. */
  declare readonly revision: pulumi.Output<string>;

  constructor(name: string, args: ServiceSettingsArgs, opts?: pulumi.CustomResourceOptions) {
    super("ServiceSettings", name, args, ["revision"], opts);
  }
}
