import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { environmentNameProblems, ops, projectNameProblems, projectsNamed } from "../railway/index.ts";
import { providerContext } from "./context.ts";
import { readOrGone, unlessGone } from "./gone.ts";
import { changedKeys, checkInputs, diffResult, ruleOf } from "./inputChecks.ts";

export interface ProjectInputs {
  /**
   * Project name as shown in Railway. Changing it renames the project in place.
   * @example "omnidoc"
   */
  name: string;
  /**
   * Free text shown in the dashboard. Updated in place.
   * @default none
   * @example "Acme's shop: storefront and order worker"
   */
  description?: string | undefined;
  /**
   * Workspace that owns the project. Needed with a workspace token; an account token defaults to the
   * personal workspace. Changing it replaces the project (a new, empty project).
   * @default the account token's personal workspace
   */
  workspaceId?: string | undefined;
  /**
   * Name of the environment Railway creates with the project. Only read when the project is created;
   * changing it later sends nothing to Railway.
   * @default "production"
   */
  defaultEnvironmentName?: string | undefined;
  /**
   * Manage an existing project of this name instead of failing. An adopted project is released, not
   * deleted, by `pulumi destroy`. Only read when the project is created; changing it later sends nothing
   * to Railway and does not change whether the project counts as adopted.
   * @default false
   */
  adopt?: boolean | undefined;
}

export interface ProjectOutputs extends ProjectInputs {
  /** The id of the environment Railway created with the project (or found, when adopted). */
  defaultEnvironmentId: string;
  /** Whether the project was adopted (and so is released, not deleted, on destroy). */
  adopted: boolean;
}

const inputsSchema = z.object({
  name: z.string().superRefine(ruleOf(projectNameProblems)),
  description: z.string().optional(),
  workspaceId: z.string().min(1).optional(),
  defaultEnvironmentName: z.string().superRefine(ruleOf(environmentNameProblems)).optional(),
  adopt: z.boolean().optional(),
});

const DEFAULT_ENVIRONMENT = "production";

/** The rules of check(): run by the provider host, and by the program before anything is registered. */
export function checkProjectInputs(news: ProjectInputs) {
  return checkInputs(inputsSchema, news);
}

export const projectProvider: pulumi.dynamic.ResourceProvider<ProjectInputs, ProjectOutputs> = {
  async check(_olds, news) {
    return checkProjectInputs(news);
  },

  async diff(_id, olds, news) {
    // workspaceId moves the project: a new project. The rest is updated in place.
    const changed = changedKeys(olds, news, [
      "name",
      "description",
      "workspaceId",
      "defaultEnvironmentName",
      "adopt",
    ]);
    return diffResult(changed, ["workspaceId"]);
  },

  async create(inputs) {
    const { client, snapshots } = await providerContext();
    const environmentName = inputs.defaultEnvironmentName ?? DEFAULT_ENVIRONMENT;
    const existing = await projectsNamed(client, inputs.name, inputs.workspaceId);
    if (existing.length > 0) {
      const ids = existing.map((project) => project.id).join(", ");
      if (!inputs.adopt) {
        throw new Error(
          `A Railway project named "${inputs.name}" already exists (${ids}). Set adopt: true to manage it ` +
            "with this stack, or choose another name; nothing was created.",
        );
      }
      if (existing.length > 1) {
        throw new Error(
          `adopt: ${existing.length} Railway projects are named "${inputs.name}" (${ids}); rename all but one.`,
        );
      }
      const project = await snapshots.project(existing[0]?.id ?? "");
      const environment =
        project.environments.find((candidate) => candidate.name === environmentName) ??
        project.environments.find((candidate) => !candidate.isEphemeral);
      return {
        id: project.id,
        outs: { ...inputs, defaultEnvironmentId: environment?.id ?? "", adopted: true },
      };
    }
    if (client.tokenKind === "project") {
      throw new Error(
        "Creating a Railway project needs an account or workspace token (RAILWAY_API_TOKEN or stack config " +
          "railway:token); a project token reaches one environment only. Nothing was created.",
      );
    }
    const created = await client.createOnce(
      ops.projectCreate,
      {
        input: {
          name: inputs.name,
          defaultEnvironmentName: environmentName,
          ...(inputs.description ? { description: inputs.description } : {}),
          ...(inputs.workspaceId ? { workspaceId: inputs.workspaceId } : {}),
        },
      },
      async () => {
        const [found] = await projectsNamed(client, inputs.name, inputs.workspaceId);
        if (!found) return undefined;
        const project = await client.run(ops.project, { id: found.id });
        return { ...project, environments: project.environments };
      },
    );
    const environment = created.environments.find((candidate) => candidate.name === environmentName) ??
      created.environments[0] ?? { id: "" };
    return { id: created.id, outs: { ...inputs, defaultEnvironmentId: environment.id, adopted: false } };
  },

  async read(id, props) {
    const { snapshots } = await providerContext();
    return readOrGone(id, props, async (props) => {
      const project = await snapshots.project(id);
      return {
        ...props,
        name: project.name,
        ...(project.description ? { description: project.description } : {}),
      };
    });
  },

  async update(id, olds, news) {
    const { client, snapshots } = await providerContext();
    if (news.name !== olds.name || (news.description ?? "") !== (olds.description ?? "")) {
      await client.run(ops.projectUpdate, {
        id,
        input: {
          name: news.name,
          ...(news.description === undefined ? {} : { description: news.description }),
        },
      });
      snapshots.invalidateProject(id);
    }
    return { outs: { ...news, defaultEnvironmentId: olds.defaultEnvironmentId, adopted: olds.adopted } };
  },

  async delete(id, props) {
    // What this stack did not create, it does not delete.
    if (props.adopted) return;
    const { client, snapshots } = await providerContext();
    await unlessGone(() => client.run(ops.projectDelete, { id }), undefined);
    snapshots.invalidateProject(id);
  },
};
