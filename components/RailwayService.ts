import * as pulumi from "@pulumi/pulumi";
import { deploymentTrigger } from "./deploymentTrigger.ts";
import { privateHost, sharedReference, variableProblems } from "./railway/vocabulary.ts";
import { Deployment, type VerificationArgs } from "./resources/Deployment.ts";
import { RailwayInputError, refuse } from "./resources/preflight.ts";
import { Service } from "./resources/Service.ts";
import { ServiceDomain } from "./resources/ServiceDomain.ts";
import { ServiceSettings, type ServiceSettingsDeclaration } from "./resources/ServiceSettings.ts";
import { ServiceVariables } from "./resources/ServiceVariables.ts";
import type { SharedVariables } from "./resources/SharedVariables.ts";

export interface RailwayServiceArgs {
  /**
   * Project the service belongs to. Changing it replaces the service: a new one is created in the new
   * project and deployed, and the old one is deleted (an adopted one is released).
   */
  projectId: pulumi.Input<string>;
  /**
   * The one environment this component configures and deploys; no other environment is ever written.
   * Changing it configures and deploys the service in the new environment; the old environment's
   * instance is left as it is, but its domain is deleted.
   */
  environmentId: pulumi.Input<string>;
  /**
   * Configure an existing service instead of creating one: a preview stack passes production's service
   * id, so the service stays production's and only this environment's instance is touched. Changing it
   * configures and deploys that service instead; setting it where this component created the service
   * deletes that service.
   * @default none: the service is created (or adopted, with `adopt`)
   */
  existingServiceId?: pulumi.Input<string>;
  /**
   * With no `existingServiceId`: take over a service of this name that already exists in the project
   * instead of failing. Released, not deleted, by `pulumi destroy`. Only read when the service is
   * created; changing it later sends nothing to Railway.
   * @default false
   */
  adopt?: boolean;
  /**
   * Source, build and deploy settings for this environment. A change is written, with the service's
   * variables, in the environment's one staged commit of the `pulumi up`, and the service redeploys once.
   * Undeclared settings stay as Railway has them; a setting removed from here returns to Railway's default.
   * @example { repo: "acme/shop", builder: "DOCKERFILE", startCommand: "node dist/worker.js", numReplicas: 2 }
   */
  settings: pulumi.Input<ServiceSettingsDeclaration>;
  /**
   * The service's own variables in this environment; the set is owned whole (others are removed). A
   * change is written in the environment's one commit and redeploys the service once. Values may
   * reference other variables.
   * @default {}
   * @example { DATABASE_URL: "${{Postgres.DATABASE_URL}}", QUEUE: "orders" }
   */
  variables?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /**
   * Shared variables this service uses: each becomes `KEY=${{shared.KEY}}` on the service, because
   * Railway does not inject shared variables by itself. A changed value of one of them, or a change of
   * `keys`, redeploys the service once.
   * @default none
   * @example { variables: shared, keys: ["LOG_LEVEL", "STRIPE_KEY"] }
   */
  shared?: { variables: SharedVariables; keys: readonly string[] };
  /**
   * A generated `*.up.railway.app` domain for this service, routed to `targetPort` when set (Railway
   * detects the port otherwise). Adding it creates the domain at once; removing it deletes the domain;
   * changing `targetPort` updates it in place. None of these deploys.
   * @default none (no public domain)
   * @example { targetPort: 3000 }
   */
  domain?: { targetPort?: pulumi.Input<number> };
  /**
   * How the deployment is judged ready. A change applies to the next deployment; it deploys nothing.
   * @default { kind: "status" }
   * @example logReadiness({ lines: [{ description: "worker ready", pattern: "worker ready" }] })
   */
  verify?: pulumi.Input<VerificationArgs>;
  /**
   * Revisions of other things this service's deployment depends on (another service's variables it
   * references, for example): when one changes, this service deploys again, once.
   * @default []
   * @example [redis.variables.revision]
   */
  redeployOn?: pulumi.Input<string>[];
  /**
   * Seconds to wait for the build and deploy. Changing it deploys nothing.
   * @default 1800
   */
  deployTimeoutSeconds?: pulumi.Input<number>;
}

/** The private hosts declared so far in each environment of this program (an id or its Output). */
const declaredHosts = new Map<unknown, Map<string, string>>();

/** Two services Railway would treat as one (the same private host, names differing in case) are refused. */
function claimServiceName(environmentId: unknown, name: string): void {
  const hosts = declaredHosts.get(environmentId) ?? new Map<string, string>();
  declaredHosts.set(environmentId, hosts);
  const other = hosts.get(privateHost(name));
  if (other !== undefined) {
    refuse(
      new RailwayInputError(`RailwayService "${name}"`, [
        `"${other}" and "${name}" are one service to Railway in this environment (both are ${privateHost(name)}): give each service its own name`,
      ]),
    );
  }
  hosts.set(privateHost(name), name);
}

