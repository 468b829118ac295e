import * as pulumi from "@pulumi/pulumi";
import type { ResourceKind } from "../providers/kinds.ts";
import { providerFor } from "./providerLoader.ts";

/** A resource's declared inputs as a program passes them: every field may be an Output. */
export type Declared<Inputs> = { [K in keyof Inputs]: pulumi.Input<Inputs[K]> };

/**
 * The one shell every Railway resource shares: its kind's provider, its type token
 * `pulumi-nodejs:dynamic/railway:<Kind>`, and its output properties declared (as `undefined`) so the SDK
 * resolves them from the provider's answer.
 */
export abstract class RailwayResource extends pulumi.dynamic.Resource {
  constructor(
    kind: ResourceKind,
    name: string,
    args: object,
    outputNames: readonly string[],
    opts: pulumi.CustomResourceOptions | undefined,
    secretOutputs: readonly string[] = [],
  ) {
    const outputs = Object.fromEntries(outputNames.map((output) => [output, undefined]));
    const options =
      secretOutputs.length > 0
        ? pulumi.mergeOptions(opts, { additionalSecretOutputs: [...secretOutputs] })
        : opts;
    super(providerFor(kind), name, { ...outputs, ...args }, options, "railway", kind);
  }
}
