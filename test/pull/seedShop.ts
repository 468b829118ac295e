/**
 * An environment made by hand through Railway's own GraphQL API (the emulator's dashboard: not this
 * project's providers, and not counted in its metrics), the way a team that already runs on Railway has
 * one: a Redis from an image, an API and a Celery worker from one repository, shared variables, service
 * references, secrets, a generated domain, and a custom domain the components cannot express.
 */
import type { Emulator } from "../../emulator/index.ts";
import { dashboard, dashboardCommit } from "../scenarios/support.ts";
import { handMadeProject, secretConfig } from "./support.ts";

/** The hand-made environment's secret values; no output of pull may contain them. */
export const SHOP_SECRETS = {
  redisPassword: "shop-redis-password-61c0ffee",
  geminiApiKey: "shop-gemini-key-9a8b7c6d",
  sentryDsn: "https://public4f2:private9e1@o123.ingest.sentry.io/42",
};

/** The stack config for a program pulled from the shop: each secret pull asks for, by its variable. */
export function shopSecretConfig(report: string) {
  const values: Record<string, string> = {
    GEMINI_API_KEY: SHOP_SECRETS.geminiApiKey,
    REDIS_PASSWORD: SHOP_SECRETS.redisPassword,
    SENTRY_DSN: SHOP_SECRETS.sentryDsn,
  };
  return secretConfig(report, (asked) => values[asked.variable]);
}

export const SHOP_WORKER_COMMAND = "celery -A src.tasks.celery_app worker --loglevel=info --concurrency=2";

export interface SeededShop {
  projectId: string;
  environmentId: string;
  serviceIds: Record<"Redis" | "shop-api" | "shop-worker", string>;
}

export async function seedShop(emulator: Emulator): Promise<SeededShop> {
  emulator.seed.repo("acme/shop", { defaultBranch: "main", servesPaths: ["/health", "/"] });
  const { projectId, environmentId, serviceIds } = await handMadeProject(emulator, { name: "shop" }, [
    "Redis",
    "shop-api",
    "shop-worker",
  ]);
  const value = (text: string) => ({ value: text });
  const app = {
    source: { repo: "acme/shop", branch: "main" },
    build: { builder: "DOCKERFILE" },
  };
  await dashboardCommit(emulator, environmentId, {
    sharedVariables: {
      GEMINI_API_KEY: value(SHOP_SECRETS.geminiApiKey),
      LLM_PROVIDER: value("gemini"),
      LOG_LEVEL: value("INFO"),
    },
    services: {
      [serviceIds.Redis]: {
        source: { image: "redis:8.2" },
        deploy: { startCommand: `/bin/sh -c 'exec redis-server --requirepass "$REDIS_PASSWORD"'` },
        variables: {
          REDIS_PASSWORD: value(SHOP_SECRETS.redisPassword),
          REDIS_URL: value("redis://default:${{REDIS_PASSWORD}}@${{RAILWAY_PRIVATE_DOMAIN}}:6379"),
        },
      },
      [serviceIds["shop-api"]]: {
        ...app,
        deploy: { healthcheckPath: "/health", healthcheckTimeout: 120 },
        networking: { customDomains: { "shop.example.com": { port: 8000 } } },
        variables: {
          GEMINI_API_KEY: value("${{shared.GEMINI_API_KEY}}"),
          LOG_LEVEL: value("${{shared.LOG_LEVEL}}"),
          // Named differently from the shared key it reads: stays one of the service's own variables.
          UVICORN_LOG_LEVEL: value("${{shared.LOG_LEVEL}}"),
          REDIS_URL: value("${{Redis.REDIS_URL}}"),
          SENTRY_DSN: value(SHOP_SECRETS.sentryDsn),
        },
      },
      [serviceIds["shop-worker"]]: {
        ...app,
        deploy: { startCommand: SHOP_WORKER_COMMAND, numReplicas: 2, restartPolicyType: "ALWAYS" },
        variables: {
          GEMINI_API_KEY: value("${{shared.GEMINI_API_KEY}}"),
          LLM_PROVIDER: value("${{shared.LLM_PROVIDER}}"),
          LOG_LEVEL: value("${{shared.LOG_LEVEL}}"),
          REDIS_URL: value("${{Redis.REDIS_URL}}"),
        },
      },
    },
  });
  await dashboard(
    emulator,
    `mutation($s: String!, $e: String!) {
      serviceDomainCreate(input: { serviceId: $s, environmentId: $e, targetPort: 8000 }) { id domain }
    }`,
    { s: serviceIds["shop-api"], e: environmentId },
  );
  // Long enough for every build and deploy of the commit to settle.
  emulator.clock.advance(15 * 60_000);
  return { projectId, environmentId, serviceIds };
}
