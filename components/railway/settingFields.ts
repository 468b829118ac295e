import { z } from "zod";
import type { ServiceConfig } from "./environmentConfig.ts";
import { firstIssue } from "./issueWords.ts";
import {
  branchNameProblems,
  cronScheduleProblems,
  imageReferenceProblems,
  repoProblems,
  repositoryPathProblems,
  strayWhitespaceProblems,
} from "./vocabulary.ts";

/**
 * A service's source, build and deploy settings in one environment: the `settings` argument of
 * `RailwayService` (exported as `ServiceSettingValues`).
 *
 * Every field is per environment: it is written to this environment's instance of the service only,
 * never to another environment. A change is written, with the service's variables, in the environment's
 * one staged commit of the `pulumi up`, and the service redeploys once. An undeclared field is left as
 * Railway (or the dashboard) has it; a field removed from the declaration returns to its `@default`,
 * which is Railway's default (`SERVICE_SETTING_FIELDS`). Fields are validated before anything is sent.
 *
 * Written through the environment's config patch, never `serviceInstanceUpdate`, which writes every
 * environment (docs/railway-api-notes.md, "Service settings"). A declared value equal to Railway's default
 * and an omitted one compare equal, so a second `up` shows no diff.
 *
 * @example
 * import type { ServiceSettingValues } from "pulumi-railway-app";
 *
 * const settings: ServiceSettingValues = {
 *   repo: "acme/shop",
 *   branch: "main",
 *   builder: "DOCKERFILE",
 *   startCommand: "node dist/server.js",
 *   healthcheckPath: "/health",
 *   numReplicas: 2,
 * };
 */
export interface ServiceSettings {
  /**
   * GitHub repository `owner/name` the service builds from; exclusive with `image`. A change redeploys
   * the service once.
   * @default none
   * @example "acme/shop"
   */
  repo?: string;
  /**
   * Docker image to run instead of building a repository; exclusive with `repo`. A change redeploys the
   * service once.
   * @default none
   * @example "redis:8.2"
   */
  image?: string;
  /**
   * Branch this environment deploys from (needs `repo`); each environment may follow its own branch. A
   * change redeploys the service once.
   * @default the repository's default branch
   * @example "main"
   */
  branch?: string;
  /**
   * Monorepo subdirectory to build from; `/` is the repository root. A change redeploys the service once.
   * @default "/"
   * @example "/apps/api"
   */
  rootDirectory?: string;
  /**
   * Wait for the commit's GitHub check suites to pass before Railway deploys a push. A change redeploys the
   * service once.
   * @default false
   */
  checkSuites?: boolean;
  /**
   * How Railway builds the repository. A change rebuilds and redeploys the service once.
   * @default "RAILPACK"
   * @example "DOCKERFILE"
   */
  builder?: "RAILPACK" | "DOCKERFILE" | "NIXPACKS";
  /**
   * Dockerfile path, relative to `rootDirectory`, for the `DOCKERFILE` builder. A change rebuilds and
   * redeploys the service once.
   * @default "Dockerfile"
   * @example "docker/api.Dockerfile"
   */
  dockerfilePath?: string;
  /**
   * Build command for Railpack and Nixpacks builds (a Dockerfile build ignores it). A change rebuilds
   * and redeploys the service once.
   * @default "" (the builder's own)
   * @example "npm run build"
   */
  buildCommand?: string;
  /**
   * Gitignore-style patterns: a push deploys the service only when it changes a matching file. A change
   * redeploys the service once.
   * @default [] (every push deploys)
   * @example ["/apps/api/**", "/packages/shared/**"]
   */
  watchPatterns?: string[];
  /**
   * Command the deployment runs. For Dockerfile and image builds it runs in exec form, so `$VAR` is not
   * expanded: wrap such a command with `execFormSafe`. A change redeploys the service once.
   * @default "" (the image's or builder's own command)
   * @example "node dist/server.js"
   */
  startCommand?: string;
  /**
   * Commands run before each deployment starts (migrations); a failure fails the deployment. A change
   * redeploys the service once.
   * @default []
   * @example ["npx prisma migrate deploy"]
   */
  preDeployCommand?: string[];
  /**
   * Path that must answer HTTP 200 before a deployment counts as live; starts with `/`. Leave it unset for
   * a service that serves no HTTP (a worker). A change redeploys the service once.
   * @default "" (no healthcheck)
   * @example "/health"
   */
  healthcheckPath?: string;
  /**
   * Seconds the healthcheck may take before the deployment fails. A change redeploys the service once.
   * @default 300
   */
  healthcheckTimeout?: number;
  /**
   * Replicas of the service in this environment, 1 to 50; must be 1 for a cron service. A change
   * redeploys the service once.
   * @default 1
   */
  numReplicas?: number;
  /**
   * When Railway restarts the service's process. A change redeploys the service once.
   * @default "ON_FAILURE"
   */
  restartPolicyType?: "ON_FAILURE" | "ALWAYS" | "NEVER";
  /**
   * Restarts allowed with `ON_FAILURE` before Railway gives up. A change redeploys the service once.
   * @default 10
   */
  restartPolicyMaxRetries?: number;
  /**
   * 5-field crontab schedule (UTC) that runs the service as a cron job instead of keeping it up. A change
   * redeploys the service once.
   * @default "" (not a cron job)
   * @example "0 3 * * *"
   */
  cronSchedule?: string;
  /**
   * Serverless: stop the service when it gets no traffic and wake it on the next request. A worker gets
   * no requests, so it would never wake. A change redeploys the service once.
   * @default false
   */
  sleepApplication?: boolean;
  /**
   * Seconds the previous deployment keeps running alongside the new one. A change redeploys the service
   * once.
   * @default 0
   */
  overlapSeconds?: number;
  /**
   * Seconds between stopping the old deployment (SIGTERM) and killing it (SIGKILL). A change redeploys
   * the service once.
   * @default 0
   */
  drainingSeconds?: number;
  /**
   * Allow outbound IPv6 traffic. A change redeploys the service once.
   * @default false
   */
  ipv6EgressEnabled?: boolean;
}

