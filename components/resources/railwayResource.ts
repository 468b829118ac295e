import * as pulumi from "@pulumi/pulumi";
import type { ResourceKind } from "../providers/kinds.ts";
import { preflight, registrationGate } from "./preflight.ts";
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
    preflight(kind, name, args);
    const outputs = Object.fromEntries(outputNames.map((output) => [output, undefined]));
    // Registered only once the program's synchronous run is over without a bad argument (preflight.ts).
    const dependsOn = opts?.dependsOn;
    const gated = registrationGate().then(() => dependsOn ?? []);
    const options = {
      ...opts,
      dependsOn: gated as pulumi.Input<pulumi.Input<pulumi.Resource>[]>,
      ...(secretOutputs.length > 0
        ? { additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), ...secretOutputs] }
        : {}),
    };
    super(providerFor(kind), name, { ...outputs, ...args }, options, "railway", kind);
  }
}
