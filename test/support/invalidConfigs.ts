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

/** An Upstash broker at `redisUrl` (Railway's Redis password then does not apply). */
const upstash = (redisUrl?: string) => ({
  redisMode: "upstash",
  redisPassword: undefined,
  ...(redisUrl === undefined ? {} : { redisUrl }),
});

/** Each invalid config, the key its error must name, and a word of the fix. */
export const invalidConfigs: Array<[string, Record<string, string | undefined>, string, string]> = [
  ["no repository", { repo: undefined }, "repo", "owner/name"],
  ["a repository that is not owner/name", { repo: "https://github.com/x" }, "repo", "owner/name"],
  ["no Gemini key", { geminiApiKey: undefined }, "geminiApiKey", "required"],
  ["an Upstash broker without a URL", upstash(), "redisUrl", "--secret redisUrl"],
  [
    "an Upstash host over redis://",
    upstash("redis://default:pw@fluent-cat-1.upstash.io:6379"),
    "redisUrl",
    "rediss://",
  ],
  [
    "rediss:// without ssl_cert_reqs",
    upstash("rediss://default:pw@fluent-cat-1.upstash.io:6379"),
    "redisUrl",
    "ssl_cert_reqs",
  ],
  ["a broker that is not Redis", upstash("amqp://guest@rabbit:5672//"), "redisUrl", "redis://"],
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
  // What git, GitHub or Railway would refuse, or would read as something else.
  ["a branch git refuses (..)", { branch: "feature/../main" }, "branch", 'must not contain ".."'],
  ["a branch with a space", { branch: "my branch" }, "branch", 'must not contain " "'],
  ["a branch ending in .lock", { branch: "release.lock" }, "branch", '".lock"'],
  ["a repository with .git", { repo: "acme/omnidoc.git" }, "repo", 'use "acme/omnidoc"'],
  ["a repository URL", { repo: "git@github.com:acme/omnidoc.git" }, "repo", 'use "acme/omnidoc"'],
  ["a repository owner GitHub refuses", { repo: "-acme/omnidoc" }, "repo", "GitHub does not allow"],
  [
    "a worker named like the API but for case",
    { workerService: "Omnidoc-Backend" },
    "workerService",
    "one service to Railway",
  ],
  [
    "a worker named like the default Postgres service",
    { workerService: "postgres" },
    "workerService",
    "must differ from postgresService",
  ],
  ["a preview stack's environment on production", { environment: "pr-7" }, "environment", "preview stack"],
  [
    "an environment on a preview stack",
    { pullRequest: "7", productionStack: "prod", environment: "staging" },
    "environment",
    "pr-7",
  ],
  [
    "a production stack naming a production stack",
    { productionStack: "prod" },
    "productionStack",
    "pullRequest",
  ],
  [
    "a Dockerfile outside the repository",
    { dockerfilePath: "../../Dockerfile" },
    "dockerfilePath",
    "leaves the repository",
  ],
  ["a folder for a Dockerfile", { dockerfilePath: "docker/" }, "dockerfilePath", "give the file"],
  [
    "a root directory outside the repository",
    { rootDirectory: "/../x" },
    "rootDirectory",
    "leaves the repository",
  ],
  [
    "a trailing space in a URL",
    { postgresMode: "external", databaseUrl: "postgresql://u:p@db.example.com:5432/db " },
    "databaseUrl",
    "whitespace",
  ],
  [
    "a space inside a broker URL",
    upstash("rediss://default:pw@fluent-cat-1.upstash.io:6379?ssl_cert_reqs=none x"),
    "redisUrl",
    "whitespace",
  ],
  ["a reference where Upstash needs a URL", upstash("${{Redis.REDIS_URL}}"), "redisUrl", "literal"],
  ["a reference as the project's name", { projectName: "${{shared.NAME}}" }, "projectName", "literal"],
  ["a concurrency of 10^20", { workerConcurrency: "100000000000000000000" }, "workerConcurrency", "1 to 256"],
  ["an empty image", { redisImage: "" }, "redisImage", "config rm omnidoc:redisImage"],
  ["an image that is not one", { redisImage: "Redis 8" }, "redisImage", "redis:8.2"],
];
