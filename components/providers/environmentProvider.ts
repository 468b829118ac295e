import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { environmentNameProblems, ops } from "../railway/index.ts";
import { providerContext } from "./context.ts";
import { readOrGone, unlessGone } from "./gone.ts";
import { changedKeys, checkInputs, diffResult, ruleOf } from "./inputChecks.ts";

export interface EnvironmentInputs {
  /** Project the environment belongs to. Changing it replaces the environment. */
  projectId: string;
  /**
   * Environment name; renamed in place when it changes.
   * @example "staging"
   */
  name: string;
  /**
   * Mark it as a pull-request environment (`isEphemeral`), as Railway's own PR environments are.
   * Changing it replaces the environment.
   * @default false
   */
  ephemeral?: boolean | undefined;
  /**
   * Manage an existing environment of this name (such as the default one Railway created with the
   * project) instead of failing. Adopted environments are released, not deleted, by `pulumi destroy`.
   * Only read when the environment is created; changing it later sends nothing to Railway and does not
   * change whether the environment counts as adopted.
   * @default false
   */
  adopt?: boolean | undefined;
}

export interface EnvironmentOutputs extends EnvironmentInputs {
  /** Whether the environment was adopted (and so is released, not deleted, on destroy). */
  adopted: boolean;
}

const inputsSchema = z.object({
  projectId: z.string().min(1),
  name: z.string().superRefine(ruleOf(environmentNameProblems)),
  ephemeral: z.boolean().optional(),
  adopt: z.boolean().optional(),
});

/** The rules of check(): run by the provider host, and by the program before anything is registered. */
export function checkEnvironmentInputs(news: EnvironmentInputs) {
  return checkInputs(inputsSchema, news);
}

export const environmentProvider: pulumi.dynamic.ResourceProvider<EnvironmentInputs, EnvironmentOutputs> = {
  async check(_olds, news) {
    return checkEnvironmentInputs(news);
  },

  async diff(_id, olds, news) {
    // An omitted flag is false: Railway reports `isEphemeral: false`, the program may say nothing.
    const flags = (inputs: EnvironmentInputs) => ({
      ...inputs,
      ephemeral: Boolean(inputs.ephemeral),
      adopt: Boolean(inputs.adopt),
    });
    const changed = changedKeys(flags(olds), flags(news), ["projectId", "name", "ephemeral", "adopt"]);
    return diffResult(changed, ["projectId", "ephemeral"]);
  },

  async create(inputs) {
    const { client, snapshots } = await providerContext();
    const project = await snapshots.project(inputs.projectId);
    const existing = project.environments.find((environment) => environment.name === inputs.name);
    if (existing) {
      if (!inputs.adopt) {
        throw new Error(
          `Environment "${inputs.name}" already exists in project "${project.name}" (${existing.id}). Set ` +
            "adopt: true to manage it with this stack, or choose another name; nothing was created.",
        );
      }
      return { id: existing.id, outs: { ...inputs, adopted: true } };
    }
    if (client.tokenKind === "project") {
      throw new Error(
        `Creating environment "${inputs.name}" needs an account or workspace token (RAILWAY_API_TOKEN or stack ` +
          "config railway:token); project tokens cannot create environments. Nothing was created.",
      );
    }
    // An empty environment: this stack's own resources configure it, so production is never copied raw
    // (a copy then patched deploys twice, railwayapp/cli#784).
    const created = await client.createOnce(
      ops.environmentCreate,
      {
        input: {
          projectId: inputs.projectId,
          name: inputs.name,
          ...(inputs.ephemeral ? { ephemeral: true } : {}),
        },
      },
      async () => {
        snapshots.invalidateProject(inputs.projectId);
        const fresh = await snapshots.project(inputs.projectId);
        return fresh.environments.find((environment) => environment.name === inputs.name);
      },
    );
    snapshots.invalidateProject(inputs.projectId);
    return { id: created.id, outs: { ...inputs, adopted: false } };
  },

  async read(id, props) {
    const { snapshots } = await providerContext();
    return readOrGone(id, props, async (props) => {
      const project = await snapshots.project(props.projectId);
      const environment = project.environments.find((candidate) => candidate.id === id);
      if (!environment) return undefined;
      const ephemeral =
        environment.isEphemeral || props.ephemeral !== undefined
          ? { ephemeral: environment.isEphemeral }
          : {};
      return { ...props, name: environment.name, ...ephemeral };
    });
  },

  async update(id, olds, news) {
    const { client, snapshots } = await providerContext();
    if (news.name !== olds.name) {
      await client.run(ops.environmentRename, { id, input: { name: news.name } });
      snapshots.invalidateProject(news.projectId);
    }
    return { outs: { ...news, adopted: olds.adopted } };
  },

  async delete(id, props) {
    if (props.adopted) return;
    const { client, snapshots } = await providerContext();
    // "Not Authorized" on an environment of a project we can still read means it is already gone.
    const projectReadable = () =>
      snapshots.project(props.projectId).then(
        () => true,
        () => false,
      );
    await unlessGone(() => client.run(ops.environmentDelete, { id }), undefined, projectReadable);
    snapshots.invalidateProject(props.projectId);
    snapshots.invalidateEnvironment(id);
  },
};
