import * as pulumi from "@pulumi/pulumi";
import { brokerEndpoint, brokerHostOf, brokerUrlProblems, CELERY_BROKER_ENV } from "./celery/brokerUrl.ts";
import { celeryBeatCommand, celeryWorkerCommand } from "./celery/celeryCommand.ts";
import { celeryVerification } from "./celery/celeryVerification.ts";
import { RailwayService } from "./RailwayService.ts";
import {
  collidingServiceNames,
  isReference,
  privateHost,
  serviceNameProblems,
  variableProblems,
} from "./railway/vocabulary.ts";
import { refuse } from "./resources/preflight.ts";
import type { ServiceSettingsDeclaration } from "./resources/ServiceSettings.ts";
import { SharedVariables } from "./resources/SharedVariables.ts";
import { execFormSafe } from "./startCommand.ts";

/**
 * Where every service of the app is built from: one repository, one Dockerfile. A change is written in
 * the environment's one commit and redeploys every service of the app once.
 * @example { repo: "acme/omnidoc", branch: "main", dockerfilePath: "backend/Dockerfile" }
 */
export interface CelerySource {
  /**
   * GitHub repository `owner/name`, shared by the API and every worker. A change rebuilds and redeploys
   * every service of the app once.
   * @example "acme/omnidoc"
   */
  repo: string;
  /**
   * Branch this environment deploys from (set per environment, so a preview environment can follow a
   * pull request's branch). A change redeploys every service once.
   * @default the repository's default branch
   */
  branch?: string;
  /**
   * Repository subdirectory to build from. A change redeploys every service once.
   * @default "/"
   */
  rootDirectory?: string;
  /**
   * Dockerfile path, relative to `rootDirectory`; the build runs with Railway's Dockerfile builder, so
   * start commands run in exec form. A change redeploys every service once.
   * @default "Dockerfile"
   */
  dockerfilePath?: string;
}

/**
 * The web API of a `CeleryApp`: the service that submits tasks, with a healthcheck and a public domain.
 * @example { name: "omnidoc-backend", startCommand: "uvicorn src.main:app --host 0.0.0.0 --port $PORT" }
 */
export interface CeleryApi {
  /**
   * Service name (a DNS label): its private host is `<name>.railway.internal`. Renaming creates and deploys a service of the new name and deletes the old
   * one (an adopted or existing one is left as it is); references to the old name break.
   * @example "omnidoc-backend"
   */
  name: string;
  /**
   * Start command; wrapped in `sh -c` when it uses `$VARS` (exec form would not expand them). A change
   * redeploys the API once.
   * @default the image's own command
   * @example "uvicorn src.main:app --host 0.0.0.0 --port $PORT"
   */
  startCommand?: string;
  /**
   * Path Railway's healthcheck must get HTTP 200 from before the deployment counts as live. A change
   * redeploys the API once.
   * @default "/health"
   */
  healthcheckPath?: string;
  /**
   * A public `*.up.railway.app` domain routed to `targetPort` (Railway detects the port when omitted);
   * `false` for none. Adding or removing it takes effect at once, without a deploy.
   * @default {} (a domain, port detected)
   */
  domain?: { targetPort?: number } | false;
  /**
   * Extra settings (replicas, pre-deploy command, …); source, build and start are set by the app. A
   * change redeploys the API once.
   * @default {} (Railway's defaults, but for what the app sets)
   * @example { numReplicas: 2, preDeployCommand: ["python -m alembic upgrade head"] }
   */
  settings?: ServiceSettingsDeclaration;
  /**
   * Variables only the API has (the app's `variables` reach it anyway). A change redeploys the API once.
   * @default {}
   * @example { CORS_ORIGINS: "https://omnidoc.app" }
   */
  variables?: Record<string, pulumi.Input<string>>;
}

/**
 * A Celery worker of a `CeleryApp`: `celery -A <app> worker`, built from the app's source, verified from
 * its own log (it serves no HTTP).
 * @example { name: "omnidoc-celery-worker", app: "src.tasks.celery_app", concurrency: 2, queues: ["documents"] }
 */
