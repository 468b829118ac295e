import { z } from "zod";
import type { ServiceConfig } from "./environmentConfig.ts";
import { firstIssue } from "./issueWords.ts";
import {
  branchNameProblems,
  repoProblems,
  repositoryPathProblems,
  strayWhitespaceProblems,
} from "./vocabulary.ts";

/**
 * Every per-environment setting of a service instance this project manages, in one table: its place in
 * Railway's `EnvironmentConfig` document (docs/railway-api-notes.md), how it is validated, and Railway's default. The
 * default is what makes a second `up` converge: a declared value equal to Railway's default and an
 * omitted value read back from Railway compare equal, so there are no perpetual diffs (the Terraform
 * provider's and Railway IaC's cli#1184 / ts-sdk#85).
 *
 * Written through the config patch, never `serviceInstanceUpdate`: the patch can say `DOCKERFILE` (the
 * GraphQL `Builder` enum cannot), carries the per-environment branch, and never
 * resets `numReplicas` behind our back.
 */
export interface ServiceSettings {
  /** GitHub repository `owner/name`. */
  repo?: string;
  /** Docker image instead of a repository. */
  image?: string;
  /** Branch this environment deploys from (per environment). */
  branch?: string;
  /** Monorepo subdirectory; `/` is the repository root. */
  rootDirectory?: string;
  /** Wait for GitHub check suites before deploying. */
  checkSuites?: boolean;
  builder?: "RAILPACK" | "DOCKERFILE" | "NIXPACKS";
  dockerfilePath?: string;
  buildCommand?: string;
  watchPatterns?: string[];
  startCommand?: string;
  preDeployCommand?: string[];
  healthcheckPath?: string;
  healthcheckTimeout?: number;
  numReplicas?: number;
  restartPolicyType?: "ON_FAILURE" | "ALWAYS" | "NEVER";
  restartPolicyMaxRetries?: number;
  cronSchedule?: string;
  sleepApplication?: boolean;
  overlapSeconds?: number;
  drainingSeconds?: number;
  ipv6EgressEnabled?: boolean;
}

export type SettingKey = keyof ServiceSettings;

interface FieldSpec {
  /** Where the field lives in a service's EnvironmentConfig entry. */
  path: readonly ["source" | "build" | "deploy", string];
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

const positiveInt = z.number().int().positive();
const nonNegativeInt = z.number().int().min(0);
const nonEmpty = z.string().min(1, "must not be empty");

/** The table. A reader finds any Railway field here: validated, written, read back and diffed from it. */
export const SERVICE_SETTING_FIELDS: { readonly [K in SettingKey]-?: FieldSpec } = {
  repo: { path: ["source", "repo"], schema: ruled(repoProblems) },
  image: { path: ["source", "image"], schema: nonEmpty.superRefine(refineWith(strayWhitespaceProblems)) },
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
    schema: ruled((path) => repositoryPathProblems(path, { absolute: false })),
    railwayDefault: "Dockerfile",
  },
  buildCommand: { path: ["build", "buildCommand"], schema: z.string(), railwayDefault: "" },
  watchPatterns: { path: ["build", "watchPatterns"], schema: z.array(nonEmpty), railwayDefault: [] },
  startCommand: { path: ["deploy", "startCommand"], schema: z.string(), railwayDefault: "" },
  preDeployCommand: { path: ["deploy", "preDeployCommand"], schema: z.array(nonEmpty), railwayDefault: [] },
  healthcheckPath: {
    path: ["deploy", "healthcheckPath"],
    schema: z.string().regex(/^\//, 'must start with "/"'),
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
    schema: z.string().regex(/^\S+(\s+\S+){4}$/, "must be a 5-field crontab expression (UTC)"),
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