export type SettingKey = keyof ServiceSettings;

interface FieldSpec {
  /** Where the field lives in a service's EnvironmentConfig entry. */
  path: readonly ["source" | "build" | "deploy", string];
  /** The rule a declared value must satisfy. */
  schema: z.ZodType;
  /** The value Railway uses when none is set; an omitted value normalises to it. */
  railwayDefault?: unknown;
}

/** A string judged by a vocabulary rule (its problems become the messages). */
function refineWith(rule: (value: string) => string[]) {
  return (value: string, context: z.RefinementCtx) => {
    for (const message of rule(value)) context.addIssue({ code: "custom", message });
  };
}
const ruled = (rule: (value: string) => string[]) => z.string().superRefine(refineWith(rule));

/** The largest whole number Railway's API takes: a GraphQL `Int` is 32-bit (docs/railway-api-notes.md). */
const GRAPHQL_INT_MAX = 2_147_483_647;
const positiveInt = z.number().int().positive().max(GRAPHQL_INT_MAX);
const nonNegativeInt = z.number().int().min(0).max(GRAPHQL_INT_MAX);
const nonEmpty = z.string().min(1, "must not be empty");
/** A command as typed: stray whitespace around it is invisible in the dashboard and a likely paste error. */
const command = z.string().superRefine(refineWith(strayWhitespaceProblems));

/**
 * Every service setting this package manages, by name: where it lives in Railway's environment config
 * (`path`), how it is validated (`schema`) and Railway's default (`railwayDefault`), the value an omitted
 * setting means. Read-only reference data: settings are validated, written, read back and diffed from it.
 *
 * @example
 * import { SERVICE_SETTING_FIELDS } from "pulumi-railway-app";
 *
 * SERVICE_SETTING_FIELDS.numReplicas.railwayDefault; // 1
 * SERVICE_SETTING_FIELDS.builder.path; // ["build", "builder"]
 */
