import type * as pulumi from "@pulumi/pulumi";
import { checkDeploymentInputs } from "./deploymentProvider.ts";
import { checkEnvironmentInputs } from "./environmentProvider.ts";
import type { ResourceKind } from "./kinds.ts";
import { checkProjectInputs } from "./projectProvider.ts";
import { checkServiceDomainInputs } from "./serviceDomainProvider.ts";
import { checkServiceInputs } from "./serviceProvider.ts";
import { checkServiceSettingsInputs } from "./serviceSettingsProvider.ts";
import { checkServiceVariablesInputs } from "./serviceVariablesProvider.ts";
import { checkSharedVariablesInputs } from "./sharedVariablesProvider.ts";

/**
 * Each kind's input rules, the very ones its provider's check() applies: the program runs them on every
 * value it already knows before it registers anything, so a bad input stops the run before the first
 * request to Railway rather than after the resources it depends on were created.
 */
// biome-ignore lint/suspicious/noExplicitAny: each kind has its own input type.
export const INPUT_RULES: Record<ResourceKind, (news: any) => pulumi.dynamic.CheckResult> = {
  Project: checkProjectInputs,
  Environment: checkEnvironmentInputs,
  Service: checkServiceInputs,
  ServiceSettings: checkServiceSettingsInputs,
  ServiceVariables: checkServiceVariablesInputs,
  SharedVariables: checkSharedVariablesInputs,
  ServiceDomain: checkServiceDomainInputs,
  Deployment: checkDeploymentInputs,
};
