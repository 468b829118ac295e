/**
 * The policy pack on resources captured from real programs under `setMocks`, handed over as
 * @pulumi/policy's analyzer hands them (support.ts): the omnidoc stack (production and a pull request's
 * preview) and the acme-shop example pass every rule; each broken program in fixtures/ is caught by its
 * rule, and only by it, with a message that says how to fix it.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { policies } from "../../policy/policies.ts";
import {
  acmeShopProgram,
  type Captured,
  capture,
  policyResources,
  remediate,
  SECRET_SIG,
  secretPaths,
  type Violation,
  validate,
} from "./support.ts";

const OMNIDOC = {
  projectName: "omnidoc",
  repo: "omnidoc-app/omnidoc",
  geminiApiKey: { value: "gemini-secret-in-policy-tests", secret: true as const },
  redisPassword: { value: "redis-password-in-policy-tests", secret: true as const },
};

function byPolicy(violations: Violation[]): string[] {
  return violations
    .map((violation) => `${violation.level} ${violation.policy} @${violation.resource}`)
    .sort();
}

describe("the pack", () => {
  it("has every rule once, each with an enforcement level and a description", () => {
    expect(policies.map((policy) => [policy.name, policy.enforcementLevel])).toEqual([
      ["celery-same-broker", "mandatory"],
      ["celery-worker-no-healthcheck-or-sleep", "mandatory"],
      ["workers-serve-no-http", "mandatory"],
      ["no-plain-text-credentials", "mandatory"],
      ["secret-variables-are-secrets", "remediate"],
      ["no-secret-copied-to-plain-text", "advisory"],
      ["preview-stack-owns-only-its-environment", "mandatory"],
      ["preview-stack-writes-only-its-environment", "mandatory"],
    ]);
    for (const policy of policies) expect(policy.description.length).toBeGreaterThan(40);
  });
});

describe("real programs pass", () => {
  const programs: Array<[string, () => Captured]> = [
    [
      "the omnidoc stack (prod)",
      () => capture("index.ts", { project: "omnidoc", stack: "prod", config: OMNIDOC }),
    ],
    [
      "the omnidoc stack as a pull request's preview (pr-7)",
      () =>
        capture("index.ts", {
          project: "omnidoc",
          stack: "pr-7",
          config: {
            ...OMNIDOC,
            pullRequest: "7",
            branch: "feature/x",
            productionStack: "organization/omnidoc/prod",
          },
        }),
    ],
    [
      "the omnidoc stack on Upstash with an external Postgres",
      () =>
        capture("index.ts", {
          project: "omnidoc",
          stack: "prod",
          config: {
            projectName: OMNIDOC.projectName,
            repo: OMNIDOC.repo,
            geminiApiKey: OMNIDOC.geminiApiKey,
            redisMode: "upstash",
            redisUrl: {
              value: "rediss://default:upstash-pw-1@eu1-x.upstash.io:6379?ssl_cert_reqs=none",
              secret: true,
            },
            postgresMode: "external",
            databaseUrl: { value: "postgresql://omnidoc:db-pw-1@db.example.com:5432/omnidoc", secret: true },
          },
        }),
    ],
    [
      "the acme-shop example (dev)",
      () =>
        capture(acmeShopProgram(), {
          project: "acme-shop",
          stack: "dev",
          config: {
            repo: "acme/shop",
            redisPassword: { value: "acme-redis-password-5e6f7a8b", secret: true },
            stripeSecretKey: { value: "sk_test_acme_9c0d1e2f", secret: true },
          },
        }),
    ],
  ];

  it.each(programs)("%s: no violation, nothing to remediate", async (_name, run) => {
    const captured = run();
    expect(captured.error).toBeUndefined();
    const resources = policyResources(captured);
    // The rules had something to judge: Railway resources, and a Celery service or a worker.
    expect(
      resources.filter((resource) => resource.type.startsWith("pulumi-nodejs:dynamic/railway:")).length,
    ).toBeGreaterThan(10);
    expect(await validate(resources)).toEqual([]);
    expect(await remediate(captured)).toEqual([]);
  });
});

describe("each broken program is caught by its rule", () => {
  it("celery-same-broker: a worker on another Redis, and a worker with no broker", async () => {
    const violations = await validate(
      policyResources(capture("test/policy/fixtures/brokenBroker.ts", { project: "shop", stack: "prod" })),
    );
    expect(byPolicy(violations)).toEqual([
      "mandatory celery-same-broker @audit-worker-variables",
      "mandatory celery-same-broker @legacy-api-variables",
      "mandatory celery-same-broker @mail-worker-variables",
      "mandatory celery-same-broker @reports-worker-variables",
    ]);
    // Built from the legacy worker's repository and folder, and naming a broker: the API that queues its tasks.
    const legacy = violations.find((v) => v.resource === "legacy-api-variables");
    expect(legacy?.message).toContain(
      "legacy-api uses redis://legacy-redis.railway.internal:6379/0 (REDIS_URL)",
    );
    expect(legacy?.message).toContain("Fix: set legacy-api's REDIS_URL to exactly what legacy-worker uses");
    expect(legacy?.message).not.toContain("legacy-docs");
    expect(legacy?.message).not.toContain("legacy-migrate");
    const audit = violations.find((v) => v.resource === "audit-worker-variables");
    expect(audit?.message).toContain(
      "audit-worker uses redis://audit-redis.railway.internal:6379/0 (CELERY_BROKER_URL)",
    );
    expect(audit?.message).toContain(
      "Fix: set audit-worker's CELERY_BROKER_URL to exactly what shop-api uses (${{Redis.REDIS_URL}}) (Celery reads CELERY_BROKER_URL before the app's own setting",
    );
    const [mail, reports] = [
      violations.find((v) => v.resource === "mail-worker-variables"),
      violations.find((v) => v.resource === "reports-worker-variables"),
    ];
    expect(reports?.message).toContain(
      "reports-worker uses redis://default:***@cache.railway.internal:6379 (REDIS_URL), audit-worker uses redis://audit-redis.railway.internal:6379/0 (CELERY_BROKER_URL), legacy-worker uses ${{Redis.REDIS_URL}} (REDIS_URL), legacy-api uses redis://legacy-redis.railway.internal:6379/0 (REDIS_URL), shop-api uses ${{Redis.REDIS_URL}} (REDIS_URL)",
    );
    expect(reports?.message).toContain(
      "Fix: set reports-worker's REDIS_URL to exactly what shop-api uses (${{Redis.REDIS_URL}})",
    );
    // The broker's password is never in a message.
    expect(reports?.message).not.toContain("cache-password-77");
    expect(mail?.message).toContain(
      "mail-worker runs Celery but declares neither REDIS_URL nor CELERY_BROKER_URL",
    );
    expect(mail?.message).toContain("Fix: give it the same REDIS_URL");
  });

  it("celery-same-broker: ${{shared.KEY}} counts as the shared value it stands for", async () => {
    const captured = capture("test/policy/fixtures/brokenBroker.ts", { project: "shop", stack: "prod" });
    // Make the hand-declared worker read the broker from a shared set that holds the API's reference.
    const resources = captured.resources.map((resource) => {
      if (resource.name !== "reports-worker-variables") return resource;
      const variables = resource.inputs.variables as { value: Record<string, string> };
      return {
        ...resource,
        inputs: {
          ...resource.inputs,
          variables: { ...variables, value: { REDIS_URL: "${{shared.BROKER}}" } },
        },
      };
    });
    const shared = resources.find((resource) => resource.name === "shop-shared");
    if (!shared) throw new Error("the CeleryApp declares its shared set");
    const sharedVariables = shared.inputs.variables as { value: Record<string, string> };
    sharedVariables.value.BROKER = "${{Redis.REDIS_URL}}";
    const violations = await validate(policyResources({ ...captured, resources }));
    expect(byPolicy(violations)).toEqual([
      "mandatory celery-same-broker @audit-worker-variables",
      "mandatory celery-same-broker @legacy-api-variables",
      "mandatory celery-same-broker @mail-worker-variables",
    ]);
  });

  it("celery-worker-no-healthcheck-or-sleep and workers-serve-no-http: healthchecks, sleep and domains on workers", async () => {
    const violations = await validate(
      policyResources(capture("test/policy/fixtures/workerWithHttp.ts", { project: "shop", stack: "prod" })),
    );
    expect(byPolicy(violations)).toEqual([
      "mandatory celery-worker-no-healthcheck-or-sleep @celery-worker-settings",
      "mandatory celery-worker-no-healthcheck-or-sleep @celery-worker-settings",
      "mandatory workers-serve-no-http @celery-worker-domain",
      "mandatory workers-serve-no-http @queue-worker-domain",
      "mandatory workers-serve-no-http @queue-worker-settings",
    ]);
    const messages = violations.map((violation) => violation.message);
    expect(messages).toContainEqual(
      expect.stringContaining("celery-worker runs a Celery worker, which serves no HTTP"),
    );
    expect(messages).toContainEqual(expect.stringContaining("Fix: remove settings.healthcheckPath"));
    expect(messages).toContainEqual(expect.stringContaining("Fix: remove settings.sleepApplication"));
    expect(messages).toContainEqual(
      expect.stringContaining("queue-worker is a worker (its readiness is read from its logs)"),
    );
    expect(messages).toContainEqual(expect.stringContaining("Fix: remove its domain"));
  });

  describe("secrets", () => {
    const config = {
      sentryDsn: { value: "https://public:private-dsn-1@sentry.example.com/1", secret: true as const },
      redisPassword: { value: "typed-redis-password-31", secret: true as const },
    };
    let captured: Captured;
    let violations: Violation[];
    beforeAll(async () => {
      captured = capture("test/policy/fixtures/plainTextSecrets.ts", {
        project: "shop",
        stack: "prod",
        config,
      });
      violations = await validate(policyResources(captured));
    });

    it("no-plain-text-credentials: a password typed into a start command (mandatory)", () => {
      const typed = violations.filter((violation) => violation.policy === "no-plain-text-credentials");
      expect(typed.map((violation) => violation.resource)).toEqual(["cache-warmer-settings"]);
      expect(typed[0]?.message).toContain("settings.startCommand holds a URL with a password written in it");
      expect(typed[0]?.message).toContain(
        'Fix: put the credential in a service variable read with config.requireSecret("…")',
      );
      expect(typed[0]?.message).not.toContain("typed-password-99");
    });

    it("no-secret-copied-to-plain-text: a variable's credential copied into a start command or exported (advisory)", () => {
      const copied = violations.filter((violation) => violation.policy === "no-secret-copied-to-plain-text");
      expect(copied.map((violation) => `${violation.level} @${violation.resource}`)).toEqual([
        "advisory @Redis-settings",
        "advisory @shop-prod",
      ]);
      expect(copied[0]?.message).toContain(
        "settings.startCommand contains the value of Redis-variables.REDIS_PASSWORD",
      );
      expect(copied[1]?.message).toContain(
        "The stack output exportedPassword contains the value of Redis-variables.REDIS_PASSWORD",
      );
      expect(copied[1]?.message).toContain("this check cannot see that wrapping");
      for (const violation of copied) expect(violation.message).not.toContain("typed-redis-password-31");
      // Nothing else in this program breaks a rule.
      expect(new Set(violations.map((violation) => violation.policy))).toEqual(
        new Set(["no-plain-text-credentials", "no-secret-copied-to-plain-text"]),
      );
    });

    it("secret-variables-are-secrets: makes the plain Stripe key a secret and leaves the rest as it was", async () => {
      const remediations = await remediate(captured);
      expect(remediations.map((remediation) => `${remediation.policy} @${remediation.resource}`)).toEqual([
        "secret-variables-are-secrets @shop-shared",
      ]);
      const variables = remediations[0]?.properties.variables;
      expect(secretPaths(variables).sort()).toEqual(["SENTRY_DSN", "STRIPE_SECRET_KEY"]);
      expect(variables).toMatchObject({
        LOG_LEVEL: "info",
        STRIPE_SECRET_KEY: {
          "4dabf18193072939515e22adb298388d": SECRET_SIG,
          value: "sk_live_written_in_code_4242",
        },
      });
    });
  });

  it("preview-stack-owns-only-its-environment: a pr-<n> stack declaring the project, a service and a lasting environment", async () => {
    const violations = await validate(
      policyResources(
        capture("test/policy/fixtures/previewWritesProduction.ts", {
          project: "omnidoc",
          stack: "pr-12",
          config: { productionEnvironmentId: "0b9f3c1e-production" },
        }),
      ),
    );
    expect(byPolicy(violations)).toEqual([
      "mandatory preview-stack-owns-only-its-environment @omnidoc",
      "mandatory preview-stack-owns-only-its-environment @omnidoc-backend",
      "mandatory preview-stack-owns-only-its-environment @staging",
      "mandatory preview-stack-owns-only-its-environment @staging",
      "mandatory preview-stack-writes-only-its-environment @production-shared",
    ]);
    const messages = violations.map((violation) => violation.message);
    expect(messages).toContainEqual(
      expect.stringContaining("Preview stack pr-12 declares the Railway project omnidoc"),
    );
    expect(messages).toContainEqual(
      expect.stringContaining("Fix: give the RailwayService existingServiceId"),
    );
    expect(messages).toContainEqual(expect.stringContaining('Fix: name it "pr-12"'));
    expect(messages).toContainEqual(expect.stringContaining("Fix: set ephemeral: true on it"));
    expect(messages).toContainEqual(
      expect.stringContaining("production-shared writes an environment this preview stack does not declare"),
    );
  });

  it("preview-stack-writes-only-its-environment: a preview made by config (environment pr-12) under another stack name", async () => {
    const violations = await validate(
      policyResources(
        capture("test/policy/fixtures/previewWritesProduction.ts", {
          project: "omnidoc",
          stack: "feature-x",
          config: { productionEnvironmentId: "0b9f3c1e-production", environment: "pr-12", ephemeral: "true" },
        }),
      ),
    );
    expect(byPolicy(violations)).toEqual([
      "mandatory preview-stack-writes-only-its-environment @omnidoc",
      "mandatory preview-stack-writes-only-its-environment @omnidoc-backend",
      "mandatory preview-stack-writes-only-its-environment @production-shared",
    ]);
    expect(violations[0]?.message).toContain(
      "Stack feature-x, a preview stack (it declares environment pr-12), declares",
    );
  });
});

describe("every message of every rule", () => {
  it("names a resource and says how to fix it, on each broken program", async () => {
    const broken: Array<[string, Parameters<typeof capture>[1]]> = [
      ["test/policy/fixtures/brokenBroker.ts", { project: "shop", stack: "prod" }],
      ["test/policy/fixtures/workerWithHttp.ts", { project: "shop", stack: "prod" }],
      [
        "test/policy/fixtures/plainTextSecrets.ts",
        {
          project: "shop",
          stack: "prod",
          config: {
            sentryDsn: { value: "https://public:private-dsn-1@sentry.example.com/1", secret: true },
            redisPassword: { value: "typed-redis-password-31", secret: true },
          },
        },
      ],
      [
        "test/policy/fixtures/previewWritesProduction.ts",
        { project: "omnidoc", stack: "pr-12", config: { productionEnvironmentId: "0b9f3c1e-production" } },
      ],
    ];
    const seen = new Set<string>();
    for (const [program, options] of broken) {
      const captured = capture(program, options);
      expect(captured.error, program).toBeUndefined();
      const violations = await validate(policyResources(captured));
      expect(violations.length, program).toBeGreaterThan(0);
      for (const violation of violations) {
        seen.add(violation.policy);
        expect(violation.message, `${violation.policy} on ${program}`).toMatch(/Fix: \S/);
        expect(violation.resource, `${violation.policy} on ${program}`).toBeTruthy();
      }
    }
    // Every validating rule spoke at least once (the remediation reports nothing: it fixes).
    const validating = policies
      .filter((policy) => !("remediateResource" in policy))
      .map((policy) => policy.name);
    expect([...seen].sort()).toEqual(validating.sort());
  }, 60_000);
});

describe("values not known during a preview", () => {
  it("a broker not known yet makes celery-same-broker say it cannot run, as the SDK reports it (advisory)", async () => {
    const captured = capture("index.ts", { project: "omnidoc", stack: "prod", config: OMNIDOC });
    const resources = captured.resources.map((resource) => {
      if (resource.name !== "omnidoc-celery-worker-variables") return resource;
      const variables = resource.inputs.variables as { value: Record<string, string> };
      const value = { ...variables.value, REDIS_URL: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" };
      return { ...resource, inputs: { ...resource.inputs, variables: { ...variables, value } } };
    });
    const violations = await validate(policyResources({ ...captured, resources }));
    expect(violations).toEqual([
      {
        policy: "celery-same-broker",
        level: "advisory",
        message:
          "can't run policy 'celery-same-broker' during preview: string value at .variables.REDIS_URL can't be known during preview",
        resource: undefined,
      },
    ]);
  });
});
