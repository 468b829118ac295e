import type * as pulumi from "@pulumi/pulumi";

/** One Railway object kind per dynamic provider; each gets its own type token `pulumi-nodejs:dynamic/railway:<Kind>`. */
export type ResourceKind =
  | "Project"
  | "Environment"
  | "Service"
  | "ServiceSettings"
  | "ServiceVariables"
  | "SharedVariables"
  | "ServiceDomain"
  | "Deployment";

/** The file, relative to the program directory, that the provider host loads at run time. */
const HOST_MODULE = "components/providers/host.ts";

const shims = new Map<ResourceKind, pulumi.dynamic.ResourceProvider>();

/**
 * The provider object Pulumi serializes into the state (as `__provider`) and runs in its separate
 * provider-host process. It captures nothing but its kind: every method loads the implementation from the
 * program directory (the host's working directory) at run time, so no token, no client and no module with
 * native functions is ever serialized (pulumi/pulumi#5294, #13960), and old state runs today's code.
 * Node strips the TypeScript types of that file itself (Node >= 22.18), as it does for the program.
 * One instance per kind, so Pulumi serializes each once.
 */
export function providerFor(kind: ResourceKind): pulumi.dynamic.ResourceProvider {
  const existing = shims.get(kind);
  if (existing) return existing;
  const load = async () => {
    const { pathToFileURL } = await import("node:url");
    const { join } = await import("node:path");
    const host = await import(pathToFileURL(join(process.cwd(), HOST_MODULE)).href);
    return host.implementation(kind);
  };
  const shim: pulumi.dynamic.ResourceProvider = {
    async configure(request) {
      const { pathToFileURL } = await import("node:url");
      const { join } = await import("node:path");
      const host = await import(pathToFileURL(join(process.cwd(), HOST_MODULE)).href);
      host.configure({
        token: request.config.get("railway:token"),
        projectToken: request.config.get("railway:projectToken"),
        apiUrl: request.config.get("railway:apiUrl"),
      });
    },
    async check(olds, news) {
      return (await load()).check(olds, news);
    },
    async diff(id, olds, news) {
      return (await load()).diff(id, olds, news);
    },
    async create(inputs) {
      return (await load()).create(inputs);
    },
    async read(id, props) {
      return (await load()).read(id, props);
    },
    async update(id, olds, news) {
      return (await load()).update(id, olds, news);
    },
    async delete(id, props) {
      return (await load()).delete(id, props);
    },
  };
  shims.set(kind, shim);
  return shim;
}
