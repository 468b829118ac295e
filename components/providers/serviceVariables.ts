import { randomUUID } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { NotFoundError } from "../railway/index.ts";
import { providerContext } from "./context.ts";
import { readOrGone } from "./gone.ts";
import { changedKeys, checkInputs, diffResult, type Implementation } from "./implementation.ts";
import { providerFor } from "./provider.ts";
import { liveVariables, variableMapSchema, writeVariables } from "./variableSet.ts";

export interface ServiceVariablesInputs {
  projectId: string;
  environmentId: string;
  serviceId: string;
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

export const serviceVariablesImplementation: Implementation<ServiceVariablesInputs, ServiceVariablesOutputs> =
  {
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
      return readOrGone(id, async () => {
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
      try {
        await writeVariables(await providerContext(), props, {});
      } catch (error) {
        if (!(error instanceof NotFoundError)) throw error;
      }
    },
  };

export interface ServiceVariablesArgs {
  /** Changing it replaces the resource. */
  projectId: pulumi.Input<string>;
  /** The one environment written. Changing it replaces the resource. */
  environmentId: pulumi.Input<string>;
  /** Changing it replaces the resource. */
  serviceId: pulumi.Input<string>;
  /**
   * The service's complete variable set in this environment: variables not listed here are removed.
   * Values may hold references (`${{shared.KEY}}`, `${{Redis.REDIS_URL}}`); they are stored as written and
   * kept secret in the Pulumi state. Written without a deploy; the Deployment resource deploys once.
   */
  variables: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/** The variables of one service in one environment, owned as a whole set. */
export class ServiceVariables extends pulumi.dynamic.Resource {
  declare readonly variables: pulumi.Output<Record<string, string>>;
  /** Changes whenever the variables are written; feed it to the Deployment's trigger. */
  declare readonly revision: pulumi.Output<string>;

  constructor(name: string, args: ServiceVariablesArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      providerFor("ServiceVariables"),
      name,
      { revision: undefined, ...args },
      pulumi.mergeOptions(opts, { additionalSecretOutputs: ["variables"] }),
      "railway",
      "ServiceVariables",
    );
  }
}