export const SERVICE_SETTING_FIELDS: { readonly [K in SettingKey]-?: FieldSpec } = {
  repo: { path: ["source", "repo"], schema: ruled(repoProblems) },
  image: { path: ["source", "image"], schema: ruled(imageReferenceProblems) },
  branch: { path: ["source", "branch"], schema: ruled(branchNameProblems) },
  rootDirectory: {
    path: ["source", "rootDirectory"],
    schema: ruled((path) => repositoryPathProblems(path === "" ? "/" : path, { absolute: true })),
    railwayDefault: "/",
  },
  checkSuites: { path: ["source", "checkSuites"], schema: z.boolean(), railwayDefault: false },
  builder: {
    path: ["build", "builder"],
    schema: z.enum(["RAILPACK", "DOCKERFILE", "NIXPACKS"]),
    railwayDefault: "RAILPACK",
  },
  dockerfilePath: {
    path: ["build", "dockerfilePath"],
    schema: ruled((path) => repositoryPathProblems(path, { absolute: false, file: true })),
    railwayDefault: "Dockerfile",
  },
  buildCommand: { path: ["build", "buildCommand"], schema: command, railwayDefault: "" },
  watchPatterns: { path: ["build", "watchPatterns"], schema: z.array(nonEmpty), railwayDefault: [] },
  startCommand: { path: ["deploy", "startCommand"], schema: command, railwayDefault: "" },
  preDeployCommand: { path: ["deploy", "preDeployCommand"], schema: z.array(nonEmpty), railwayDefault: [] },
  healthcheckPath: {
    path: ["deploy", "healthcheckPath"],
    schema: z
      .string()
      .regex(/^\//, 'must start with "/"')
      .regex(/^\S*$/, "must not contain whitespace (it is a URL path)"),
    railwayDefault: "",
  },
  healthcheckTimeout: { path: ["deploy", "healthcheckTimeout"], schema: positiveInt, railwayDefault: 300 },
  numReplicas: { path: ["deploy", "numReplicas"], schema: positiveInt.max(50), railwayDefault: 1 },
  restartPolicyType: {
    path: ["deploy", "restartPolicyType"],
    schema: z.enum(["ON_FAILURE", "ALWAYS", "NEVER"]),
    railwayDefault: "ON_FAILURE",
  },
  restartPolicyMaxRetries: {
    path: ["deploy", "restartPolicyMaxRetries"],
    schema: nonNegativeInt,
    railwayDefault: 10,
  },
  cronSchedule: {
    path: ["deploy", "cronSchedule"],
    schema: ruled(cronScheduleProblems),
    railwayDefault: "",
  },
  sleepApplication: { path: ["deploy", "sleepApplication"], schema: z.boolean(), railwayDefault: false },
  overlapSeconds: { path: ["deploy", "overlapSeconds"], schema: nonNegativeInt, railwayDefault: 0 },
  drainingSeconds: { path: ["deploy", "drainingSeconds"], schema: nonNegativeInt, railwayDefault: 0 },
  ipv6EgressEnabled: { path: ["deploy", "ipv6EgressEnabled"], schema: z.boolean(), railwayDefault: false },
};

export const SETTING_KEYS = Object.keys(SERVICE_SETTING_FIELDS) as SettingKey[];

/** A value as Railway means it: omitted and default are the same, and a few spellings collapse. */
export function normalizeSetting(key: SettingKey, value: unknown): unknown {
  let normalized = value;
  if (key === "preDeployCommand" && typeof value === "string") normalized = value ? [value] : [];
  if (key === "dockerfilePath" && typeof value === "string") normalized = value.replace(/^\.?\//, "");
  if (key === "rootDirectory" && typeof value === "string") normalized = value === "" ? "/" : value;
  if (normalized === null || normalized === undefined) return SERVICE_SETTING_FIELDS[key].railwayDefault;
  return normalized;
}

/** Whether two values of a setting mean the same thing to Railway. */
export function settingEquals(key: SettingKey, a: unknown, b: unknown): boolean {
  return JSON.stringify(normalizeSetting(key, a)) === JSON.stringify(normalizeSetting(key, b));
}

/** Validates declared settings; returns one message per bad field, naming it. */
export function validateSettings(settings: Record<string, unknown>): string[] {
  const problems: string[] = [];
  for (const [key, value] of Object.entries(settings)) {
    if (value === undefined) continue;
    const field = SERVICE_SETTING_FIELDS[key as SettingKey];
    if (!field) {
      problems.push(`settings.${key} is not a Railway service setting this project manages`);
      continue;
    }
    const parsed = field.schema.safeParse(value);
    if (!parsed.success) {
      const issue = firstIssue(parsed.error);
      problems.push(`settings.${key}${issue.where ? `.${issue.where}` : ""} ${issue.message}`);
    }
  }
  if (settings.repo !== undefined && settings.image !== undefined) {
    problems.push(
      "settings.repo and settings.image are exclusive: a service builds from a repository or runs an image",
    );
  }
  if (settings.branch !== undefined && settings.repo === undefined) {
    problems.push("settings.branch needs settings.repo: only a GitHub source has a branch");
  }
  if (settings.builder === "DOCKERFILE" && settings.buildCommand) {
    problems.push(
      "settings.buildCommand is ignored by Dockerfile builds; put the build step in the Dockerfile",
    );
  }
  if (settings.cronSchedule && typeof settings.numReplicas === "number" && settings.numReplicas > 1) {
    problems.push("settings.numReplicas must be 1 for a cron service (settings.cronSchedule is set)");
  }
  return problems;
}

/** The current values of the given settings, read from a service's EnvironmentConfig entry. */
export function settingsFromConfig(entry: ServiceConfig, keys: readonly SettingKey[] = SETTING_KEYS) {
  const observed: Record<string, unknown> = {};
  for (const key of keys) {
    const [section, field] = SERVICE_SETTING_FIELDS[key].path;
    const block = entry[section] as Record<string, unknown> | undefined;
    let value = block?.[field];
    if (key === "numReplicas" && value === undefined) value = replicasFromRegions(entry.deploy);
    observed[key] = normalizeSetting(key, value);
  }
  return observed as Partial<ServiceSettings>;
}

/** Railway reports replicas per region once any region is set; the single-region view is their sum. */
function replicasFromRegions(deploy: Record<string, unknown> | undefined): number | undefined {
  const regions = deploy?.multiRegionConfig;
  if (!regions || typeof regions !== "object") return undefined;
  let total = 0;
  for (const region of Object.values(regions as Record<string, unknown>)) {
    const replicas = (region as { numReplicas?: unknown } | null)?.numReplicas;
    if (typeof replicas === "number") total += replicas;
  }
  return total || undefined;
}

/**
 * A service's patch entry for the given changes: a value sets the field, `null` returns it to Railway's
 * default (the field was declared before and no longer is).
 */
export function settingsPatch(
  changes: Partial<Record<SettingKey, unknown>>,
): Record<string, Record<string, unknown>> {
  const patch: Record<string, Record<string, unknown>> = {};
  for (const [key, value] of Object.entries(changes)) {
    const [section, field] = SERVICE_SETTING_FIELDS[key as SettingKey].path;
    patch[section] = { ...patch[section], [field]: value };
  }
  return patch;
}