export interface CeleryWorker {
  /**
   * Service name (a DNS label). Renaming creates and deploys a service of the new name and deletes the old
   * one (an adopted or existing one is left as it is); references to the old name break.
   * @example "omnidoc-celery-worker"
   */
  name: string;
  /**
   * Celery app module for `celery -A`. A change redeploys the worker once.
   * @example "src.tasks.celery_app"
   */
  app: string;
  /** `--concurrency`: worker processes per replica, a positive integer. A change redeploys the worker once. */
  concurrency: number;
  /**
   * `--loglevel`. Below `info` Celery does not print the lines `up` verifies, so keep `info` or `debug`.
   * A change redeploys the worker once.
   * @default "info"
   */
  loglevel?: string;
  /**
   * `-Q`: queues this worker consumes. A change redeploys the worker once.
   * @default Celery's default queue
   * @example ["documents", "emails"]
   */
  queues?: string[];
  /**
   * Seconds to wait, after the deployment is up, for `Connected to redis://…` and `celery@… ready.` in
   * the worker's log. Changing it deploys nothing.
   * @default 120
   */
  readyTimeoutSeconds?: number;
  /**
   * Extra settings (replicas, restart policy, …). A worker takes no healthcheck and never sleeps. A
   * change redeploys the worker once.
   * @default {} (Railway's defaults, but for what the app sets)
   * @example { numReplicas: 2, restartPolicyType: "ALWAYS" }
   */
  settings?: ServiceSettingsDeclaration;
}

/**
 * The `celery beat` scheduler of a `CeleryApp`: one service, always exactly one replica.
 * @example { name: "omnidoc-celery-beat", app: "src.tasks.celery_app" }
 */
export interface CeleryBeat {
  /**
   * Service name (a DNS label). Renaming creates and deploys a service of the new name and deletes the old
   * one (an adopted or existing one is left as it is); references to the old name break.
   * @example "omnidoc-celery-beat"
   */
  name: string;
  /** Celery app module for `celery -A`. A change redeploys beat once. */
  app: string;
}

/** What a program declares for a `CeleryApp`; each field says what a change does. */
export interface CeleryAppArgs {
  /**
   * Project the services belong to. Changing it replaces the services: they are created and deployed in
   * the new project, and the old ones are deleted (adopted ones are released).
   */
  projectId: pulumi.Input<string>;
  /**
   * The one environment configured and deployed; no other environment is ever written. Changing it
   * configures and deploys every service in the new environment; the old environment's instances are
   * left as they are, but the app's shared variables and the API's domain there are deleted.
   */
  environmentId: pulumi.Input<string>;
  /**
   * Production's service ids by name. A preview stack passes them so that the services stay
   * production's and only this environment's instances are configured. Changing an id configures and
   * deploys that service instead; setting it where this app created the services deletes them.
   * @default none: the app creates its services (or adopts them, with `adopt`)
   * @example production.requireOutput("serviceIds")
   */
  existingServiceIds?: pulumi.Input<Record<string, string>>;
  /**
   * Take over existing services of the same names instead of failing; they are released, not deleted,
   * by `pulumi destroy`. Only read when a service is created; changing it later sends nothing to Railway.
   * @default false
   */
  adopt?: boolean;
  /**
   * Where every service builds from. A change is written in the environment's one commit and redeploys
   * every service of the app once.
   * @example { repo: "acme/omnidoc", branch: "main" }
   */
  source: CelerySource;
  /**
   * The variables every service of the app receives, declared once. Literal values become the
   * environment's shared variables and reach each service as `KEY=${{shared.KEY}}`; references
   * (`${{Postgres.DATABASE_URL}}`) go on each service as written. Either way the API and the workers
   * cannot disagree. Changing one redeploys exactly the services that use it, once each.
   * @example { REDIS_URL: "${{Redis.REDIS_URL}}", LOG_LEVEL: "INFO", GEMINI_API_KEY: config.requireSecret("geminiApiKey") }
   */
  variables: Record<string, pulumi.Input<string>>;
  /**
   * Which of `variables` is the Celery broker URL; each worker must report connecting to its host.
   * Changing it deploys nothing; the workers' next deployment is checked against the new broker's host.
   * Celery reads `CELERY_BROKER_URL` from the environment before anything else, so `variables` may hold
   * it only when it is this variable (a second broker is refused before any write).
   * @default "REDIS_URL"
   * @example "CELERY_BROKER_URL"
   */
  brokerVariable?: string;
  /**
   * Services of this stack that `variables` reference (a Railway-hosted Redis): the app deploys after
   * them and again, once, whenever their variables change. Changing the list redeploys each service of
   * the app at most once.
   * @default []
   * @example [redis]
   */
  references?: RailwayService[];
  /** The web API that submits tasks. Each field says what its change does; only the API redeploys. */
  api: CeleryApi;
  /**
   * One or more Celery workers; each gets no domain, no healthcheck and no sleep. Each field says what
   * its change does; only that worker redeploys. Adding a worker creates and deploys its service;
   * removing one deletes the service this app created (an adopted or existing one is left as it is).
   */
  workers: CeleryWorker[];
  /**
   * An optional `celery beat` scheduler (one replica). Adding it creates and deploys its service;
   * removing it deletes the service this app created (an adopted or existing one is left as it is).
   * @default none (no scheduler)
   */
  beat?: CeleryBeat;
  /**
   * Seconds to wait for each build and deploy. Changing it deploys nothing.
   * @default 1800
   */
  deployTimeoutSeconds?: number;
}

