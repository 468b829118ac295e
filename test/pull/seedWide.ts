/**
 * A second hand-made environment, wider than the shop: what teams have on Railway beyond an API and a
 * worker, with every setting the components manage somewhere at a value not Railway's default. A database from an image with a volume and a TCP proxy, Railway's own variable spellings
 * (PGPASSWORD, REDISPASSWORD), a cron job, a service from a monorepo folder with a build command and
 * watch patterns, a service with no source yet, a sealed variable, values with quotes, backticks, `${`
 * and line breaks, one variable name holding different secrets in two places, a service name that is
 * not an identifier, two generated domains and registry credentials. Made through Railway's own API (the
 * emulator's dashboard), not this project's providers.
 */
import type { Emulator } from "../../emulator/index.ts";
import { dashboard, dashboardCommit } from "../scenarios/support.ts";
import { handMadeProject } from "./support.ts";

/** Secret values of the wide environment; no output of pull and no state may contain them. */
export const WIDE_SECRETS = {
  postgresPassword: "wide-pg-password-0b5e11",
  pgPassword: "wide-pgpassword-literal-77aa",
  redisPassword: "wide-redispassword-3c3c3c",
  stripeKeyApi: "sk_live_wide_api_4242",
  stripeKeyJobs: "sk_live_wide_jobs_1313",
  jwtSecret: "wide-jwt-secret-9f9f9f",
  sealed: "wide-sealed-value-5e5e5e",
  registryPassword: "wide-registry-password-8d8d",
  databaseUrl: "postgresql://app:wide-db-url-pw-6a6a@db.internal:5432/app",
  privateKey: "-----BEGIN PRIVATE KEY-----\nwide-private-key-body-2b2b\n-----END PRIVATE KEY-----",
};

/** A value a program must carry exactly: quotes, a backtick, `${`, a backslash, a line break. */
export const AWKWARD_VALUE = 'He said "hi" and `echo ${HOME}` \\ then\nleft';

export interface SeededWide {
  projectId: string;
  environmentId: string;
  serviceIds: Record<string, string>;
}

export async function seedWide(emulator: Emulator): Promise<SeededWide> {
  emulator.seed.repo("acme/monorepo", { defaultBranch: "main", servesPaths: ["/healthz", "/"] });
  const names = ["Postgres", "2fa-api", "nightly-report", "jobs", "placeholder", "docker-api"] as const;
  const { projectId, environmentId, serviceIds } = await handMadeProject(
    emulator,
    { name: "wide", description: "Everything at once" },
    names,
  );
  const id = (name: (typeof names)[number]) => serviceIds[name] ?? "";
  const value = (text: string) => ({ value: text });
  await dashboardCommit(emulator, environmentId, {
    sharedVariables: {
      STRIPE_KEY: value(WIDE_SECRETS.stripeKeyApi),
      APP_ENV: value("production"),
    },
    services: {
      [id("Postgres")]: {
        source: { image: "ghcr.io/acme/postgres:17" },
        deploy: {
          registryCredentials: { username: "acme-bot", password: WIDE_SECRETS.registryPassword },
        },
        volumeMounts: { "vol-pg": { mountPath: "/var/lib/postgresql/data" } },
        networking: { tcpProxies: { "5432": {} } },
        variables: {
          POSTGRES_PASSWORD: value(WIDE_SECRETS.postgresPassword),
          PGPASSWORD: value(WIDE_SECRETS.pgPassword),
          PGUSER: value("postgres"),
          DATABASE_URL: value(
            "postgresql://${{PGUSER}}:${{POSTGRES_PASSWORD}}@${{RAILWAY_PRIVATE_DOMAIN}}:5432/railway",
          ),
        },
      },
      [id("2fa-api")]: {
        source: { repo: "acme/monorepo", branch: "main", rootDirectory: "/services/api" },
        build: {
          builder: "RAILPACK",
          buildCommand: "npm run build",
          watchPatterns: ["/services/api/**", "/packages/**"],
        },
        deploy: {
          startCommand: "node dist/server.js",
          preDeployCommand: ["npm run migrate"],
          healthcheckPath: "/healthz",
          overlapSeconds: 30,
          drainingSeconds: 15,
        },
        variables: {
          STRIPE_KEY: value("${{shared.STRIPE_KEY}}"),
          APP_ENV: value("${{shared.APP_ENV}}"),
          DATABASE_URL: value("${{Postgres.DATABASE_URL}}"),
          JWT_SECRET: value(WIDE_SECRETS.jwtSecret),
          SIGNING_PRIVATE_KEY: value(WIDE_SECRETS.privateKey),
          WELCOME_TEXT: value(AWKWARD_VALUE),
          REDISPASSWORD: value(WIDE_SECRETS.redisPassword),
          SEALED_TOKEN: { value: WIDE_SECRETS.sealed, isSealed: true },
        },
      },
      [id("nightly-report")]: {
        source: { image: "python:3.13-slim" },
        deploy: {
          startCommand: "python -m report",
          cronSchedule: "0 3 * * *",
          restartPolicyType: "NEVER",
        },
        variables: { REPORT_DATABASE_URL: value(WIDE_SECRETS.databaseUrl) },
      },
      // With the services above, every setting the components manage, each at a value not Railway's default.
      [id("docker-api")]: {
        source: { repo: "acme/monorepo", branch: "release", checkSuites: true },
        build: { builder: "DOCKERFILE", dockerfilePath: "docker/api.Dockerfile" },
        deploy: {
          healthcheckPath: "/healthz",
          healthcheckTimeout: 120,
          restartPolicyType: "ON_FAILURE",
          restartPolicyMaxRetries: 3,
          ipv6EgressEnabled: true,
        },
      },
      [id("jobs")]: {
        source: { repo: "acme/monorepo", branch: "main", rootDirectory: "/services/jobs" },
        deploy: { startCommand: "node dist/jobs.js", sleepApplication: true, numReplicas: 3 },
        variables: {
          // The same name as the shared key, a different secret: its own config key.
          STRIPE_KEY: value(WIDE_SECRETS.stripeKeyJobs),
          APP_ENV: value("${{shared.APP_ENV}}"),
        },
      },
    },
  });
  for (const port of [8080, 9090])
    await dashboard(
      emulator,
      `mutation($s: String!, $e: String!, $port: Int) {
        serviceDomainCreate(input: { serviceId: $s, environmentId: $e, targetPort: $port }) { id domain }
      }`,
      { s: id("2fa-api"), e: environmentId, port },
    );
  emulator.clock.advance(15 * 60_000);
  return { projectId, environmentId, serviceIds };
}
