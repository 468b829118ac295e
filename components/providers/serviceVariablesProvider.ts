import { randomUUID } from "node:crypto";
import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { providerContext } from "./context.ts";
import { readOrGone, unlessGone } from "./gone.ts";
import { changedKeys, checkInputs, diffResult } from "./inputChecks.ts";
import { liveVariables, variableMapSchema, writeVariables } from "./variableSet.ts";

export interface ServiceVariablesInputs {
  /** Changing it replaces the resource. */
  projectId: string;
  /** The one environment written. Changing it replaces the resource. */
  environmentId: string;
  /** Changing it replaces the resource. */
  serviceId: string;
  /**
   * The service's complete variable set in this environment: variables not listed here are removed.
   * Values may hold references (`${{shared.KEY}}`, `${{Redis.REDIS_URL}}`); they are stored as written and
   * kept secret in the Pulumi state. A change redeploys the service once.
   * @example { REDIS_URL: "${{Redis.REDIS_URL}}", WORKER_QUEUES: "orders" }
   */
  variables: Record<string, string>;
}

export interface ServiceVariablesOutputs extends ServiceVariablesInputs {
  /** Changes whenever this resource writes to Railway; the Deployment deploys when it changes. */
  revision: string;
}

const inputsSchema = z.object({
  projectId: z.string().min(1),
  environmentId: z.string().min(1),
  serviceId: z.string().min(1),
  variables: variableMapSchema,
});

export const serviceVariablesProvider: pulumi.dynamic.ResourceProvider<
  ServiceVariablesInputs,
  ServiceVariablesOutputs
> = {
  async check(_olds, news) {
    return checkInputs(inputsSchema, news);
  },

  async diff(_id, olds, news) {
    const changed = changedKeys(olds, news, ["projectId", "environmentId", "serviceId", "variables"]);
    return diffResult(changed, ["projectId", "environmentId", "serviceId"]);
  },

  async create(inputs) {
    const context = await providerContext();
    const environment = await context.snapshots.environment(inputs.environmentId);
    await writeVariables(context, inputs, inputs.variables, liveVariables(environment.config, inputs));
    return {
      id: `${inputs.environmentId}/${inputs.serviceId}`,
      outs: { ...inputs, revision: randomUUID() },
    };
  },

  async read(id, props) {
    const { snapshots } = await providerContext();
    return readOrGone(id, props, async (props) => {
      const environment = await snapshots.environment(props.environmentId);
      const variables = liveVariables(environment.config, props);
      return variables === undefined ? undefined : { ...props, variables };
    });
  },

  async update(_id, olds, news) {
    const wrote = await writeVariables(await providerContext(), news, news.variables, olds.variables);
    return { outs: { ...news, revision: wrote ? randomUUID() : olds.revision } };
  },

  async delete(_id, props) {
    const context = await providerContext();
    await unlessGone(() => writeVariables(context, props, {}), false);
  },
};
