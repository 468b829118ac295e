import { randomUUID } from "node:crypto";
import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { isReference } from "../railway/index.ts";
import { providerContext } from "./context.ts";
import { contribute } from "./environmentBatch.ts";
import { readOrGone, unlessGone } from "./gone.ts";
import { changedKeys, checkInputs, diffResult } from "./inputChecks.ts";
import { liveVariables, variableMapSchema, variablesPatch } from "./variableSet.ts";

export interface SharedVariablesInputs {
  /** The environment's project. Changing it replaces the resource. */
  projectId: string;
  /**
   * The one environment written. Changing it replaces the resource: the set is written to the new
   * environment and removed from the old one.
   */
  environmentId: string;
  /**
   * The environment's complete set of shared variables (others are removed), literal values only.
   * Services see them only through `${{shared.KEY}}` references; a changed value redeploys exactly the
   * services that reference it. Kept secret in the Pulumi state.
   * @example { LOG_LEVEL: "INFO", SENTRY_DSN: pulumi.secret(dsn) }
   */
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
 * empty string (docs/railway-api-notes.md, "Variable references"). Rejected before any write.
 */
export function sharedReferenceProblems(variables: Record<string, unknown>): string[] {
  return Object.entries(variables)
    .filter(([, value]) => typeof value === "string" && isReference(value))
    .map(
      ([name]) =>
        `variables.${name}: shared variables must be literal values; Railway renders references in shared ` +
        "variables without a service context, so they resolve empty. Put the reference on each service instead.",
    );
}

/** The rules of check(): run by the provider host, and by the program before anything is registered. */
export function checkSharedVariablesInputs(news: SharedVariablesInputs) {
  return checkInputs(inputsSchema, news, (inputs) =>
    sharedReferenceProblems((inputs.variables ?? {}) as Record<string, unknown>).map((reason) => ({
      property: "variables",
      reason,
    })),
  );
}

export const sharedVariablesProvider: pulumi.dynamic.ResourceProvider<
  SharedVariablesInputs,
  SharedVariablesOutputs
> = {
  async check(_olds, news) {
    return checkSharedVariablesInputs(news);
  },

  async diff(_id, olds, news) {
    const changed = changedKeys(olds, news, ["projectId", "environmentId", "variables"]);
    return diffResult(changed, ["projectId", "environmentId"]);
  },

  async create(inputs) {
    await writeShared(inputs, inputs.variables);
    return {
      id: `${inputs.environmentId}/shared`,
      outs: { ...inputs, revisions: nextRevisions({}, inputs.variables, {}) },
    };
  },

  async read(id, props) {
    const { snapshots } = await providerContext();
    return readOrGone(id, props, async (props) => {
      const environment = await snapshots.environment(props.environmentId);
      return { ...props, variables: liveVariables(environment.config, props) ?? {} };
    });
  },

  async update(_id, olds, news) {
    await writeShared(news, news.variables);
    return {
      outs: { ...news, revisions: nextRevisions(olds.variables, news.variables, olds.revisions ?? {}) },
    };
  },

  async delete(_id, props) {
    await unlessGone(() => writeShared(props, {}, false), undefined);
  },
};

/**
 * Makes the environment's shared set exactly `variables` in the environment's one commit of the run:
 * services that reference a changed key deploy once, in that commit, with their own changes if any.
 */
async function writeShared(
  scope: { projectId: string; environmentId: string },
  variables: Record<string, string>,
  deploys = true,
) {
  const context = await providerContext();
  await contribute(context, scope.environmentId, {
    label: deploys ? "shared variables" : "shared variables removed",
    deploys,
    patch: (live) => {
      const changes = variablesPatch(liveVariables(live, scope) ?? {}, variables, true);
      return Object.keys(changes).length > 0 ? { sharedVariables: changes } : {};
    },
  });
}
