import { z } from "zod";
import { brokerUrlProblems, isUpstashHost } from "./celery/brokerUrl.ts";
import { serviceNameSchema } from "./providers/service.ts";

/**
 * The omnidoc stack's configuration (`Pulumi.<stack>.yaml`, namespace `omnidoc:`), validated as a whole
 * before anything is declared: a bad value fails the run with a message that names the key and the fix,
 * and nothing reaches Railway.
 */

/** Keys that hold secrets: they must be set with `pulumi config set --secret`. */
export const SECRET_KEYS = ["geminiApiKey", "redisUrl", "redisPassword", "databaseUrl"] as const;

const postgresUrl = z
  .string()
  .regex(
    /^postgres(ql)?:\/\/\S+$/,
    "must be a postgresql:// URL, e.g. postgresql://user:password@host:5432/db",
  );

const schema = z
  .object({
    projectName: z.string().min(1, "must not be empty").max(64, "must be at most 64 characters"),
    workspaceId: z.string().min(1).optional(),
    /** Take over an existing project and services of the configured names instead of failing. */
    adopt: z.enum(["true", "false"], "must be true or false").default("false"),
    environment: z
      .string()
      .regex(/^[a-zA-Z0-9][a-zA-Z0-9._-]*$/, "may hold letters, digits, '.', '_' and '-' only")
      .default("production"),
    repo: z
      .string({ error: 'is required: the GitHub repository "owner/name" both services build from' })
      .regex(/^[\w.-]+\/[\w.-]+$/, 'must be a GitHub repository "owner/name"'),
    branch: z.string().min(1, "must not be empty").default("main"),
    rootDirectory: z.string().startsWith("/", 'must start with "/"').default("/"),
    dockerfilePath: z.string().min(1).default("Dockerfile"),
    apiService: serviceNameSchema.default("omnidoc-backend"),
    workerService: serviceNameSchema.default("omnidoc-celery-worker"),
    celeryApp: z
      .string()
      .regex(/^[\w.:]+$/, "must be a Python module path, e.g. src.tasks.celery_app")
      .default("src.tasks.celery_app"),
    workerConcurrency: z
      .string()
      .regex(/^[1-9][0-9]*$/, "must be a positive integer, e.g. 1")
      .default("1")
      .transform(Number),
    workerReadyTimeoutSeconds: z
      .string()
      .regex(/^[1-9][0-9]*$/, "must be a positive number of seconds")
      .default("120")
      .transform(Number),
    apiHealthcheckPath: z.string().startsWith("/", 'must start with "/"').default("/health"),
    apiPort: z
      .string()
      .regex(/^[1-9][0-9]{0,4}$/, "must be a port number")
      .transform(Number)
      .refine((port) => port <= 65535, "must be at most 65535")
      .optional(),
    llmProvider: z.string().min(1, "must not be empty").default("gemini"),
    logLevel: z
      .enum(
        ["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"],
        "must be DEBUG, INFO, WARNING, ERROR or CRITICAL",
      )
      .default("INFO"),
    logFormat: z.enum(["json", "text"], "must be json or text").default("json"),
    geminiApiKey: z.string({ error: "is required (the API's Gemini key)" }).min(1, "must not be empty"),
    redisMode: z
      .enum(["railway", "upstash"], "must be railway (a Redis service in the project) or upstash")
      .default("railway"),
    redisUrl: z.string().optional(),
    redisPassword: z.string().optional(),
    redisImage: z.string().min(1).default("redis:8.2"),
    postgresMode: z
      .enum(["railway", "external"], "must be railway (the project's Postgres service) or external")
      .default("railway"),
    postgresService: serviceNameSchema.default("Postgres"),
    databaseUrl: postgresUrl.optional(),
    pullRequest: z
      .string()
      .regex(/^[1-9][0-9]*$/, "must be the pull request's number")
      .transform(Number)
      .optional(),
    productionStack: z.string().min(1).optional(),
  })
  .superRefine((config, context) => {
    const issue = (path: string, message: string) =>
      context.addIssue({ code: "custom", path: [path], message });
    if (config.apiService === config.workerService) issue("workerService", "must differ from apiService");
    if (config.redisMode === "upstash") {
      if (!config.redisUrl) {
        issue(
          "redisUrl",
          "is required when redisMode is upstash: pulumi config set --secret redisUrl 'rediss://default:<password>@<host>:6379?ssl_cert_reqs=none'",
        );
      } else {
        for (const problem of brokerUrlProblems(config.redisUrl)) issue("redisUrl", problem);
      }
    } else {
      if (config.redisUrl)
        issue("redisUrl", "is only used when redisMode is upstash; remove it or set redisMode: upstash");
      if (!config.redisPassword || config.redisPassword.length < 16) {
        issue(
          "redisPassword",
          "must be at least 16 characters when redisMode is railway: pulumi config set --secret redisPassword <random>",
        );
      }
    }
    if (config.redisUrl && !config.redisUrl.includes("${{")) {
      try {
        const host = new URL(config.redisUrl).hostname;
        if (isUpstashHost(host) && config.redisMode !== "upstash")
          issue("redisMode", "must be upstash for an Upstash redisUrl");
      } catch {
        // Reported by brokerUrlProblems.
      }
    }
    if (config.postgresMode === "external" && !config.databaseUrl) {
      issue(
        "databaseUrl",
        "is required when postgresMode is external: pulumi config set --secret databaseUrl 'postgresql://…'",
      );
    }
    if (config.postgresMode === "railway" && config.databaseUrl) {
      issue(
        "databaseUrl",
        "is only used when postgresMode is external; remove it or set postgresMode: external",
      );
    }
    if (config.pullRequest !== undefined && !config.productionStack) {
      issue(
        "productionStack",
        "is required for a preview stack (pullRequest is set): the stack that owns the services, e.g. organization/omnidoc/prod",
      );
    }
  });

export type OmnidocConfig = z.output<typeof schema>;

/** Thrown before anything is declared; every message names a key of the stack config and the fix. */
export class StackConfigError extends Error {
  readonly keys: string[];
  constructor(problems: Array<{ key: string; message: string }>, namespace: string) {
    super(
      `Invalid stack configuration; nothing was changed:\n${problems
        .map((problem) => `  - ${namespace}:${problem.key} ${problem.message}`)
        .join("\n")}`,
    );
    this.name = "StackConfigError";
    this.keys = problems.map((problem) => problem.key);
  }
}

/**
 * Parses the raw config values (`{ key: string }` without the namespace). `isSecret` tells whether a key
 * was set with `--secret`; a secret key set in plain text is an error, because it would sit in
 * `Pulumi.<stack>.yaml` and the state unencrypted.
 */
export function parseOmnidocConfig(
  raw: Record<string, string | undefined>,
  isSecret: (key: string) => boolean,
  namespace = "omnidoc",
): OmnidocConfig {
  const problems: Array<{ key: string; message: string }> = [];
  for (const key of SECRET_KEYS) {
    if (raw[key] !== undefined && !isSecret(key)) {
      problems.push({ key, message: `must be set as a secret: pulumi config set --secret ${key} <value>` });
    }
  }
  const known = new Set(Object.keys(schema.shape));
  for (const key of Object.keys(raw)) {
    if (!known.has(key))
      problems.push({ key, message: "is not a setting of this stack (check the spelling)" });
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      problems.push({ key: String(issue.path[0] ?? "?"), message: issue.message });
    }
  }
  if (problems.length > 0 || !parsed.success) throw new StackConfigError(problems, namespace);
  return parsed.data;
}
