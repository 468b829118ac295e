/** Stack configs for the config-validation tests: one valid, and each invalid one with the key its error must name. */

/** A valid production config: the non-secret values of Pulumi.prod.yaml plus the secrets it needs. */
export const validConfig: Record<string, string> = {
  projectName: "omnidoc",
  repo: "omnidoc-app/omnidoc",
  geminiApiKey: "gemini-key-123",
  redisPassword: "a-very-long-redis-password",
};
const SECRET_KEYS = new Set(["geminiApiKey", "redisPassword", "redisUrl", "databaseUrl"]);
export const isSecret = (key: string) => SECRET_KEYS.has(key);

/** Each invalid config, the key its error must name, and a word of the fix. */
export const invalidConfigs: Array<[string, Record<string, string | undefined>, string, string]> = [
  ["no repository", { repo: undefined }, "repo", "owner/name"],
  ["a repository that is not owner/name", { repo: "https://github.com/x" }, "repo", "owner/name"],
  ["no Gemini key", { geminiApiKey: undefined }, "geminiApiKey", "required"],
  [
    "an Upstash broker without a URL",
    { redisMode: "upstash", redisPassword: undefined },
    "redisUrl",
    "--secret redisUrl",
  ],
  [
    "an Upstash host over redis://",
    {
      redisMode: "upstash",
      redisPassword: undefined,
      redisUrl: "redis://default:pw@fluent-cat-1.upstash.io:6379",
    },
    "redisUrl",
    "rediss://",
  ],
  [
    "rediss:// without ssl_cert_reqs",
    {
      redisMode: "upstash",
      redisPassword: undefined,
      redisUrl: "rediss://default:pw@fluent-cat-1.upstash.io:6379",
    },
    "redisUrl",
    "ssl_cert_reqs",
  ],
  [
    "a broker that is not Redis",
    { redisMode: "upstash", redisPassword: undefined, redisUrl: "amqp://guest@rabbit:5672//" },
    "redisUrl",
    "redis://",
  ],
  ["a short Railway Redis password", { redisPassword: "short" }, "redisPassword", "16 characters"],
  ["concurrency zero", { workerConcurrency: "0" }, "workerConcurrency", "whole number from 1 to 256"],
  [
    "concurrency that is not a number",
    { workerConcurrency: "two" },
    "workerConcurrency",
    "whole number from 1 to 256",
  ],
  ["a service name Railway refuses", { workerService: "celery_worker!" }, "workerService", "letters, digits"],
  ["the same name for API and worker", { workerService: "omnidoc-backend" }, "workerService", "differ"],
  ["an unknown log level", { logLevel: "VERBOSE" }, "logLevel", "INFO"],
  ["an unknown log format", { logFormat: "xml" }, "logFormat", "json"],
  ["an external Postgres without a URL", { postgresMode: "external" }, "databaseUrl", "--secret databaseUrl"],
  [
    "a database URL that is not Postgres",
    { postgresMode: "external", databaseUrl: "mysql://x@h/db" },
    "databaseUrl",
    "postgresql://",
  ],
  ["a secret set in plain text", { geminiApiKey: "plain" }, "geminiApiKey", "--secret"],
  ["a misspelt key", { workerConcurency: "2" }, "workerConcurency", "spelling"],
  ["a preview stack without its production stack", { pullRequest: "7" }, "productionStack", "required"],
];