/**
 * Thrown by `new CeleryApp(…)` before anything is declared or sent to Railway; its message names each bad
 * argument and says how to fix it. The whole `pulumi up` stops with it.
 *
 * @example
 * import { CeleryAppConfigError } from "pulumi-railway-app";
 *
 * const error = new CeleryAppConfigError(["workers: declare at least one Celery worker"]);
 * error.message; // "CeleryApp: workers: declare at least one Celery worker. Nothing was sent to Railway."
 */
export class CeleryAppConfigError extends Error {
  constructor(problems: string[]) {
    super(`CeleryApp: ${problems.join("; ")}. Nothing was sent to Railway.`);
    this.name = "CeleryAppConfigError";
  }
}

function validate(args: CeleryAppArgs): string[] {
  const problems: string[] = [];
  const brokerVariable = args.brokerVariable ?? "REDIS_URL";
  const names = [
    args.api.name,
    ...args.workers.map((worker) => worker.name),
    ...(args.beat ? [args.beat.name] : []),
  ];
  for (const name of names) {
    for (const problem of serviceNameProblems(name)) problems.push(`service name "${name}" ${problem}`);
  }
  for (const group of collidingServiceNames(names)) {
    problems.push(
      `service names ${group.map((name) => `"${name}"`).join(" and ")} are one service to Railway ` +
        `(both are ${privateHost(group[0] ?? "")}): give each service its own name`,
    );
  }
  if (args.workers.length === 0) problems.push("workers: declare at least one Celery worker");
  for (const worker of args.workers) {
    if (!Number.isInteger(worker.concurrency) || worker.concurrency < 1 || worker.concurrency > 256) {
      problems.push(
        `workers.${worker.name}.concurrency must be a whole number from 1 to 256 (got ${worker.concurrency})`,
      );
    }
    if (worker.loglevel !== undefined && !/^(info|debug)$/i.test(worker.loglevel)) {
      problems.push(
        `workers.${worker.name}.loglevel "${worker.loglevel}" hides the lines that prove the worker is ready ` +
          '("Connected to redis://…", "celery@… ready."): use "info" or "debug"',
      );
    }
    for (const queue of worker.queues ?? []) {
      if (!/^[A-Za-z0-9_.:-]+$/.test(queue))
        problems.push(
          `workers.${worker.name}.queues: "${queue}" is not a queue name (letters, digits, _ . : -)`,
        );
    }
    if (!/^[\w.:]+$/.test(worker.app))
      problems.push(`workers.${worker.name}.app "${worker.app}" is not a module path`);
    if (worker.settings?.healthcheckPath) {
      problems.push(
        `workers.${worker.name}.settings.healthcheckPath: a worker serves no HTTP, so a healthcheck can only fail`,
      );
    }
    if (worker.settings?.sleepApplication) {
      problems.push(
        `workers.${worker.name}.settings.sleepApplication: a sleeping worker never wakes (it has no traffic)`,
      );
    }
    if (worker.settings?.startCommand) {
      problems.push(
        `workers.${worker.name}.settings.startCommand: set app/concurrency/queues; the command is built from them`,
      );
    }
  }
  if (!(brokerVariable in args.variables)) {
    problems.push(
      `variables.${brokerVariable} is required: it is the Celery broker every service must share`,
    );
  } else {
    const broker = args.variables[brokerVariable];
    if (typeof broker === "string") {
      for (const problem of brokerUrlProblems(broker))
        problems.push(`variables.${brokerVariable} ${problem}`);
      if (!isReference(broker) && !brokerEndpoint(broker))
        problems.push(`variables.${brokerVariable} has no host`);
    }
  }
  // Celery reads CELERY_BROKER_URL before the app's own setting, so a second broker variable would
  // quietly win over the one every service shares (and the one their readiness is checked against).
  if (brokerVariable !== CELERY_BROKER_ENV && CELERY_BROKER_ENV in args.variables)
    problems.push(
      `variables.${CELERY_BROKER_ENV} would override variables.${brokerVariable}: Celery reads it first. ` +
        `Declare the broker once: remove it, or set brokerVariable: "${CELERY_BROKER_ENV}" and drop ${brokerVariable}`,
    );
  for (const key of [brokerVariable, CELERY_BROKER_ENV])
    if (key in (args.api.variables ?? {}))
      problems.push(
        `api.variables.${key}: the broker is the app's variables.${brokerVariable}, shared with the workers; ` +
          "the API must not set its own",
      );
  for (const [key, value] of Object.entries(args.variables)) {
    problems.push(...variableProblems(key, value));
    if (typeof value === "string" && value === "") problems.push(`variables.${key} is empty`);
  }
  return problems;
}

