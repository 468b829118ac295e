import { brokerUrlProblems, isUpstashHost } from "pulumi-railway-app/celery";
import {
  branchNameProblems,
  collidingServiceNames,
  environmentNameProblems,
  imageReferenceProblems,
  isPreviewEnvironmentName,
  isReference,
  privateHost,
  projectNameProblems,
  repoProblems,
  repositoryPathProblems,
  serviceNameProblems,
  strayWhitespaceProblems,
} from "pulumi-railway-app/vocabulary";
import { z } from "zod";
import { SECRET_KEYS } from "./secretKeys.ts";

/**
 * The omnidoc stack's configuration (`Pulumi.<stack>.yaml`, namespace `omnidoc:`), validated as a whole
 * before anything is declared: a bad value fails the run with a message that names the key and the fix,
 * and nothing reaches Railway. Every rule about a Railway name, reference, repository or path is the
 * package's vocabulary; this file only says which key follows which rule.
 */

export { SECRET_KEYS };

type Rule = (value: string) => string[];

/** A text value judged by rules; every message is the rule's own, never the validation library's. */
function text(what: string, ...rules: Rule[]) {
  const error = (issue: { input: unknown }) =>
    issue.input === undefined ? `is required: set it to ${what}` : `must be ${what} (text)`;
  return z.string({ error }).superRefine((value, context) => {
    for (const rule of [strayWhitespaceProblems, ...rules]) {
      const problems = rule(value);
      for (const message of problems) context.addIssue({ code: "custom", message });
      if (problems.length > 0) return;
    }
  });
}

const notEmpty: Rule = (value) => (value.length === 0 ? ["must not be empty"] : []);
const atMost =
  (length: number): Rule =>
  (value) =>
    value.length > length ? [`must be at most ${length} characters`] : [];
const matches =
  (pattern: RegExp, message: string): Rule =>
  (value) =>
    pattern.test(value) ? [] : [message];
/** A literal: Railway references are resolved by Railway only inside a service's variables. */
const literal: Rule = (value) =>
  isReference(value)
    ? ["must be a literal value, not a Railway reference (${{…}}): references only work in service variables"]
    : [];

/** A whole number in a range, from config text. */
function integer(what: string, min: number, max: number) {
  return text(what, matches(/^[0-9]+$/, `must be a whole number from ${min} to ${max}`), (value) =>
    Number(value) < min || Number(value) > max ? [`must be a whole number from ${min} to ${max}`] : [],
  ).transform(Number);
}

function oneOf<const T extends readonly [string, ...string[]]>(values: T, message: string) {
  return z.enum(values, { error: message });
}

const postgresUrl: Rule = matches(
  /^postgres(ql)?:\/\/\S+$/,
  "must be a postgresql:// URL, e.g. postgresql://user:password@host:5432/db",
);

