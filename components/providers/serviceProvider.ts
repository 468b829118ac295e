import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { ops, serviceNameProblems } from "../railway/index.ts";
import { providerContext } from "./context.ts";
import { readOrGone, unlessGone } from "./gone.ts";
import { changedKeys, checkInputs, diffResult, ruleOf } from "./inputChecks.ts";

export interface ServiceInputs {
  /**
   * Project the service belongs to. Changing it replaces the service: a new one is created in the new
   * project, and the old one is deleted (an adopted one is released).
   */
  projectId: string;
  /**
   * Service name: the namespace of its variables in references (`${{name.VAR}}`) and its private host
   * (`name.railway.internal`). Renamed in place when it changes; references by the old name break.
   * @example "api"
   */
  name: string;
  /**
   * Manage an existing service of this name instead of failing. Adopted services are released, not
   * deleted, by `pulumi destroy`. Only read when the service is created; changing it later sends nothing
   * to Railway and does not change whether the service counts as adopted.
   * @default false
   */
  adopt?: boolean | undefined;
}

export interface ServiceOutputs extends ServiceInputs {
  /** Whether the service was adopted (and so is released, not deleted, on destroy). */
  adopted: boolean;
}

const inputsSchema = z.object({
  projectId: z.string().min(1),
  name: z.string().superRefine(ruleOf(serviceNameProblems)),
  adopt: z.boolean().optional(),
});

/** The rules of check(): run by the provider host, and by the program before anything is registered. */
export function checkServiceInputs(news: ServiceInputs) {
  return checkInputs(inputsSchema, news);
}

export const serviceProvider: pulumi.dynamic.ResourceProvider<ServiceInputs, ServiceOutputs> = {
  async check(_olds, news) {
    return checkServiceInputs(news);
  },

  async diff(_id, olds, news) {
    return diffResult(changedKeys(olds, news, ["projectId", "name", "adopt"]), ["projectId"]);
  },

  async create(inputs) {
    const { client, snapshots } = await providerContext();
    const project = await snapshots.project(inputs.projectId);
    const existing = project.services.find((service) => service.name === inputs.name);
    if (existing) {
      if (!inputs.adopt) {
        throw new Error(
          `Service "${inputs.name}" already exists in project "${project.name}" (${existing.id}). Set adopt: ` +
            "true to manage it with this stack, or choose another name; nothing was created.",
        );
      }
      return { id: existing.id, outs: { ...inputs, adopted: true } };
    }
    // No source here: a service created with one starts building before its variables exist (the
    // Terraform provider's #22). Source and settings arrive per environment, then one deployment.
    const created = await client.createOnce(
      ops.serviceCreate,
      { input: { projectId: inputs.projectId, name: inputs.name } },
      async () => {
        snapshots.invalidateProject(inputs.projectId);
        const fresh = await snapshots.project(inputs.projectId);
        const found = fresh.services.find((service) => service.name === inputs.name);
        return found ? { ...found, projectId: inputs.projectId } : undefined;
      },
    );
    snapshots.invalidateProject(inputs.projectId);
    return { id: created.id, outs: { ...inputs, adopted: false } };
  },

  async read(id, props) {
    const { snapshots } = await providerContext();
    return readOrGone(id, props, async (props) => {
      const project = await snapshots.project(props.projectId);
      const service = project.services.find((candidate) => candidate.id === id);
      return service ? { ...props, name: service.name } : undefined;
    });
  },

  async update(id, olds, news) {
    const { client, snapshots } = await providerContext();
    if (news.name !== olds.name) {
      await client.run(ops.serviceUpdate, { id, input: { name: news.name } });
      snapshots.invalidateProject(news.projectId);
    }
    return { outs: { ...news, adopted: olds.adopted } };
  },

  async delete(id, props) {
    if (props.adopted) return;
    const { client, snapshots } = await providerContext();
    await unlessGone(() => client.run(ops.serviceDelete, { id }), undefined);
    snapshots.invalidateProject(props.projectId);
  },
};
