import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { ops } from "../railway/index.ts";
import { providerContext } from "./context.ts";
import { deleteIdempotently, readOrGone } from "./gone.ts";
import { changedKeys, checkInputs, diffResult, type Implementation } from "./implementation.ts";
import { providerFor } from "./provider.ts";

export interface ServiceDomainInputs {
  projectId: string;
  environmentId: string;
  serviceId: string;
  targetPort?: number | undefined;
}

export interface ServiceDomainOutputs extends ServiceDomainInputs {
  domain: string;
  url: string;
}

const inputsSchema = z.object({
  projectId: z.string().min(1),
  environmentId: z.string().min(1),
  serviceId: z.string().min(1),
  targetPort: z.number().int().min(1).max(65535).optional(),
});

function outputs(inputs: ServiceDomainInputs, domain: string): ServiceDomainOutputs {
  return { ...inputs, domain, url: `https://${domain}` };
}

export const serviceDomainImplementation: Implementation<ServiceDomainInputs, ServiceDomainOutputs> = {
  async check(_olds, news) {
    return checkInputs(inputsSchema, news);
  },

  async diff(_id, olds, news) {
    const changed = changedKeys(olds, news, ["projectId", "environmentId", "serviceId", "targetPort"]);
    return diffResult(changed, ["projectId", "environmentId", "serviceId"]);
  },

  async create(inputs) {
    const { client, snapshots } = await providerContext();
    const instance = {
      projectId: inputs.projectId,
      environmentId: inputs.environmentId,
      serviceId: inputs.serviceId,
    };
    // A service has one generated domain per environment; an existing one is taken over, never doubled.
    const [existing] = await client.run(ops.domains, instance);
    const domain =
      existing ??
      (await client.createOnce(
        ops.serviceDomainCreate,
        {
          input: {
            serviceId: inputs.serviceId,
            environmentId: inputs.environmentId,
            ...(inputs.targetPort ? { targetPort: inputs.targetPort } : {}),
          },
        },
        async () => (await client.run(ops.domains, instance))[0],
      ));
    if (existing && inputs.targetPort && existing.targetPort !== inputs.targetPort) {
      await client.run(ops.serviceDomainUpdate, {
        input: {
          ...instance,
          serviceDomainId: existing.id,
          domain: existing.domain,
          targetPort: inputs.targetPort,
        },
      });
    }
    snapshots.invalidateEnvironment(inputs.environmentId);
    return { id: domain.id, outs: outputs(inputs, domain.domain) };
  },

  async read(id, props) {
    const { snapshots } = await providerContext();
    return readOrGone(id, async () => {
      const environment = await snapshots.environment(props.environmentId);
      const domains = environment.config.services?.[props.serviceId]?.networking?.serviceDomains ?? {};
      const entry = domains[props.domain];
      if (!entry) return undefined;
      const targetPort = entry.port ?? undefined;
      return { ...props, ...(targetPort ? { targetPort } : {}) };
    });
  },

  async update(id, olds, news) {
    const { client, snapshots } = await providerContext();
    if (news.targetPort !== olds.targetPort) {
      await client.run(ops.serviceDomainUpdate, {
        input: {
          serviceDomainId: id,
          serviceId: news.serviceId,
          environmentId: news.environmentId,
          domain: olds.domain,
          ...(news.targetPort ? { targetPort: news.targetPort } : {}),
        },
      });
      snapshots.invalidateEnvironment(news.environmentId);
    }
    return { outs: outputs(news, olds.domain) };
  },

  async delete(id, props) {
    const { client, snapshots } = await providerContext();
    await deleteIdempotently(() => client.run(ops.serviceDomainDelete, { id }));
    snapshots.invalidateEnvironment(props.environmentId);
  },
};

export interface ServiceDomainArgs {
  /** Changing it replaces the domain. */
  projectId: pulumi.Input<string>;
  /** Changing it replaces the domain. */
  environmentId: pulumi.Input<string>;
  /** Changing it replaces the domain. */
  serviceId: pulumi.Input<string>;
  /**
   * Port the domain routes to. Omitted, Railway detects the single listening port; set it for
   * deterministic routing. Updated in place.
   */
  targetPort?: pulumi.Input<number>;
}

/** A generated `*.up.railway.app` domain for one service in one environment. */
export class ServiceDomain extends pulumi.dynamic.Resource {
  declare readonly domain: pulumi.Output<string>;
  declare readonly url: pulumi.Output<string>;

  constructor(name: string, args: ServiceDomainArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      providerFor("ServiceDomain"),
      name,
      { domain: undefined, url: undefined, ...args },
      opts,
      "railway",
      "ServiceDomain",
    );
  }
}