const schema = z
  .object({
    projectName: text("the Railway project's name", projectNameProblems).default("omnidoc"),
    workspaceId: text("a workspace id", notEmpty).optional(),
    /** Take over an existing project and services of the configured names instead of failing. */
    adopt: oneOf(["true", "false"], "must be true or false").default("false"),
    environment: text("an environment name", environmentNameProblems).default("production"),
    repo: z
      .string({ error: 'is required: the GitHub repository "owner/name" both services build from' })
      .superRefine((value, context) => {
        for (const message of repoProblems(value)) context.addIssue({ code: "custom", message });
      }),
    branch: text("a git branch", branchNameProblems).default("main"),
    rootDirectory: text("a folder of the repository", (path) =>
      repositoryPathProblems(path, { absolute: true }),
    ).default("/"),
    dockerfilePath: text("a file of the repository", (path) =>
      repositoryPathProblems(path, { absolute: false, file: true }),
    ).default("Dockerfile"),
    apiService: text("a service name", serviceNameProblems).default("omnidoc-backend"),
    workerService: text("a service name", serviceNameProblems).default("omnidoc-celery-worker"),
    celeryApp: text(
      "a Python module path",
      matches(
        /^[A-Za-z_][\w]*(\.[A-Za-z_][\w]*)*(:[A-Za-z_][\w]*)?$/,
        "must be a Python module path, e.g. src.tasks.celery_app",
      ),
    ).default("src.tasks.celery_app"),
    // Celery starts this many processes per replica; beyond a few hundred it is a typo, not a plan.
    workerConcurrency: integer("the worker's process count", 1, 256).default(1),
    workerReadyTimeoutSeconds: integer("a number of seconds", 1, 3600).default(120),
    apiHealthcheckPath: text(
      "a URL path",
      matches(/^\/\S*$/, 'must be a URL path starting with "/", e.g. /health'),
    ).default("/health"),
    apiPort: integer("a port number", 1, 65535).optional(),
    llmProvider: text("an LLM provider name", notEmpty, atMost(64)).default("gemini"),
    logLevel: oneOf(
      ["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"],
      "must be DEBUG, INFO, WARNING, ERROR or CRITICAL",
    ).default("INFO"),
    logFormat: oneOf(["json", "text"], "must be json or text").default("json"),
    geminiApiKey: text(
      "the API's Gemini key with pulumi config set --secret geminiApiKey <key>",
      notEmpty,
      literal,
    ),
    redisMode: oneOf(
      ["railway", "upstash"],
      "must be railway (a Redis service in the project) or upstash",
    ).default("railway"),
    redisUrl: text("a rediss:// URL", literal, brokerUrlProblems).optional(),
    redisPassword: text(
      "a password",
      literal,
      matches(/^[A-Za-z0-9._~+=-]*$/, "may hold letters, digits and . _ ~ + = - only (it is put in a URL)"),
    ).optional(),
    redisImage: text("a Docker image", imageReferenceProblems).default("redis:8.2"),
    postgresMode: oneOf(
      ["railway", "external"],
      "must be railway (the project's Postgres service) or external",
    ).default("railway"),
    postgresService: text("a service name", serviceNameProblems).default("Postgres"),
    databaseUrl: text("a postgresql:// URL", literal, postgresUrl).optional(),
    pullRequest: integer("the pull request's number", 1, 1_000_000_000).optional(),
    productionStack: text(
      "a stack name",
      matches(
        /^([A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+\/)?[A-Za-z0-9_.-]+$/,
        "must look like org/project/stack or stack",
      ),
    ).optional(),
  })
  .superRefine((config, context) => {
    const issue = (path: string, message: string) =>
      context.addIssue({ code: "custom", path: [path], message });
    if (config.pullRequest === undefined && isPreviewEnvironmentName(config.environment)) {
      issue(
        "environment",
        `"${config.environment}" is a preview stack's environment; a production stack must use another name (preview stacks are made with npm run preview-stack)`,
      );
    }
    if (config.redisMode === "upstash") {
      if (!config.redisUrl) {
        issue(
          "redisUrl",
          "is required when redisMode is upstash: pulumi config set --secret redisUrl 'rediss://default:<password>@<host>:6379?ssl_cert_reqs=none'",
        );
      }
      if (config.redisPassword)
        issue("redisPassword", "is only used when redisMode is railway; remove it or set redisMode: railway");
    } else {
      if (config.redisUrl)
        issue("redisUrl", "is only used when redisMode is upstash; remove it or set redisMode: upstash");
      if (!config.redisPassword || config.redisPassword.length < 16) {
        issue(
          "redisPassword",
          'must be at least 16 characters when redisMode is railway: pulumi config set --secret redisPassword "$(openssl rand -hex 24)"',
        );
      }
    }
    if (config.redisUrl && !isReference(config.redisUrl)) {
      try {
        if (isUpstashHost(new URL(config.redisUrl).hostname) && config.redisMode !== "upstash")
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

type Problem = { key: string; message: string };

/**
 * Names Railway would treat as one service (the same private host), reported under the key the person
 * set: of the colliding keys, the last one given in the stack config (a default is never the culprit).
 */
function serviceNameCollisions(config: OmnidocConfig, raw: Record<string, string | undefined>): Problem[] {
  const services: Array<[string, string]> = [
    ["apiService", config.apiService],
    ["workerService", config.workerService],
    ...(config.redisMode === "railway" ? ([["Redis service", "Redis"]] as Array<[string, string]>) : []),
    ...(config.postgresMode === "railway"
      ? ([["postgresService", config.postgresService]] as Array<[string, string]>)
      : []),
  ];
  const problems: Problem[] = [];
  for (const group of collidingServiceNames(services.map(([, name]) => name))) {
    const keys = services.filter(([, name]) => group.includes(name)).map(([key]) => key);
    const settable = keys.filter((key) => key !== "Redis service");
    const reported =
      settable.filter((key) => raw[key] !== undefined).at(-1) ?? settable.at(-1) ?? "workerService";
    const others = keys
      .filter((key) => key !== reported)
      .map((key) => (key === "Redis service" ? "the Redis service" : key));
    problems.push({
      key: reported,
      message:
        `must differ from ${others.join(" and ")}: "${group.join('" and "')}" are one service to Railway ` +
        `(both are ${privateHost(group[0] ?? "")}); choose another name`,
    });
  }
  return problems;
}

/** Keys that only one kind of stack reads: set on the other kind, they would be silently ignored. */
function stackKindProblems(config: OmnidocConfig, raw: Record<string, string | undefined>): Problem[] {
  const problems: Problem[] = [];
  if (config.pullRequest !== undefined && raw.environment !== undefined)
    problems.push({
      key: "environment",
      message: `is not read by a preview stack, whose environment is pr-${config.pullRequest}; remove it`,
    });
  if (config.pullRequest === undefined && raw.productionStack !== undefined)
    problems.push({
      key: "productionStack",
      message: "is only read by a preview stack (with pullRequest set); remove it, or set pullRequest",
    });
  return problems;
}

/** The default a key takes when it is not set, as text for a message; undefined when it has none. */
function defaultOf(key: string): string | undefined {
  const field = (schema.shape as Record<string, z.ZodType>)[key];
  const parsed = field?.safeParse(undefined);
  return parsed?.success && parsed.data !== undefined ? String(parsed.data) : undefined;
}

/** Thrown before anything is declared; every message names a key of the stack config and the fix. */
export class StackConfigError extends Error {
  readonly keys: string[];
  constructor(problems: Problem[], namespace: string) {
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
  const problems: Problem[] = [];
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
  // An empty value of a key that has a default: say how to get the default back, once.
  const given: Record<string, string | undefined> = { ...raw };
  for (const [key, value] of Object.entries(raw)) {
    const fallback = known.has(key) && value === "" ? defaultOf(key) : undefined;
    if (fallback === undefined) continue;
    problems.push({
      key,
      message: `must not be empty: set a value, or remove it (pulumi config rm ${namespace}:${key}) to use the default, ${fallback}`,
    });
    delete given[key];
  }
  const parsed = schema.safeParse(given);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      problems.push({ key: String(issue.path[0] ?? "?"), message: issue.message });
    }
  } else {
    problems.push(...serviceNameCollisions(parsed.data, raw), ...stackKindProblems(parsed.data, raw));
  }
  if (problems.length > 0 || !parsed.success) throw new StackConfigError(problems, namespace);
  return parsed.data;
}
