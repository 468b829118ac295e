import type * as pulumi from "@pulumi/pulumi";
import type { ServiceSettingsInputs } from "../providers/serviceSettingsProvider.ts";
import type { ServiceSettings as Settings } from "../railway/settingFields.ts";
import { type Declared, RailwayResource } from "./railwayResource.ts";

/**
 * Every per-environment setting of a service, each of which may be an Output. Where each lives in
 * Railway, its rule and Railway's default: `SERVICE_SETTING_FIELDS` in railway/settingFields.ts.
 */
export type ServiceSettingsDeclaration = Declared<Settings>;

export type ServiceSettingsArgs = Omit<Declared<ServiceSettingsInputs>, "settings"> & {
  /** @see ServiceSettingsInputs.settings */
  settings: pulumi.Input<ServiceSettingsDeclaration>;
};

/** One service's build, deploy and source settings in one environment. */
export class ServiceSettings extends RailwayResource {
  declare readonly settings: pulumi.Output<Settings>;
  /** Changes whenever the settings are written; the service's Deployment deploys when it changes. */
  declare readonly revision: pulumi.Output<string>;

  constructor(name: string, args: ServiceSettingsArgs, opts?: pulumi.CustomResourceOptions) {
    super("ServiceSettings", name, args, ["revision"], opts);
  }
}
