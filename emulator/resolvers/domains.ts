import { DomainError, notAuthorized, notFound } from "../graphql/errors.ts";
import { rewriteInstanceEntry } from "../model/config-document.ts";
import {
  domainTaken,
  findServiceDomain,
  generateDomain,
  rememberDomain,
  withoutServiceDomain,
  withServiceDomain,
} from "../model/domains.ts";
import { serviceDomainsOf } from "../model/instance-config.ts";
import type { JsonObject } from "../model/json.ts";
import type { EnvironmentRecord } from "../model/records.ts";
import { canSeeEnvironment, forbidProjectToken, getInstance, requireSignedIn } from "./access.ts";
import { type Args, inputObject, optionalInt, requiredString } from "./args.ts";
import { connection } from "./connection.ts";
import { type RequestContext, recordWrite } from "./context.ts";
import { triggerViews } from "./views/environment.ts";
import { allDomainsView, serviceDomainView } from "./views/service.ts";

// Railway-provided domains (docs/railway-api-notes.md, "Domains"): applied immediately, never staged, no
// deploy; they show in config networking.serviceDomains and in RAILWAY_PUBLIC_DOMAIN.

function rewrite(
  ctx: RequestContext,
  environment: EnvironmentRecord,
  serviceId: string,
  change: (entry: JsonObject) => JsonObject,
) {
  if (!rewriteInstanceEntry(ctx.world, environment, serviceId, change)) throw notFound("ServiceInstance");
}

function findDomain(ctx: RequestContext, id: string) {
  requireSignedIn(ctx);
  const found = findServiceDomain(ctx.world, id);
  if (!found) throw notFound("ServiceDomain");
  if (!canSeeEnvironment(ctx.world, ctx.grant, found.environment)) throw notAuthorized();
  return found;
}

export const domainQueries = {
  domains(args: Args, ctx: RequestContext) {
    const ref = getInstance(ctx, requiredString(args, "environmentId"), requiredString(args, "serviceId"));
    if (ref.environment.projectId !== requiredString(args, "projectId")) throw notFound("Project");
    return allDomainsView(ref.environment, ref.service.id);
  },

  deploymentTriggers(args: Args, ctx: RequestContext) {
    const ref = getInstance(ctx, requiredString(args, "environmentId"), requiredString(args, "serviceId"));
    const triggers = triggerViews(ctx.world, ref.environment).filter((t) => t.serviceId === ref.service.id);
    return connection(triggers, args, (t) => t.id);
  },
};

export const domainMutations = {
  serviceDomainCreate(args: Args, ctx: RequestContext) {
    forbidProjectToken(ctx);
    const input = inputObject(args);
    const ref = getInstance(ctx, requiredString(input, "environmentId"), requiredString(input, "serviceId"));
    const port = optionalInt(input, "targetPort") ?? null;
    const domain = generateDomain(ctx.world, ref.service.name, ref.environment.name);
    rewrite(ctx, ref.environment, ref.service.id, (entry) => withServiceDomain(entry, domain, port));
    rememberDomain(ctx.world, ref.environment, domain);
    recordWrite(ctx, {
      field: "serviceDomainCreate",
      projectId: ref.environment.projectId,
      environmentId: ref.environment.id,
    });
    return serviceDomainView(ref.environment, ref.service.id, domain, port);
  },

  serviceDomainUpdate(args: Args, ctx: RequestContext) {
    forbidProjectToken(ctx);
    const input = inputObject(args);
    const found = findDomain(ctx, requiredString(input, "serviceDomainId"));
    const domain = requiredString(input, "domain");
    if (!domain.endsWith(".up.railway.app"))
      throw new DomainError("Service domains must end with .up.railway.app");
    if (domain !== found.domain && domainTaken(ctx.world, domain))
      throw new DomainError("Domain is not available");
    const current = serviceDomainsOf(found.environment.instances.get(found.serviceId)?.config ?? {}).find(
      (d) => d.domain === found.domain,
    );
    const port = "targetPort" in input ? (optionalInt(input, "targetPort") ?? null) : (current?.port ?? null);
    rewrite(ctx, found.environment, found.serviceId, (entry) =>
      withServiceDomain(entry, domain, port, found.domain),
    );
    const meta = found.environment.domains.get(found.domain);
    found.environment.domains.delete(found.domain);
    rememberDomain(ctx.world, found.environment, domain, meta?.id);
    recordWrite(ctx, {
      field: "serviceDomainUpdate",
      projectId: found.environment.projectId,
      environmentId: found.environment.id,
    });
    return true;
  },

  serviceDomainDelete(args: Args, ctx: RequestContext) {
    forbidProjectToken(ctx);
    const found = findDomain(ctx, requiredString(args, "id"));
    rewrite(ctx, found.environment, found.serviceId, (entry) => withoutServiceDomain(entry, found.domain));
    found.environment.domains.delete(found.domain);
    recordWrite(ctx, {
      field: "serviceDomainDelete",
      projectId: found.environment.projectId,
      environmentId: found.environment.id,
    });
    return true;
  },
};
