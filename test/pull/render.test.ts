/**
 * The pull renderer on its own (a pure function from a snapshot to program text): which settings it
 * declares, how variables are split between the shared set and each service, which values become
 * config secrets, what it names as not expressible, and that its text is already formatted, lints clean
 * and type-checks against the package.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { ServiceConfig } from "../../components/railway/index.ts";
import { projectFiles, pulumiProjectName } from "../../scripts/pull/projectFiles.ts";
import type { EnvironmentSnapshot, PulledService } from "../../scripts/pull/read.ts";
import { renderProgram } from "../../scripts/pull/render.ts";
import { camelCase } from "../../scripts/pull/secrets.ts";

const REPO = resolve(import.meta.dirname, "../..");
const require = createRequire(import.meta.url);

function service(name: string, config: ServiceConfig): PulledService {
  return { id: `id-${name}`, name, config, latestDeployment: { id: `d-${name}`, status: "SUCCESS" } };
}

function snapshot(
  services: PulledService[],
  overrides: Partial<EnvironmentSnapshot> = {},
): EnvironmentSnapshot {
  return {
    project: { id: "p-1", name: "shop" },
    environment: { id: "e-1", name: "production", isEphemeral: false },
    services,
    otherConfig: {},
    sharedVariables: {},
    servicesElsewhere: [],
    ...overrides,
  };
}

const v = (value: string) => ({ value });

/** The `settings: { … }` block of one service, as text. */
function settingsOf(text: string, name: string): string {
  const start = text.indexOf(`new RailwayService(${JSON.stringify(name)}`);
  const block = text.slice(start);
  return block.slice(block.indexOf("settings:"), block.indexOf("},", block.indexOf("settings:")) + 1);
}

