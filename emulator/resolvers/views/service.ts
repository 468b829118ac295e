import { statusAt } from "../../model/deployment-status.ts";
import { iso } from "../../model/ids.ts";
import {
  builderEnumOf,
  multiRegionOf,
  numReplicasOf,
  regionOf,
  serviceDomainsOf,
  sourceOf,
} from "../../model/instance-config.ts";
import { booleanAt, isJsonObject, type JsonObject, numberAt, objectAt, stringAt } from "../../model/json.ts";
import type { EnvironmentRecord, InstanceRecord, ServiceRecord } from "../../model/records.ts";
import type { World } from "../../model/world.ts";
import { canSeeEnvironment } from "../access.ts";
import type { Args } from "../args.ts";
import { connection } from "../connection.ts";
import type { RequestContext } from "../context.ts";
import { deploymentView } from "./deployment.ts";
import { projectView } from "./project.ts";

export function serviceView(world: World, service: ServiceRecord) {
  return {
    id: service.id,
    name: service.name,
    icon: service.icon,
    projectId: service.projectId,
    createdAt: iso(service.createdAt),
    updatedAt: iso(service.updatedAt),
    deletedAt: null,
    templateId: null,
    templateServiceId: null,
    templateThreadSlug: null,
    groupId: null,
    tracingEnabled: null,
    featureFlags: [],
    hasHiddenRegistryCredentialsFromTemplate: false,
    isRestricted: false,
    project: () => {
      const project = world.projects.get(service.projectId);
      return project ? projectView(world, project) : null;
    },
    serviceInstances: (args: Args, ctx: RequestContext) => {
      const instances = world
        .environmentsOf(service.projectId)
        .filter((env) => canSeeEnvironment(world, ctx.grant, env))
        .flatMap((env) => {
          const instance = env.instances.get(service.id);
          return instance ? [instanceView(world, env, instance)] : [];
        });
      return connection(instances, args, (i) => i.id);
    },
    deployments: (args: Args, ctx: RequestContext) => {
      const deployments = [...world.deployments.values()]
        .filter((d) => d.serviceId === service.id)
        .filter((d) => {
          const env = world.environments.get(d.environmentId);
          return env !== undefined && canSeeEnvironment(world, ctx.grant, env);
        })
        .reverse()
        .map((d) => deploymentView(world, d));
      return connection(deployments, args, (d) => d.id);
    },
  };
}

export function serviceDomainView(
  environment: EnvironmentRecord,
  serviceId: string,
  domain: string,
  port: number | null,
) {
  const meta = environment.domains.get(domain);
  const created = meta ? iso(meta.createdAt) : iso(environment.createdAt);
  return {
    __typename: "ServiceDomain",
    id: meta?.id ?? domain,
    domain,
    suffix: domain.endsWith(".up.railway.app") ? "up.railway.app" : null,
    environmentId: environment.id,
    projectId: environment.projectId,
    serviceId,
    targetPort: port,
    syncStatus: "ACTIVE",
    createdAt: created,
    updatedAt: meta ? iso(meta.updatedAt) : created,
    deletedAt: null,
    edgeId: null,
    cdnMode: null,
    newDomainName: null,
    newHostLabel: null,
  };
}

/** Custom domains only exist here when a patch wrote networking.customDomains (customDomainCreate is not emulated). */
function customDomainViews(environment: EnvironmentRecord, serviceId: string, config: JsonObject) {
  const custom = objectAt(objectAt(config, "networking"), "customDomains");
  return Object.entries(custom).map(([domain, value]) => ({
    __typename: "CustomDomain",
    id: environment.domains.get(domain)?.id ?? domain,
    domain,
    environmentId: environment.id,
    projectId: environment.projectId,
    serviceId,
    targetPort: isJsonObject(value) ? (numberAt(value, "port") ?? null) : null,
    isRailwayDomain: false,
    syncStatus: "CREATING",
    status: {
      dnsRecords: [],
      certificateStatus: "CERTIFICATE_STATUS_TYPE_VALIDATING_OWNERSHIP",
      verified: false,
      certificates: [],
      verificationDnsHost: `_railway-verify.${domain}`,
      verificationToken: null,
    },
    createdAt: iso(environment.createdAt),
    updatedAt: iso(environment.updatedAt),
    deletedAt: null,
    edgeId: null,
    cdnMode: null,
  }));
}

