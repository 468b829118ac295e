import { randomBytes } from "node:crypto";
import { newId } from "./ids.ts";
import { type JsonObject, objectAt } from "./json.ts";
import { slug } from "./names.ts";
import type { EnvironmentRecord } from "./records.ts";
import type { World } from "./world.ts";

// Railway-provided domains (docs/railway-api-notes.md, "Domains") live in the config's
// networking.serviceDomains; their ids and times are kept beside it so the object API and the config stay one
// state.

export function generateDomain(world: World, serviceName: string, environmentName: string): string {
  for (;;) {
    const domain = `${slug(serviceName)}-${slug(environmentName)}-${randomBytes(2).toString("hex")}.up.railway.app`;
    if (!domainTaken(world, domain)) return domain;
  }
}

export function domainTaken(world: World, domain: string): boolean {
  for (const environment of world.environments.values()) {
    for (const instance of environment.instances.values()) {
      if (domain in objectAt(objectAt(instance.config, "networking"), "serviceDomains")) return true;
    }
  }
  return false;
}

export function withServiceDomain(
  config: JsonObject,
  domain: string,
  port: number | null,
  remove?: string,
): JsonObject {
  const networking = objectAt(config, "networking");
  const domains = objectAt(networking, "serviceDomains");
  if (remove !== undefined) delete domains[remove];
  domains[domain] = port === null ? {} : { port };
  networking.serviceDomains = domains;
  return { ...config, networking };
}

export function withoutServiceDomain(config: JsonObject, domain: string): JsonObject {
  const networking = objectAt(config, "networking");
  const domains = objectAt(networking, "serviceDomains");
  delete domains[domain];
  networking.serviceDomains = domains;
  return { ...config, networking };
}

export function rememberDomain(
  world: World,
  environment: EnvironmentRecord,
  domain: string,
  id = newId(),
): void {
  const now = world.now();
  const existing = environment.domains.get(domain);
  environment.domains.set(domain, {
    id: existing?.id ?? id,
    createdAt: existing?.createdAt ?? now,
    updatedAt: now,
  });
}

export interface FoundDomain {
  environment: EnvironmentRecord;
  serviceId: string;
  domain: string;
}

export function findServiceDomain(world: World, id: string): FoundDomain | undefined {
  for (const environment of world.environments.values()) {
    for (const [domain, meta] of environment.domains) {
      if (meta.id !== id) continue;
      for (const [serviceId, instance] of environment.instances) {
        if (domain in objectAt(objectAt(instance.config, "networking"), "serviceDomains")) {
          return { environment, serviceId, domain };
        }
      }
    }
  }
  return undefined;
}