describe("settings", () => {
  it("declares only what differs from Railway's defaults (RAILPACK, ON_FAILURE ×10, one replica, root /)", () => {
    const { text } = renderProgram(
      snapshot([
        service("web", {
          source: { repo: "acme/shop", branch: "main", rootDirectory: "/" },
          build: { builder: "RAILPACK", dockerfilePath: "Dockerfile", watchPatterns: [] },
          deploy: {
            startCommand: "node dist/server.js",
            restartPolicyType: "ON_FAILURE",
            restartPolicyMaxRetries: 10,
            numReplicas: 1,
            healthcheckTimeout: 300,
            sleepApplication: false,
          },
        }),
      ]),
    );
    expect(settingsOf(text, "web")).toBe(
      [
        "settings: {",
        '    repo: "acme/shop",',
        '    branch: "main",',
        '    startCommand: "node dist/server.js",',
        "  }",
      ].join("\n"),
    );
  });

  it("keeps non-default values, numbers, booleans and lists as Railway holds them", () => {
    const { text } = renderProgram(
      snapshot([
        service("worker", {
          source: { image: "ghcr.io/acme/worker:1" },
          build: { watchPatterns: ["src/**"] },
          deploy: {
            numReplicas: 3,
            sleepApplication: true,
            preDeployCommand: ["npm run migrate"],
            drainingSeconds: 5,
          },
        }),
      ]),
    );
    const settings = settingsOf(text, "worker");
    expect(settings).toContain('image: "ghcr.io/acme/worker:1",');
    expect(settings).toContain('watchPatterns: ["src/**"],');
    expect(settings).toContain('preDeployCommand: ["npm run migrate"],');
    expect(settings).toContain("numReplicas: 3,");
    expect(settings).toContain("sleepApplication: true,");
    expect(settings).toContain("drainingSeconds: 5,");
  });

  it("names what the components would refuse, in their own words, and still writes it (leaving a variable out would delete it)", () => {
    const { text, refused } = renderProgram(
      snapshot(
        [
          service("Backend API", {
            source: { repo: "acme/shop" },
            variables: { REDIS_URL: v("${{Redis.REDIS_URL}"), PORT: v("8000") },
          }),
          service("worker", { source: { repo: "acme/shop" }, variables: { QUEUE: v("mail") } }),
        ],
        { sharedVariables: { TOKEN_URL: v("${{shared.X") } },
      ),
    );
    expect(refused).toEqual([
      "service name \"Backend API\" may hold letters, digits and inner '-' only (it becomes <name>.railway.internal)",
      "shared variables: variables.TOKEN_URL has a malformed reference; write ${{shared.KEY}}, ${{Service.KEY}} or ${{KEY}}",
      "Backend API: variables.REDIS_URL has a malformed reference; write ${{shared.KEY}}, ${{Service.KEY}} or ${{KEY}}",
    ]);
    // Once each: the section, and each line in it.
    expect(
      text.match(/Refused by the components' own checks, so `pulumi preview` stops before any write/g),
    ).toHaveLength(1);
    expect(text.match(/ {2}- service name "Backend API" may hold letters/g)).toHaveLength(1);
    expect(text).toContain('REDIS_URL: "${{Redis.REDIS_URL}",');
    // A clean environment has nothing refused, and no such section.
    const clean = renderProgram(snapshot([service("worker", { source: { repo: "acme/shop" } })]));
    expect(clean.refused).toEqual([]);
    expect(clean.text).not.toContain("Refused by");
  });

  it("names what it cannot declare (service and path) instead of dropping it", () => {
    const { text, unexpressed } = renderProgram(
      snapshot(
        [
          service("api", {
            source: { repo: "acme/shop" },
            build: { builder: "DOCKERFILE", buildCommand: "npm run build", nixpacksPlan: { phases: {} } },
            deploy: {
              cronSchedule: "every monday",
              multiRegionConfig: { "us-west2": { numReplicas: 1 }, "europe-west4": { numReplicas: 1 } },
              registryCredentials: { username: "bot", password: "*****" },
              runtime: "V2",
            },
            networking: {
              serviceDomains: {
                "api-1.up.railway.app": { port: 8080 },
                "api-2.up.railway.app": { port: 8080 },
              },
              customDomains: { "shop.example.com": { port: 8080 } },
              tcpProxies: { "5432": {} },
            },
            volumeMounts: { "vol-1": { mountPath: "/data" } },
          }),
        ],
        { otherConfig: { volumes: { "vol-1": { sizeMB: 5000 } }, privateNetworkDisabled: null } },
      ),
    );
    expect(unexpressed.map((item) => `${item.service ?? "environment"} ${item.path}`)).toEqual([
      "environment volumes",
      "api build.buildCommand",
      "api build.nixpacksPlan",
      "api deploy.cronSchedule",
      "api deploy.multiRegionConfig",
      "api deploy.registryCredentials",
      "api deploy.runtime",
      "api networking.customDomains",
      "api networking.serviceDomains.api-2.up.railway.app",
      "api networking.tcpProxies",
      "api volumeMounts",
    ]);
    const reasons = Object.fromEntries(unexpressed.map((item) => [item.path, item.reason]));
    expect(reasons["build.buildCommand"]).toContain("is ignored by Dockerfile builds");
    expect(reasons["deploy.cronSchedule"]).toContain("must be a 5-field crontab expression");
    expect(reasons["deploy.multiRegionConfig"]).toContain("regions us-west2, europe-west4");
    // Every one is in the program's header, too.
    for (const item of unexpressed)
      expect(text).toContain(`  - ${item.service ?? "environment"}: ${item.path}: `);
    // numReplicas is the regions' total; the first generated domain is declared.
    expect(settingsOf(text, "api")).toContain("numReplicas: 2,");
    expect(text).toContain("domain: { targetPort: 8080 },");
    expect(settingsOf(text, "api")).not.toContain("buildCommand");
  });
});

describe("variables", () => {
  const shop = () =>
    snapshot(
      [
        service("api", {
          source: { repo: "acme/shop" },
          variables: {
            LOG_LEVEL: v("${{shared.LOG_LEVEL}}"),
            APP_LOG_LEVEL: v("${{shared.LOG_LEVEL}}"),
            STRIPE_KEY: v("${{shared.STRIPE_KEY}}"),
            MISSING: v("${{shared.NOT_SHARED}}"),
            DATABASE_URL: v("postgresql://app:db-password-1@db.internal:5432/app"),
            REDIS_URL: v("${{Redis.REDIS_URL}}"),
            CACHE_URL: v("redis://default:typed-password@${{Cache.RAILWAY_PRIVATE_DOMAIN}}:6379"),
            SESSION_SECRET: v("api-session-secret-1"),
          },
        }),
        service("worker", {
          source: { repo: "acme/shop" },
          variables: {
            LOG_LEVEL: v("${{shared.LOG_LEVEL}}"),
            DATABASE_URL: v("postgresql://app:db-password-1@db.internal:5432/app"),
            SESSION_SECRET: v("worker-session-secret-2"),
            SEALED_TOKEN: { isSealed: true },
          },
        }),
      ],
      { sharedVariables: { LOG_LEVEL: v("info"), STRIPE_KEY: v("sk_live_shared_3") } },
    );

  it("moves KEY=${{shared.KEY}} to shared.keys and keeps every other reference as written", () => {
    const { text } = renderProgram(shop());
    expect(text).toContain('shared: { variables: shared, keys: ["LOG_LEVEL", "STRIPE_KEY"] },');
    expect(text).toContain('shared: { variables: shared, keys: ["LOG_LEVEL"] },');
    expect(text).toContain('APP_LOG_LEVEL: "${{shared.LOG_LEVEL}}",');
    expect(text).toContain('MISSING: "${{shared.NOT_SHARED}}",');
    expect(text).toContain('REDIS_URL: "${{Redis.REDIS_URL}}",');
    expect(text).not.toMatch(/^\s+LOG_LEVEL: "\$\{\{shared/m);
    expect(text).toContain('const shared = new SharedVariables("shared", {');
  });

  it("turns every written credential into a config secret, one key per distinct value, and never writes a value", () => {
    const { text, secrets, commands } = renderProgram(shop());
    for (const value of [
      "db-password-1",
      "typed-password",
      "api-session-secret-1",
      "worker-session-secret-2",
      "sk_live_shared_3",
    ])
      expect(text).not.toContain(value);
    expect(
      secrets.map((secret) => [secret.configKey, secret.variable, secret.places.join("+"), secret.sealed]),
    ).toEqual([
      ["cacheUrl", "CACHE_URL", "api", false],
      ["databaseUrl", "DATABASE_URL", "api+worker", false],
      ["sealedToken", "SEALED_TOKEN", "worker", true],
      ["apiSessionSecret", "SESSION_SECRET", "api", false],
      ["workerSessionSecret", "SESSION_SECRET", "worker", false],
      ["stripeKey", "STRIPE_KEY", "shared", false],
    ]);
    expect(text).toContain('SESSION_SECRET: config.requireSecret("apiSessionSecret"),');
    expect(text).toContain('SESSION_SECRET: config.requireSecret("workerSessionSecret"),');
    expect(text).toContain('STRIPE_KEY: config.requireSecret("stripeKey"),');
    expect(commands).toContain("pulumi config set --secret databaseUrl '<value>'");
    expect(text).toMatch(
      /config set --secret sealedToken '<value>'\s+# SEALED_TOKEN \(worker; sealed in Railway/,
    );
    // A reference holds no secret, even under a secret-looking name.
    expect(text).not.toContain('config.requireSecret("stripeKeyApi")');
  });

  it("writes no SharedVariables and no config when there is nothing shared or secret", () => {
    const { text } = renderProgram(
      snapshot([service("web", { source: { image: "nginx" }, variables: { A: v("1") } })]),
    );
    expect(text).not.toContain("SharedVariables");
    expect(text).not.toContain("config.requireSecret");
    expect(text).not.toContain("new pulumi.Config()");
  });
});

describe("the program text", () => {
  const full = renderProgram(
    snapshot(
      [
        service("Redis", {
          source: { image: "redis:8.2" },
          deploy: { startCommand: `/bin/sh -c 'exec redis-server --requirepass "$REDIS_PASSWORD"'` },
          variables: { REDIS_PASSWORD: v("pw-redis-123456") },
        }),
        service("omnidoc-celery-worker", {
          source: { repo: "omnidoc-app/omnidoc", branch: "main" },
          build: { builder: "DOCKERFILE" },
          deploy: { startCommand: "celery -A src.tasks.celery_app worker --loglevel=info --concurrency=1" },
          variables: {
            GEMINI_API_KEY: v("${{shared.GEMINI_API_KEY}}"),
            REDIS_URL: v("${{Redis.REDIS_URL}}"),
          },
          networking: { serviceDomains: { "w.up.railway.app": { port: null } } },
        }),
      ],
      {
        project: { id: "p", name: "omnidoc", description: 'Docs "generator"' },
        environment: { id: "e", name: "pr-7", isEphemeral: true },
        sharedVariables: { GEMINI_API_KEY: v("gemini-key-abcdef") },
        servicesElsewhere: ["Postgres"],
      },
    ),
  ).text;

  it("is what biome's formatter writes, and passes biome's linter", () => {
    const biome = require.resolve("@biomejs/biome/bin/biome");
    const path = "scripts/pull/generated-example.ts";
    const formatted = execFileSync(process.execPath, [biome, "format", `--stdin-file-path=${path}`], {
      cwd: REPO,
      input: full,
      encoding: "utf8",
    });
    expect(formatted).toBe(full);
    // The linter with the repository's rules, on a copy outside it (biome reads no stdin for lint rules).
    const dir = mkdtempSync(join(tmpdir(), "pull-lint-"));
    try {
      const {
        vcs: _vcs,
        files: _files,
        $schema: _schema,
        ...rules
      } = JSON.parse(readFileSync(join(REPO, "biome.json"), "utf8")) as Record<string, unknown>;
      writeFileSync(join(dir, "biome.json"), JSON.stringify(rules));
      writeFileSync(join(dir, "index.ts"), full);
      const lint = spawnSync(process.execPath, [biome, "check", "index.ts"], { cwd: dir, encoding: "utf8" });
      expect(lint.stderr).toContain("Checked 1 file");
      expect(lint.stderr).not.toContain("×");
      expect(lint.status).toBe(0);
      // …which does fail on a broken program.
      writeFileSync(join(dir, "index.ts"), `${full}export function f(x: any) { return x == 1; }\n`);
      expect(spawnSync(process.execPath, [biome, "check", "index.ts"], { cwd: dir }).status).not.toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("type-checks against the package's public entry point", () => {
    mkdirSync(join(REPO, ".tmp"), { recursive: true });
    const dir = mkdtempSync(join(REPO, ".tmp", "pull-typecheck-"));
    try {
      writeFileSync(join(dir, "index.ts"), full);
      writeFileSync(
        join(dir, "tsconfig.json"),
        JSON.stringify({ extends: "../../tsconfig.json", include: ["index.ts"] }),
      );
      const tsc = require.resolve("typescript/bin/tsc");
      const result = spawnSync(process.execPath, [tsc, "--noEmit", "-p", join(dir, "tsconfig.json")], {
        encoding: "utf8",
      });
      expect(result.stdout).toBe("");
      expect(result.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it("declares an ephemeral environment as such, the project's description, and services found elsewhere", () => {
    expect(full).toContain('new Environment("pr-7", {');
    expect(full).toContain("ephemeral: true,");
    expect(full).toContain(`description: 'Docs "generator"',`);
    expect(full).toContain("domain: {},");
    expect(full).toContain("Services of the project with no instance in this environment: Postgres.");
    expect(full).toContain("This environment is ephemeral (a pull request's preview).");
    expect(full).toContain("released, never deleted, by `pulumi destroy`");
    expect(full).toContain('"omnidoc-celery-worker": omnidocCeleryWorker.serviceId,');
    expect(full).not.toContain("gemini-key-abcdef");
    expect(full).not.toContain("pw-redis-123456");
  });

  it("names config keys in camelCase", () => {
    expect(camelCase("GEMINI_API_KEY")).toBe("geminiApiKey");
    expect(camelCase("omnidoc-celery-worker")).toBe("omnidocCeleryWorker");
    expect(camelCase("2FA_SECRET")).toBe("v2faSecret");
  });
});

describe("the Pulumi project around a pulled program", () => {
  it("names it as Pulumi allows (letters, digits, '-', '_', '.'), whatever the Railway project is called", () => {
    expect(pulumiProjectName("shop")).toBe("shop");
    expect(pulumiProjectName("My Shop: EU!")).toBe("My-Shop-EU");
    expect(pulumiProjectName(" ✨ ")).toBe("railway-app");
  });

  it("keeps a name with quotes and colons one YAML value", () => {
    const files = projectFiles('acme: "prod"');
    expect(files["Pulumi.yaml"]).toContain("name: acme-prod\n");
    expect(files["Pulumi.yaml"]).toContain(
      'description: "Railway project acme: \\"prod\\", adopted by npm run pull"',
    );
    expect(parse(files["Pulumi.yaml"])).toMatchObject({
      name: "acme-prod",
      description: 'Railway project acme: "prod", adopted by npm run pull',
    });
    expect(JSON.parse(files["package.json"]).name).toBe("acme-prod-infra");
  });
});
