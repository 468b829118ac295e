/**
 * Loaded by the provider shim inside Pulumi's dynamic-provider host process (never serialized): maps each
 * resource kind to its implementation, and receives the stack's `railway:*` config.
 */
import { configureProviders, type ProviderSettings } from "./context.ts";
import { deploymentImplementation } from "./deployment.ts";
import { environmentImplementation } from "./environment.ts";
import type { Implementation } from "./implementation.ts";
import { projectImplementation } from "./project.ts";
import type { ResourceKind } from "./provider.ts";
import { serviceImplementation } from "./service.ts";
import { serviceDomainImplementation } from "./serviceDomain.ts";
import { serviceSettingsImplementation } from "./serviceSettings.ts";
import { serviceVariablesImplementation } from "./serviceVariables.ts";
import { sharedVariablesImplementation } from "./sharedVariables.ts";

// biome-ignore lint/suspicious/noExplicitAny: each kind has its own input and output types.
const implementations: Record<ResourceKind, Implementation<any, any>> = {
  Project: projectImplementation,
  Environment: environmentImplementation,
  Service: serviceImplementation,
  ServiceSettings: serviceSettingsImplementation,
  ServiceVariables: serviceVariablesImplementation,
  SharedVariables: sharedVariablesImplementation,
  ServiceDomain: serviceDomainImplementation,
  Deployment: deploymentImplementation,
};

export function implementation(kind: ResourceKind) {
  const found = implementations[kind];
  if (!found) throw new Error(`No Railway provider for resource kind "${kind}"`);
  return found;
}

export function configure(settings: ProviderSettings): void {
  configureProviders(settings);
}
