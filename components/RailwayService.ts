import * as pulumi from "@pulumi/pulumi";
import { deploymentTrigger } from "./deploymentTrigger.ts";
import { Deployment, type VerificationArgs } from "./providers/deployment.ts";
import { Service } from "./providers/service.ts";
import { ServiceDomain } from "./providers/serviceDomain.ts";
import { ServiceSettings, type ServiceSettingsDeclaration } from "./providers/serviceSettings.ts";
import { ServiceVariables } from "./providers/serviceVariables.ts";
import type { SharedVariables } from "./providers/sharedVariables.ts";

export interface RailwayServiceArgs {
  /** Project the service belongs to. */
  projectId: pulumi.Input<string>;
  /** The one environment this component configures and deploys; no other environment is written. */
  environmentId: pulumi.Input<string>;
  /**
   * Configure an existing service instead of creating one: a preview stack passes production's service
   * id, so the service stays production's and only this environment's instance is touched.
   */
  existingServiceId?: pulumi.Input<string>;
  /**
   * With no `existingServiceId`: take over a service of this name that already exists in the project
   * instead of failing. Released, not deleted, by `pulumi destroy`.
   * @default false
   */
  adopt?: boolean;
  /** Source, build and deploy settings for this environment (see `ServiceSettings` for each field). */
  settings: pulumi.Input<ServiceSettingsDeclaration>;
  /**
   * The service's own variables in this environment; the set is owned whole (others are removed).
   * Values may reference other variables: `${{shared.KEY}}`, `${{Redis.REDIS_URL}}`.
   */
  variables?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /**
   * Shared variables this service uses: each becomes `KEY=${{shared.KEY}}` on the service, because
   * Railway does not inject shared variables by itself (gotcha 7), and a change to one redeploys it.
   */
  shared?: { variables: SharedVariables; keys: readonly string[] };
  /** A generated `*.up.railway.app` domain for this service, routed to `targetPort` when set. */
  domain?: { targetPort?: pulumi.Input<number> };
  /**
   * How the deployment is judged ready. `status` waits for Railway's SUCCESS (and its healthcheck);
   * `celery` also waits for the worker's `Connected to redis://…` and `celery@… ready.` log lines.
   * @default { kind: "status" }
   */
  verify?: pulumi.Input<VerificationArgs>;
  /**
   * Revisions of other things this service's deployment depends on (another service's variables it
   * references, for example): when one changes, this service deploys again.
   */
  redeployOn?: pulumi.Input<string>[];
  /** Resources whose deployments must finish first (a broker before its workers). */
  deployAfter?: pulumi.Resource[];
  /**
   * Seconds to wait for the build and deploy.
   * @default 1800
   */
  deployTimeoutSeconds?: pulumi.Input<number>;
}

/**
 * One Railway service in one environment: the service (or an existing one), its settings, its whole
 * variable set, an optional domain, and exactly one deployment after all of them are in place, verified.
 */
export class RailwayService extends pulumi.ComponentResource {
  /** The Railway service id. */
  readonly serviceId: pulumi.Output<string>;
  /** The service's name, as used in `${{name.VAR}}` references and `name.railway.internal`. */
  readonly serviceName: string;
  readonly settings: ServiceSettings;
  readonly variables: ServiceVariables;
  readonly domain: ServiceDomain | undefined;
  readonly deployment: Deployment;
  /** Names (never values) of the variables the service receives. */
  readonly variableNames: pulumi.Output<string[]>;
  /** `https://…` when the service has a domain. */
  readonly url: pulumi.Output<string | undefined>;

  constructor(name: string, args: RailwayServiceArgs, opts?: pulumi.ComponentResourceOptions) {
    super("omnidoc:railway:RailwayService", name, {}, opts);
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

    const sharedKeys = args.shared?.keys ?? [];
    const sharedReferences = Object.fromEntries(sharedKeys.map((key) => [key, `\${{shared.${key}}}`]));
    const variables = pulumi
      .output(args.variables ?? {})
      .apply((own) => ({ ...sharedReferences, ...own }) as Record<string, string>);
    // After the settings: in a new environment the settings commit is what creates the service's instance.
    const afterSettings = { parent: this, dependsOn: [this.settings] };
    this.variables = new ServiceVariables(
      `${name}-variables`,
      { ...instance, variables: pulumi.secret(variables) },
      afterSettings,
    );
    this.variableNames = pulumi.unsecret(variables.apply((all) => Object.keys(all).sort()));

    this.domain = args.domain
      ? new ServiceDomain(
          `${name}-domain`,
          {
            ...instance,
            ...(args.domain.targetPort === undefined ? {} : { targetPort: args.domain.targetPort }),
          },
          afterSettings,
        )
      : undefined;
    this.url = this.domain
      ? this.domain.url.apply((url) => url as string | undefined)
      : pulumi.output(undefined);

    const sharedRevisions = args.shared
      ? sharedKeys.map((key) =>
          (args.shared as { variables: SharedVariables }).variables.revisions.apply(
            (revisions) => revisions[key] ?? "",
          ),
        )
      : [];
    this.deployment = new Deployment(
      `${name}-deployment`,
      {
        ...instance,
        serviceName: name,
        trigger: deploymentTrigger([
          this.settings.revision,
          this.variables.revision,
          ...sharedRevisions,
          ...(args.redeployOn ?? []),
        ]),
        verify: args.verify ?? { kind: "status" },
        ...(args.deployTimeoutSeconds === undefined
          ? {}
          : { deployTimeoutSeconds: args.deployTimeoutSeconds }),
      },
      {
        parent: this,
        dependsOn: [
          this.settings,
          this.variables,
          ...(this.domain ? [this.domain] : []),
          ...(args.shared ? [args.shared.variables] : []),
          ...(args.deployAfter ?? []),
        ],
      },
    );

    this.registerOutputs({ serviceId: this.serviceId, variableNames: this.variableNames, url: this.url });
  }
}
