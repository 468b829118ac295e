import type * as pulumi from "@pulumi/pulumi";
import type { ResourceKind } from "../providers/kinds.ts";

/**
 * The provider object Pulumi serializes into the state (as `__provider`) and runs in its separate
 * provider-host process. It captures nothing but its kind and the package's name: every method finds the
 * installed package the way Node finds any dependency, from the folder Pulumi runs the provider in (the
 * project folder), and loads the package's `provider-host` entry at run time. So no token, no client, no
 * module with native functions and no path of the machine is ever serialized (pulumi/pulumi#5294,
 * #13960), and a state written by any version runs the version installed now.
 * One instance per kind, so Pulumi serializes each once.
 */
const PACKAGE_NAME = "pulumi-railway-app";

const loaders = new Map<ResourceKind, pulumi.dynamic.ResourceProvider>();

export function providerFor(kind: ResourceKind): pulumi.dynamic.ResourceProvider {
  const existing = loaders.get(kind);
  if (existing) return existing;
  const host = async () => {
    const { createRequire } = await import("node:module");
    const { pathToFileURL } = await import("node:url");
    const { join } = await import("node:path");
    // The project folder first; then beside @pulumi/pulumi, whose provider host is this process's script
    // (so a program run from another working directory still finds the package it installed).
    const bases = [join(process.cwd(), "package.json"), process.argv[1] ?? ""].filter(Boolean);
    for (const base of bases) {
      let entry: string;
      try {
        entry = createRequire(base).resolve(`${PACKAGE_NAME}/provider-host`);
      } catch {
        continue;
      }
      return import(pathToFileURL(entry).href);
    }
    throw new Error(
      `The Railway providers could not be loaded: package "${PACKAGE_NAME}" is not installed for the ` +
        `Pulumi project in ${process.cwd()}. Run \`npm install ${PACKAGE_NAME}\` there.`,
    );
  };
  const loader: pulumi.dynamic.ResourceProvider = {
    async configure(request) {
      (await host()).configure({
        token: request.config.get("railway:token"),
        projectToken: request.config.get("railway:projectToken"),
        apiUrl: request.config.get("railway:apiUrl"),
      });
    },
    async check(olds, news) {
      return (await host()).implementation(kind).check(olds, news);
    },
    async diff(id, olds, news) {
      return (await host()).implementation(kind).diff(id, olds, news);
    },
    async create(inputs) {
      return (await host()).implementation(kind).create(inputs);
    },
    async read(id, props) {
      return (await host()).implementation(kind).read(id, props);
    },
    async update(id, olds, news) {
      return (await host()).implementation(kind).update(id, olds, news);
    },
    async delete(id, props) {
      return (await host()).implementation(kind).delete(id, props);
    },
  };
  loaders.set(kind, loader);
  return loader;
}
