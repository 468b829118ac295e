import { randomUUID } from "node:crypto";
import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { providerContext } from "./context.ts";
import { readOrGone } from "./gone.ts";
import { changedKeys, checkInputs, diffResult } from "./inputChecks.ts";
import { liveVariables, sameVariables, variableMapSchema } from "./variableSet.ts";

export interface ServiceVariablesInputs {
  /** The service's project. Changing it replaces the resource (and the service's Deployment deploys). */
  projectId: string;
  /**
   * The one environment written. Changing it replaces the resource (and the service's Deployment deploys
   * there).
   */
  environmentId: string;
  /** The service. Changing it replaces the resource (and the service's Deployment deploys). */
  serviceId: string;
  /**
   * The service's complete variable set in this environment: variables not listed here are removed.
   * Values may hold references (`${{shared.KEY}}`, `${{Redis.REDIS_URL}}`); they are stored as written and
   * kept secret in the Pulumi state. The service's Deployment writes them with its settings in the
   * environment's one commit, which deploys the service once.
   * @example { REDIS_URL: "${{Redis.REDIS_URL}}", WORKER_QUEUES: "orders" }
   */
  variables: Record<string, string>;
}

export interface ServiceVariablesOutputs extends ServiceVariablesInputs {
  /** Changes whenever the declared variables change, or differ from Railway's (seen on refresh). */
  revision: string;
}

const inputsSchema = z.object({
  projectId: z.string().min(1),
  environmentId: z.string().min(1),
  serviceId: z.string().min(1),
  variables: variableMapSchema,
});

/**
 * A declaration, like ServiceSettings: it validates the set, reports Railway's on refresh (so a variable
 * added in the dashboard shows, and is removed by the next `up`), and sends nothing itself.
 */
/** The rules of check(): run by the provider host, and by the program before anything is registered. */
export function checkServiceVariablesInputs(news: ServiceVariablesInputs) {
  return checkInputs(inputsSchema, news);
}

export const serviceVariablesProvider: pulumi.dynamic.ResourceProvider<
  ServiceVariablesInputs,
  ServiceVariablesOutputs
> = {
  async check(_olds, news) {
    return checkServiceVariablesInputs(news);
  },

  async diff(_id, olds, news) {
    const changed = changedKeys(olds, news, ["projectId", "environmentId", "serviceId", "variables"]);
    return diffResult(changed, ["projectId", "environmentId", "serviceId"]);
  },

  async create(inputs) {
    return { id: `${inputs.environmentId}/${inputs.serviceId}`, outs: { ...inputs, revision: randomUUID() } };
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
    const same = sameVariables(olds.variables ?? {}, news.variables);
    return { outs: { ...news, revision: same ? olds.revision : randomUUID() } };
  },

  // The set goes with its service: deleting the Service (or the Environment) removes it.
  async delete() {},
};