/** The host a worker must report in `Connected to redis://…`, from a literal URL or a `${{Svc.VAR}}` reference. */
function brokerHost(value: pulumi.Input<string>): pulumi.Output<string> {
  return pulumi.unsecret(
    // Only the host leaves the (secret) URL.
    pulumi.output(value).apply((url) => brokerHostOf(url) ?? ""),
  );
}

/**
 * An API and one or more Celery workers (and an optional beat) built from the same repository, with one
 * set of variables that reaches every service, the same broker on every service by construction, and
 * deployments verified from Celery's own log lines. Each service is a `RailwayService`.
 *
 * @example
 * import { CeleryApp } from "pulumi-railway-app";
 *
 * const app = new CeleryApp("omnidoc", {
 *   projectId: project.id,
 *   environmentId: production.id,
 *   source: { repo: "acme/omnidoc", branch: "main" },
 *   variables: { REDIS_URL: "${{Redis.REDIS_URL}}", LOG_LEVEL: "INFO" },
 *   references: [redis],
 *   api: { name: "omnidoc-backend" },
 *   workers: [{ name: "omnidoc-celery-worker", app: "src.tasks.celery_app", concurrency: 1 }],
 * });
 */
export class CeleryApp extends pulumi.ComponentResource {
  /** The API's service. */
  readonly api: RailwayService;
  /** The workers' services, in the order declared. */
  readonly workers: RailwayService[];
  /** The beat scheduler's service, when `beat` is declared. */
  readonly beat: RailwayService | undefined;
  /** The environment's shared variables: the literal values of `variables`. */
  readonly sharedVariables: SharedVariables;
  /** Service ids by name. */
  readonly serviceIds: pulumi.Output<Record<string, string>>;
  /** Variable names (never values) each service receives, by service name. */
  readonly variableNames: pulumi.Output<Record<string, string[]>>;

