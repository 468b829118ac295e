/**
 * omnidoc on Railway: an API that queues "generate documents" tasks on Redis, and a Celery worker that
 * runs them, built from one repository and sharing one set of variables (README, "The failure this
 * prevents"). It uses the components only through the package's public entry point, as any stack would.
 *
 *   Railway project ─ environment (production, or pr-<n> for a pull request)
 *     ├─ Redis                      broker: a Railway service from the redis image, or Upstash (config)
 *     ├─ shared variables           DATABASE_URL, REDIS_URL, GEMINI_API_KEY, LLM_PROVIDER, LOG_LEVEL, LOG_FORMAT
 *     ├─ omnidoc-backend            API: Dockerfile build, healthcheck, public domain
 *     └─ omnidoc-celery-worker      same repo and image, `celery -A … worker`, ready when its log says so
 */
import * as pulumi from "@pulumi/pulumi";
import { CeleryApp, Environment, Project, RailwayService } from "pulumi-railway-app";
import { serviceReference } from "pulumi-railway-app/vocabulary";
import { parseOmnidocConfig } from "./stack/omnidocConfig.ts";

// ── Stack config, validated before anything is declared ─────────────────────────────────────────────
const namespace = pulumi.getProject();
const prefix = `${namespace}:`;
const rawConfig = Object.fromEntries(
  Object.entries(pulumi.runtime.allConfig())
    .filter(([key]) => key.startsWith(prefix))
    .map(([key, value]) => [key.slice(prefix.length), value]),
);
// `isConfigSecret` is exported by the SDK's runtime but typed internal; it tells a `--secret` value apart.
const { isConfigSecret } = pulumi.runtime as unknown as { isConfigSecret(key: string): boolean };
const config = parseOmnidocConfig(rawConfig, (key) => isConfigSecret(`${prefix}${key}`), namespace);
const preview = config.pullRequest !== undefined;

// ── Project and environment ─────────────────────────────────────────────────────────────────────────
// Production owns the project and its services; a preview stack (pr-<n>) refers to them and owns only its
// own environment, so `pulumi destroy` of a preview never touches production.
const production = preview ? new pulumi.StackReference(config.productionStack ?? "") : undefined;
const project = preview
  ? undefined
  : new Project("omnidoc", {
      name: config.projectName,
      defaultEnvironmentName: config.environment,
      adopt: config.adopt === "true",
      ...(config.workspaceId ? { workspaceId: config.workspaceId } : {}),
    });
const railwayProjectId = production
  ? (production.requireOutput("projectId") as pulumi.Output<string>)
  : (project as Project).id;
const existingServiceIds = production
  ? (production.requireOutput("serviceIds") as pulumi.Output<Record<string, string>>)
  : undefined;
const environmentName = preview ? `pr-${config.pullRequest}` : config.environment;
const environment = new Environment(environmentName, {
  projectId: railwayProjectId,
  name: environmentName,
  ...(preview ? { ephemeral: true } : { adopt: true }),
});
const placement = { projectId: railwayProjectId, environmentId: environment.id };
// Opt-in: a team that already runs these services on Railway manages them instead of getting duplicates.
const adopt = config.adopt === "true";

// ── Redis broker ────────────────────────────────────────────────────────────────────────────────────
const redis =
  config.redisMode === "railway"
    ? new RailwayService("Redis", {
        ...placement,
        adopt,
        ...(existingServiceIds
          ? {
              existingServiceId: existingServiceIds.apply((ids) => {
                if (!ids.Redis)
                  throw new Error('the production stack has no service "Redis"; run its `pulumi up` first');
                return ids.Redis;
              }),
            }
          : {}),
        settings: {
          image: config.redisImage,
          startCommand: `/bin/sh -c 'exec redis-server --requirepass "$REDIS_PASSWORD"'`,
        },
        variables: {
          REDIS_PASSWORD: pulumi.secret(config.redisPassword ?? ""),
          REDIS_URL: "redis://default:${{REDIS_PASSWORD}}@${{RAILWAY_PRIVATE_DOMAIN}}:6379",
        },
      })
    : undefined;

// ── omnidoc: the API and its Celery worker, one repository, one set of variables ────────────────────
const app = new CeleryApp("omnidoc", {
  ...placement,
  adopt,
  ...(existingServiceIds ? { existingServiceIds } : {}),
  source: {
    repo: config.repo,
    branch: config.branch,
    rootDirectory: config.rootDirectory,
    dockerfilePath: config.dockerfilePath,
  },
  variables: {
    DATABASE_URL:
      config.postgresMode === "external"
        ? pulumi.secret(config.databaseUrl ?? "")
        : serviceReference(config.postgresService, "DATABASE_URL"),
    REDIS_URL: redis ? serviceReference("Redis", "REDIS_URL") : pulumi.secret(config.redisUrl ?? ""),
    GEMINI_API_KEY: pulumi.secret(config.geminiApiKey),
    LLM_PROVIDER: config.llmProvider,
    LOG_LEVEL: config.logLevel,
    LOG_FORMAT: config.logFormat,
  },
  references: redis ? [redis] : [],
  api: {
    name: config.apiService,
    healthcheckPath: config.apiHealthcheckPath,
    domain: config.apiPort ? { targetPort: config.apiPort } : {},
  },
  workers: [
    {
      name: config.workerService,
      app: config.celeryApp,
      concurrency: config.workerConcurrency,
      readyTimeoutSeconds: config.workerReadyTimeoutSeconds,
    },
  ],
});

// ── Stack outputs ───────────────────────────────────────────────────────────────────────────────────
export const projectId = railwayProjectId;
export const environmentId = environment.id;
export { environmentName };
export const serviceIds = pulumi
  .all([app.serviceIds, redis ? redis.serviceId : pulumi.output(undefined)])
  .apply(([ids, redisId]) => (redisId ? { ...ids, Redis: redisId } : ids));
export const apiUrl = app.api.url;
/** Names (never values) of the variables each service receives. */
export const variableNames = app.variableNames;
