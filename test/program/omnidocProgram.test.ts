/**
 * Layer 2: the omnidoc program and its components under `setMocks`: the resource graph, the type tokens,
 * the worker's settings, one variable set reaching both services, secrets kept secret, and component
 * validation before anything is declared.
 */
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";

const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const GEMINI = "gemini-secret-in-mocks";

interface Registration {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
}

function runProgram(config: Record<string, string | { value: string; secret: true }>, program = "index.ts") {
  const qualified = Object.fromEntries(
    Object.entries(config).map(([key, value]) => [
      `omnidoc:${key}`,
      typeof value === "string" ? { value } : { value: value.value, secret: true },
    ]),
  );
  const output = execFileSync(
    process.execPath,
    ["test/support/mockProgram.ts", program, JSON.stringify(qualified)],
    {
      encoding: "utf8",
    },
  );
  return JSON.parse(output) as { error?: string; registrations: Registration[] };
}

const production = {
  projectName: "omnidoc",
  repo: "omnidoc-app/omnidoc",
  geminiApiKey: { value: GEMINI, secret: true as const },
  redisPassword: { value: "redis-password-in-mocks-123", secret: true as const },
};

describe("the omnidoc program under setMocks", () => {
  const { error, registrations } = runProgram(production);
  const byName = (name: string) => registrations.find((registration) => registration.name === name);

  it("declares the architecture: project, environment, Redis, API, worker, shared variables", () => {
    expect(error).toBeUndefined();
    const custom = registrations.filter((registration) =>
      registration.type.startsWith("pulumi-nodejs:dynamic"),
    );
    expect(
      custom.map((registration) => `${registration.type.split(":").pop()} ${registration.name}`).sort(),
    ).toEqual([
      "Deployment Redis-deployment",
      "Deployment omnidoc-backend-deployment",
      "Deployment omnidoc-celery-worker-deployment",
      "Environment production",
      "Project omnidoc",
      "Service Redis",
      "Service omnidoc-backend",
      "Service omnidoc-celery-worker",
      "ServiceDomain omnidoc-backend-domain",
      "ServiceSettings Redis-settings",
      "ServiceSettings omnidoc-backend-settings",
      "ServiceSettings omnidoc-celery-worker-settings",
      "ServiceVariables Redis-variables",
      "ServiceVariables omnidoc-backend-variables",
      "ServiceVariables omnidoc-celery-worker-variables",
      "SharedVariables omnidoc-shared",
    ]);
    // Each kind has its own type token.
    expect(byName("omnidoc-celery-worker-settings")?.type).toBe(
      "pulumi-nodejs:dynamic/railway:ServiceSettings",
    );
  });

  it("gives the worker the same repository, a Celery start command, no domain, no healthcheck, no sleep", () => {
    expect(byName("omnidoc-celery-worker-settings")?.inputs.settings).toEqual({
      repo: "omnidoc-app/omnidoc",
      branch: "main",
      rootDirectory: "/",
      builder: "DOCKERFILE",
      dockerfilePath: "Dockerfile",
      startCommand: "celery -A src.tasks.celery_app worker --loglevel=info --concurrency=1",
      sleepApplication: false,
    });
    expect(byName("omnidoc-backend-settings")?.inputs.settings).toMatchObject({
      repo: "omnidoc-app/omnidoc",
      healthcheckPath: "/health",
    });
    expect(byName("omnidoc-celery-worker-domain")).toBeUndefined();
  });

  it("keeps variables secret in the inputs, and the broker reference identical on both services", () => {
    const api = byName("omnidoc-backend-variables")?.inputs.variables as {
      [key: string]: unknown;
      value: Record<string, string>;
    };
    const worker = byName("omnidoc-celery-worker-variables")?.inputs.variables as typeof api;
    expect(api["4dabf18193072939515e22adb298388d"]).toBe(SECRET_SIG);
    expect(worker.value).toEqual(api.value);
    expect(worker.value.REDIS_URL).toBe("${{Redis.REDIS_URL}}");
    expect(worker.value.GEMINI_API_KEY).toBe("${{shared.GEMINI_API_KEY}}");
    const shared = byName("omnidoc-shared")?.inputs.variables as { value: Record<string, string> };
    expect(shared.value.GEMINI_API_KEY).toBe(GEMINI);
  });

  it("serializes each provider without a secret in it", () => {
    for (const registration of registrations.filter((r) => r.type.startsWith("pulumi-nodejs:dynamic"))) {
      const provider = registration.inputs.__provider;
      expect(typeof provider).toBe("string");
      expect(provider as string).not.toContain(GEMINI);
    }
  });

  it("a preview stack refers to production's project by StackReference and declares no project or service", () => {
    const preview = runProgram({
      ...production,
      pullRequest: "7",
      branch: "feature/x",
      productionStack: "organization/omnidoc/prod",
    });
    const types = preview.registrations.map((registration) => registration.type);
    expect(types).toContain("pulumi:pulumi:StackReference");
    expect(types).not.toContain("pulumi-nodejs:dynamic/railway:Project");
    expect(types).not.toContain("pulumi-nodejs:dynamic/railway:Service");
    const environment = preview.registrations.find((registration) => registration.name === "pr-7");
    expect(environment?.inputs).toMatchObject({ name: "pr-7", ephemeral: true });
  });

  it("invalid stack config declares nothing", () => {
    const invalid = runProgram({ ...production, workerConcurrency: "0" });
    expect(invalid.error).toContain("omnidoc:workerConcurrency must be a whole number from 1 to 256");
    expect(invalid.registrations).toEqual([]);
  });
});

describe("CeleryApp validation", () => {
  it("rejects a worker with a healthcheck before declaring anything", () => {
    const { error, registrations } = runProgram({}, "test/program/fixtures/workerWithHealthcheck.ts");
    expect(error).toContain("workers.worker.settings.healthcheckPath: a worker serves no HTTP");
    expect(registrations).toEqual([]);
  });
});