  constructor(name: string, args: CeleryAppArgs, opts?: pulumi.ComponentResourceOptions) {
    const problems = validate(args);
    if (problems.length > 0) refuse(new CeleryAppConfigError(problems));
    // Version 0.1.0 registered this component as omnidoc:railway:CeleryApp; the alias keeps the resources
    // of stacks created then (every child follows its parent's alias).
    super(
      "railway-app:index:CeleryApp",
      name,
      {},
      pulumi.mergeOptions(opts, { aliases: [{ type: "omnidoc:railway:CeleryApp" }] }),
    );
    const parent = { parent: this };
    const instance = { projectId: args.projectId, environmentId: args.environmentId };
    const brokerVariable = args.brokerVariable ?? "REDIS_URL";

    // Literals become shared variables; references stay on each service (shared ones would render empty).
    const literal: Record<string, pulumi.Input<string>> = {};
    const references: Record<string, pulumi.Input<string>> = {};
    for (const [key, value] of Object.entries(args.variables)) {
      if (typeof value === "string" && isReference(value)) references[key] = value;
      else literal[key] = value;
    }
    this.sharedVariables = new SharedVariables(
      `${name}-shared`,
      { ...instance, variables: pulumi.secret(pulumi.output(literal)) },
      parent,
    );
    const shared = { variables: this.sharedVariables, keys: Object.keys(literal).sort() };

    const build: ServiceSettingsDeclaration = {
      repo: args.source.repo,
      ...(args.source.branch ? { branch: args.source.branch } : {}),
      rootDirectory: args.source.rootDirectory ?? "/",
      builder: "DOCKERFILE",
      dockerfilePath: args.source.dockerfilePath ?? "Dockerfile",
    };
    const referenced = args.references ?? [];
    const common = {
      ...instance,
      adopt: args.adopt ?? false,
      shared,
      // Railway deploys a commit's services in reference order, so the broker comes up first by itself.
      redeployOn: referenced.map((service) => service.variables.revision),
      ...(args.deployTimeoutSeconds === undefined ? {} : { deployTimeoutSeconds: args.deployTimeoutSeconds }),
    };
    const existingId = (serviceName: string) =>
      args.existingServiceIds
        ? {
            existingServiceId: pulumi.output(args.existingServiceIds).apply((ids) => {
              const id = ids[serviceName];
              if (!id)
                throw new Error(
                  `the production stack has no service "${serviceName}"; run its \`pulumi up\` first`,
                );
              return id;
            }),
          }
        : {};

    const api = args.api;
    this.api = new RailwayService(
      api.name,
      {
        ...common,
        ...existingId(api.name),
        settings: {
          ...api.settings,
          ...build,
          ...(api.startCommand ? { startCommand: execFormSafe(api.startCommand, true) } : {}),
          healthcheckPath: api.healthcheckPath ?? "/health",
        },
        variables: { ...references, ...api.variables },
        ...(api.domain === false ? {} : { domain: api.domain ?? {} }),
      },
      parent,
    );

    const host = brokerHost(args.variables[brokerVariable] ?? "");
    this.workers = args.workers.map(
      (worker) =>
        new RailwayService(
          worker.name,
          {
            ...common,
            ...existingId(worker.name),
            settings: {
              ...worker.settings,
              ...build,
              startCommand: execFormSafe(celeryWorkerCommand(worker), true),
              sleepApplication: false,
            },
            variables: references,
            verify: celeryVerification(host, worker.readyTimeoutSeconds),
          },
          parent,
        ),
    );

    this.beat = args.beat
      ? new RailwayService(
          args.beat.name,
          {
            ...common,
            ...existingId(args.beat.name),
            settings: {
              ...build,
              startCommand: celeryBeatCommand(args.beat.app),
              numReplicas: 1,
              sleepApplication: false,
            },
            variables: references,
          },
          parent,
        )
      : undefined;

    const all = [this.api, ...this.workers, ...(this.beat ? [this.beat] : [])];
    this.serviceIds = pulumi
      .all(all.map((service) => service.serviceId))
      .apply((ids) =>
        Object.fromEntries(all.map((service, index) => [service.serviceName, ids[index] ?? ""])),
      );
    this.variableNames = pulumi
      .all(all.map((service) => service.variableNames))
      .apply((names) =>
        Object.fromEntries(all.map((service, index) => [service.serviceName, names[index] ?? []])),
      );
    this.registerOutputs({ serviceIds: this.serviceIds, variableNames: this.variableNames });
  }
}