/**
 * One Railway service in one environment: the service (or an existing one), its settings, its whole
 * variable set, an optional domain, and exactly one deployment after all of them are in place, verified.
 *
 * The resource name is the Railway service name (`${{name.VAR}}`, `name.railway.internal`). Renaming
 * it is, to Pulumi, a new resource: a service of the new name is created and deployed and the old one is
 * deleted (an adopted one is released); references to the old name break.
 *
 * @example
 * import { RailwayService } from "pulumi-railway-app";
 *
 * const web = new RailwayService("web", {
 *   projectId: project.id,
 *   environmentId: production.id,
 *   settings: { repo: "acme/shop", builder: "DOCKERFILE", healthcheckPath: "/health" },
 *   variables: { REDIS_URL: "${{Redis.REDIS_URL}}" },
 *   domain: { targetPort: 3000 },
 * });
 */
export class RailwayService extends pulumi.ComponentResource {
  /** The Railway service id. */
  readonly serviceId: pulumi.Output<string>;
  /** The service's name, as used in `${{name.VAR}}` references and `name.railway.internal`. */
  readonly serviceName: string;
  /** The service's settings in this environment. */
  readonly settings: ServiceSettings;
  /** The service's variable set in this environment; `variables.revision` suits another's `redeployOn`. */
  readonly variables: ServiceVariables;
  /** The generated domain, when `domain` is declared. */
  readonly domain: ServiceDomain | undefined;
  /** The service's deployment in this environment. */
  readonly deployment: Deployment;
  /** Names (never values) of the variables the service receives. */
  readonly variableNames: pulumi.Output<string[]>;
  /** `https://…` when the service has a domain. */
  readonly url: pulumi.Output<string | undefined>;

  constructor(name: string, args: RailwayServiceArgs, opts?: pulumi.ComponentResourceOptions) {
    // Version 0.1.0 registered this component as omnidoc:railway:RailwayService; the alias keeps the
    // resources of stacks created then (their children follow their parent's alias).
    const aliased = pulumi.mergeOptions(opts, { aliases: [{ type: "omnidoc:railway:RailwayService" }] });
    claimServiceName(args.environmentId, name);
    // The variable set goes to the provider as one secret, so it is judged here, while known.
    const declared = pulumi.Output.isInstance(args.variables) ? {} : (args.variables ?? {});
    const badNames = [
      ...Object.entries(declared).flatMap(([key, value]) => variableProblems(key, value)),
      ...(args.shared?.keys ?? []).flatMap((key) => variableProblems(key, undefined)),
    ];
    if (badNames.length > 0) refuse(new RailwayInputError(`RailwayService "${name}"`, badNames));
    super("railway-app:index:RailwayService", name, {}, aliased);
    const parent = { parent: this };
    this.serviceName = name;

    const service = args.existingServiceId
      ? undefined
      : new Service(name, { projectId: args.projectId, name, adopt: args.adopt ?? false }, parent);
    this.serviceId = args.existingServiceId ? pulumi.output(args.existingServiceId) : (service as Service).id;
    const instance = {
      projectId: args.projectId,
      environmentId: args.environmentId,
      serviceId: this.serviceId,
    };

    this.settings = new ServiceSettings(`${name}-settings`, { ...instance, settings: args.settings }, parent);

    const shared = args.shared;
    const sharedKeys = shared?.keys ?? [];
    const sharedReferences = Object.fromEntries(sharedKeys.map((key) => [key, sharedReference(key)]));
    const variables = pulumi
      .output(args.variables ?? {})
      .apply((own) => ({ ...sharedReferences, ...own }) as Record<string, string>);
    this.variables = new ServiceVariables(
      `${name}-variables`,
      { ...instance, variables: pulumi.secret(variables) },
      parent,
    );
    this.variableNames = pulumi.unsecret(variables.apply((all) => Object.keys(all).sort()));

    // The values of the shared keys it references, straight from the program: the service's commit then
    // carries them too, so a shared change and the deployments it causes are one commit.
    const sharedValues = shared
      ? shared.variables.declared.apply((all) =>
          Object.fromEntries(sharedKeys.flatMap((key) => (all[key] === undefined ? [] : [[key, all[key]]]))),
        )
      : pulumi.output({});
    const dependencies = args.redeployOn ?? [];
    this.deployment = new Deployment(
      `${name}-deployment`,
      {
        ...instance,
        serviceName: name,
        trigger: deploymentTrigger([this.settings.revision, this.variables.revision, ...dependencies]),
        declared: pulumi.secret(
          pulumi
            .all([this.settings.settings, this.variables.variables, sharedValues])
            .apply(([settings, own, sharedValue]) => ({ settings, variables: own, shared: sharedValue })),
        ),
        ...(dependencies.length > 0 ? { dependencies: deploymentTrigger(dependencies) } : {}),
        verify: args.verify ?? { kind: "status" },
        ...(args.deployTimeoutSeconds === undefined
          ? {}
          : { deployTimeoutSeconds: args.deployTimeoutSeconds }),
      },
      { parent: this, dependsOn: [this.settings, this.variables] },
    );

    // After the deployment: in a new environment its commit is what creates the service's instance, and a
    // domain needs one.
    this.domain = args.domain
      ? new ServiceDomain(
          `${name}-domain`,
          {
            ...instance,
            ...(args.domain.targetPort === undefined ? {} : { targetPort: args.domain.targetPort }),
          },
          { parent: this, dependsOn: [this.deployment] },
        )
      : undefined;
    this.url = this.domain
      ? this.domain.url.apply((url) => url as string | undefined)
      : pulumi.output(undefined);

    this.registerOutputs({ serviceId: this.serviceId, variableNames: this.variableNames, url: this.url });
  }
}
