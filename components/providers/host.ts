/**
 * The providers' entry point in Pulumi's dynamic-provider host process (never serialized): maps each
 * resource kind to its lifecycle, and receives the stack's `railway:*` config. Two loaders reach it:
 * today's, through the installed package (`pulumi-railway-app/provider-host`, see
 * resources/providerLoader.ts), and version 0.1.0's, which states written then still carry: it imports
 * this very file by its path in the project folder, `components/providers/host.ts`. So this file keeps
 * its path and its two exports, `implementation(kind)` and `configure(settings)`, for good.
 */
import type * as pulumi from "@pulumi/pulumi";
import { operation } from "./activity.ts";
import { configureProviders, type ProviderSettings } from "./context.ts";
import { deploymentProvider } from "./deploymentProvider.ts";
import { environmentProvider } from "./environmentProvider.ts";
import { withoutProviderKeys } from "./inputChecks.ts";
import type { ResourceKind } from "./kinds.ts";
import { projectProvider } from "./projectProvider.ts";
import { serviceDomainProvider } from "./serviceDomainProvider.ts";
import { serviceProvider } from "./serviceProvider.ts";
import { serviceSettingsProvider } from "./serviceSettingsProvider.ts";
import { serviceVariablesProvider } from "./serviceVariablesProvider.ts";
import { sharedVariablesProvider } from "./sharedVariablesProvider.ts";

// biome-ignore lint/suspicious/noExplicitAny: each kind has its own input and output types.
type AnyProvider = pulumi.dynamic.ResourceProvider<any, any>;

const providers: Record<ResourceKind, AnyProvider> = {
  Project: projectProvider,
  Environment: environmentProvider,
  Service: serviceProvider,
  ServiceSettings: serviceSettingsProvider,
  ServiceVariables: serviceVariablesProvider,
  SharedVariables: sharedVariablesProvider,
  ServiceDomain: serviceDomainProvider,
  Deployment: deploymentProvider,
};

// biome-ignore lint/suspicious/noExplicitAny: the host hands over untyped property bags.
type Bag = any;
const plain = (bag: Bag): Bag => withoutProviderKeys(bag ?? {});

/**
 * The lifecycle of a kind, with Pulumi's internal `__provider` key taken out of every property bag once,
 * here, so that no provider ever passes a raw input bag to the API (the host adds it back).
 */
export function implementation(kind: ResourceKind) {
  const found = providers[kind];
  if (!found) throw new Error(`No Railway provider for resource kind "${kind}"`);
  // Every call counts as busy while it talks to Railway (activity.ts), so commits wait for it.
  return {
    check: (olds: Bag, news: Bag) =>
      operation(async () => (found.check ? found.check(olds, news) : { inputs: news })),
    diff: (id: string, olds: Bag, news: Bag) =>
      operation(async () => (found.diff ? found.diff(id, plain(olds), plain(news)) : {})),
    create: (inputs: Bag) => operation(() => found.create(plain(inputs))),
    read: (id: string, props: Bag) =>
      operation(async () => (found.read ? found.read(id, plain(props)) : { id, props })),
    update: (id: string, olds: Bag, news: Bag) =>
      operation(async () => (found.update ? found.update(id, plain(olds), plain(news)) : { outs: news })),
    delete: (id: string, props: Bag) => operation(async () => found.delete?.(id, plain(props))),
  };
}

export function configure(settings: ProviderSettings): void {
  configureProviders(settings);
}
