import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { ops } from "../railway/index.ts";
import { providerContext } from "./context.ts";
import { readOrGone, unlessGone } from "./gone.ts";
import { changedKeys, checkInputs, diffResult } from "./inputChecks.ts";

export interface ServiceDomainInputs {
  /** The service's project. Changing it replaces the domain. */
  projectId: string;
  /** The environment the domain serves. Changing it replaces the domain (the old one is deleted). */
  environmentId: string;
  /** The service the domain routes to. Changing it replaces the domain (the old one is deleted). */
  serviceId: string;
  /**
   * Port the domain routes to. Omitted, Railway detects the single listening port; set it for
   * deterministic routing. Updated in place, without a deploy.
   * @default none (Railway detects the port)
   * @example 8000
   */
  targetPort?: number | undefined;
}

export interface ServiceDomainOutputs extends ServiceDomainInputs {
  /** The generated host, e.g. `api-production-1a2b.up.railway.app`. */
  domain: string;
  /** `https://<domain>`. */
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

/** The rules of check(): run by the provider host, and by the program before anything is registered. */
export function checkServiceDomainInputs(news: ServiceDomainInputs) {
  return checkInputs(inputsSchema, news);
}

export const serviceDomainProvider: pulumi.dynamic.ResourceProvider<
  ServiceDomainInputs,
  ServiceDomainOutputs
> = {
  async check(_olds, news) {
    return checkServiceDomainInputs(news);
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
    return readOrGone(id, props, async (props) => {
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
    await unlessGone(() => client.run(ops.serviceDomainDelete, { id }), undefined);
    snapshots.invalidateEnvironment(props.environmentId);
  },
};
