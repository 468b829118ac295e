/**
 * Loaded by the provider shim inside Pulumi's dynamic-provider host process (never serialized): maps each
 * resource kind to its implementation, and receives the stack's `railway:*` config.
 */
import { configureProviders, type ProviderSettings } from "./context.ts";
import { deploymentImplementation } from "./deployment.ts";
import { environmentImplementation } from "./environment.ts";
import { type Implementation, withoutProviderKeys } from "./implementation.ts";
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

// biome-ignore lint/suspicious/noExplicitAny: the host hands over untyped property bags.
type Bag = any;
const plain = (bag: Bag): Bag => withoutProviderKeys(bag ?? {});

/**
 * The implementation of a kind, with Pulumi's internal `__provider` key taken out of every property bag
 * once, here, so that no provider ever passes a raw input bag to the API (the host adds it back).
 */
export function implementation(kind: ResourceKind) {
  const found = implementations[kind];
  if (!found) throw new Error(`No Railway provider for resource kind "${kind}"`);
  return {
    check: (olds: Bag, news: Bag) => found.check(olds, news),
    diff: (id: string, olds: Bag, news: Bag) => found.diff(id, plain(olds), plain(news)),
    create: (inputs: Bag) => found.create(plain(inputs)),
    read: (id: string, props: Bag) => found.read(id, plain(props)),
    update: (id: string, olds: Bag, news: Bag) => found.update(id, plain(olds), plain(news)),
    delete: (id: string, props: Bag) => found.delete(id, plain(props)),
  };
}

export function configure(settings: ProviderSettings): void {
  configureProviders(settings);
}
