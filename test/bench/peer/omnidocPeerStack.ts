import type { PeerStack } from "./terraformReplay.ts";

/**
 * The omnidoc stack with an Upstash broker and external Postgres (index.ts), written as the community Terraform provider's resources would declare it:
 *
 * - `railway_project` "omnidoc" whose default environment is "production" (index.ts makes the project
 *   with `defaultEnvironmentName: config.environment`);
 * - the six literal variables of index.ts's CeleryApp as `railway_shared_variable`s, and on each service
 *   `KEY = "$${{shared.KEY}}"` for all six, as components/CeleryApp.ts does (literals become shared
 *   variables and reach every service as `${{shared.KEY}}` references);
 * - two `railway_service`s on the same repository and branch; what the provider cannot set (Dockerfile
 *   builder, healthcheck, the worker's start command) goes in each service's Railway config file
 *   (`config_path`), as the provider's docs recommend (docs/resources/service.md);
 * - a `railway_service_domain` for the API (the bench's API has a Railway domain).
 *
 * Values are placeholders: counts do not depend on them.
 */
export function omnidocPeerStack(
  variableResource: PeerStack["variableResource"] = "railway_variable",
): PeerStack {
  const shared: Record<string, string> = {
    DATABASE_URL: "postgresql://omnidoc:bench-pw@db.example.com:5432/omnidoc",
    REDIS_URL: "rediss://default:bench-pw@fluent-cat-12345.upstash.io:6379?ssl_cert_reqs=none",
    GEMINI_API_KEY: "bench-gemini-key",
    LLM_PROVIDER: "gemini",
    LOG_LEVEL: "INFO",
    LOG_FORMAT: "json",
  };
  const references = Object.fromEntries(Object.keys(shared).map((key) => [key, `\${{shared.${key}}}`]));
  return {
    projectName: "omnidoc",
    environment: "production",
    variableResource,
    shared,
    services: [
      {
        name: "omnidoc-backend",
        repo: "omnidoc-app/omnidoc",
        branch: "main",
        configPath: "railway.backend.json",
        domain: "omnidoc-backend-tf",
        variables: { ...references },
      },
      {
        name: "omnidoc-celery-worker",
        repo: "omnidoc-app/omnidoc",
        branch: "main",
        configPath: "railway.worker.json",
        startCommand: "celery -A src.tasks.celery_app worker --loglevel=info --concurrency=1",
        variables: { ...references },
      },
    ],
  };
}