export function allDomainsView(environment: EnvironmentRecord, serviceId: string) {
  const config = environment.instances.get(serviceId)?.config ?? {};
  return {
    serviceDomains: serviceDomainsOf(config).map((d) =>
      serviceDomainView(environment, serviceId, d.domain, d.port),
    ),
    customDomains: customDomainViews(environment, serviceId, config),
  };
}

/** Every field of ServiceInstance, read from the instance's EnvironmentConfig entry. */
export function instanceView(world: World, environment: EnvironmentRecord, instance: InstanceRecord) {
  const config = instance.config;
  const build = objectAt(config, "build");
  const deploy = objectAt(config, "deploy");
  const source = sourceOf(config);
  const service = world.services.get(instance.serviceId);
  const deployments = () => world.deploymentsOf(environment.id, instance.serviceId);
  const preDeploy = deploy.preDeployCommand;
  return {
    id: instance.id,
    serviceId: instance.serviceId,
    serviceName: service?.name ?? "",
    environmentId: environment.id,
    createdAt: iso(instance.createdAt),
    updatedAt: iso(instance.updatedAt),
    deletedAt: null,
    source: source.repo || source.image ? { repo: source.repo ?? null, image: source.image ?? null } : null,
    rootDirectory: source.rootDirectory ?? null,
    upstreamUrl: stringAt(objectAt(config, "source"), "upstreamUrl") ?? null,
    builder: builderEnumOf(config),
    buildCommand: stringAt(build, "buildCommand") ?? null,
    dockerfilePath: stringAt(build, "dockerfilePath") ?? null,
    watchPatterns: Array.isArray(build.watchPatterns)
      ? build.watchPatterns.filter((p) => typeof p === "string")
      : [],
    nixpacksPlan: build.nixpacksPlan ?? null,
    railpackInfo: null,
    railwayConfigFile: stringAt(config, "configFile") ?? null,
    resolvedFileConfig: null,
    startCommand: stringAt(deploy, "startCommand") ?? null,
    preDeployCommand: preDeploy === undefined ? null : preDeploy,
    preDeployTimeoutSeconds: numberAt(deploy, "preDeployTimeoutSeconds") ?? null,
    healthcheckPath: stringAt(deploy, "healthcheckPath") ?? null,
    healthcheckTimeout: numberAt(deploy, "healthcheckTimeout") ?? null,
    numReplicas: numReplicasOf(config),
    region: regionOf(config),
    multiRegionConfig: multiRegionOf(config),
    restartPolicyType: stringAt(deploy, "restartPolicyType") ?? "ON_FAILURE",
    restartPolicyMaxRetries: numberAt(deploy, "restartPolicyMaxRetries") ?? 10,
    cronSchedule: stringAt(deploy, "cronSchedule") ?? null,
    nextCronRunAt: null,
    sleepApplication: booleanAt(deploy, "sleepApplication") ?? false,
    overlapSeconds: numberAt(deploy, "overlapSeconds") ?? null,
    drainingSeconds: numberAt(deploy, "drainingSeconds") ?? null,
    ipv6EgressEnabled: booleanAt(deploy, "ipv6EgressEnabled") ?? null,
    edgeConfig: null,
    isUpdatable: true,
    hasEverDeployed: () => deployments().length > 0,
    latestDeployment: () => {
      const latest = deployments().at(-1);
      return latest ? deploymentView(world, latest) : null;
    },
    activeDeployments: () => {
      const now = world.now();
      return deployments()
        .filter((d) => ["SUCCESS", "CRASHED", "SLEEPING"].includes(statusAt(world, d, now).status))
        .reverse()
        .map((d) => deploymentView(world, d));
    },
    domains: () => allDomainsView(environment, instance.serviceId),
    service: () => (service ? serviceView(world, service) : null),
  };
}
