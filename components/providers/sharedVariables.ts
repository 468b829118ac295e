import { randomUUID } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { providerContext } from "./context.ts";
import { isGone, readOrGone } from "./gone.ts";
import { changedKeys, checkInputs, diffResult, type Implementation } from "./implementation.ts";
import { providerFor } from "./provider.ts";
import { liveVariables, variableMapSchema, writeVariables } from "./variableSet.ts";

export interface SharedVariablesInputs {
  projectId: string;
  environmentId: string;
  variables: Record<string, string>;
}

export interface SharedVariablesOutputs extends SharedVariablesInputs {
  /**
   * One revision per variable, changed whenever that variable is written: a service that references
   * `${{shared.KEY}}` deploys again exactly when KEY changed.
   */
  revisions: Record<string, string>;
}

/** New revisions for the keys whose value changed (or appeared); the others keep theirs. */
function nextRevisions(
  before: Record<string, string>,
  after: Record<string, string>,
  revisions: Record<string, string>,
): Record<string, string> {
  return Object.fromEntries(
    Object.keys(after).map((key) => [
      key,
      before[key] === after[key] && revisions[key] ? revisions[key] : randomUUID(),
    ]),
  );
}

const inputsSchema = z.object({
  projectId: z.string().min(1),
  environmentId: z.string().min(1),
  variables: variableMapSchema,
});

/**
 * Railway renders shared variables without a service context, so a reference inside one resolves to an
 * empty string (API.md 7.3; ANCHORS pain 24). Rejected before any write.
 */
export function sharedReferenceProblems(variables: Record<string, unknown>): string[] {
  return Object.entries(variables)
    .filter(([, value]) => typeof value === "string" && value.includes("${{"))
    .map(
      ([name]) =>
        `variables.${name}: shared variables must be literal values; Railway renders references in shared ` +
        "variables without a service context, so they resolve empty. Put the reference on each service instead.",
    );
}

export const sharedVariablesImplementation: Implementation<SharedVariablesInputs, SharedVariablesOutputs> = {
  async check(_olds, news) {
    return checkInputs(inputsSchema, news, (inputs) =>
      sharedReferenceProblems((inputs.variables ?? {}) as Record<string, unknown>).map((reason) => ({
        property: "variables",
        reason,
      })),
    );
  },

  async diff(_id, olds, news) {
    const changed = changedKeys(olds, news, ["projectId", "environmentId", "variables"]);
    return diffResult(changed, ["projectId", "environmentId"]);
  },

  async create(inputs) {
    const context = await providerContext();
    const environment = await context.snapshots.environment(inputs.environmentId);
    await writeVariables(context, inputs, inputs.variables, liveVariables(environment.config, inputs));
    return {
      id: `${inputs.environmentId}/shared`,
      outs: { ...inputs, revisions: nextRevisions({}, inputs.variables, {}) },
    };
  },

  async read(id, props) {
    const { snapshots } = await providerContext();
    return readOrGone(id, async () => {
      const environment = await snapshots.environment(props.environmentId);
      return { ...props, variables: liveVariables(environment.config, props) ?? {} };
    });
  },

  async update(_id, olds, news) {
    await writeVariables(await providerContext(), news, news.variables, olds.variables);
    return {
      outs: { ...news, revisions: nextRevisions(olds.variables, news.variables, olds.revisions ?? {}) },
    };
  },

  async delete(_id, props) {
    const context = await providerContext();
    try {
      await writeVariables(context, props, {});
    } catch (error) {
      if (!isGone(error, false)) throw error;
    }
  },
};

export interface SharedVariablesArgs {
  /** Changing it replaces the resource. */
  projectId: pulumi.Input<string>;
  /** The one environment written. Changing it replaces the resource. */
  environmentId: pulumi.Input<string>;
  /**
   * The environment's complete set of shared variables (others are removed), literal values only. Services
   * see them only through `${{shared.KEY}}` references. Kept secret in the Pulumi state.
   */
  variables: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/** The shared variables of one environment, owned as a whole set. */
export class SharedVariables extends pulumi.dynamic.Resource {
  declare readonly variables: pulumi.Output<Record<string, string>>;
  /** One revision per variable, changed when it is written; feed the referenced ones to a Deployment's trigger. */
  declare readonly revisions: pulumi.Output<Record<string, string>>;

  constructor(name: string, args: SharedVariablesArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      providerFor("SharedVariables"),
      name,
      { revisions: undefined, ...args },
      pulumi.mergeOptions(opts, { additionalSecretOutputs: ["variables"] }),
      "railway",
      "SharedVariables",
    );
  }
}
