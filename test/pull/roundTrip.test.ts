/**
 * The pull round trip through the engine harness: an environment made through Railway's API by hand
 * (seedShop.ts, not this project's providers) → `npm run pull` (the real command, in its own process) →
 * the program it wrote, in its own Pulumi project folder → `up` with everything adopted. The issue's
 * numbers: pull in 3 requests by name (2 by id), and an `up` that writes nothing to Railway and deploys
 * nothing, after which the stack has converged (a second `up` sends no request).
 */
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { join, resolve } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { type Emulator, startEmulator } from "../../emulator/index.ts";
import { TestStack } from "../engine/driver.ts";
import type { RunResult } from "../engine/engine.ts";
import { capture, policyResources, validate } from "../policy/support.ts";
import { delta, liveConfig, railwayEnv } from "../scenarios/support.ts";
import {
  type SeededShop,
  SHOP_SECRETS,
  SHOP_WORKER_COMMAND,
  seedShop,
  shopSecretConfig,
} from "./seedShop.ts";
import { configCommands, type PullRun, pulledProgramFolder, runPull } from "./support.ts";

const REPO = resolve(import.meta.dirname, "../..");
const validateProject = new Ajv2020({ allErrors: true, strict: false }).compile(
  JSON.parse(readFileSync(join(REPO, "test/pulumi/project.schema.json"), "utf8")) as object,
);

let emulator: Emulator;
let seeded: SeededShop;
let programDir: string;

/** The real command, in the pulled program's folder. */
function pull(args: string[], env: Record<string, string> = railwayEnv(emulator)): Promise<PullRun> {
  return runPull(args, programDir, env);
}

function expectNoSecret(text: string) {
  for (const secret of [...Object.values(SHOP_SECRETS), emulator.defaults.accountToken])
    expect(text).not.toContain(secret);
}

beforeAll(async () => {
  emulator = await startEmulator();
  seeded = await seedShop(emulator);
  programDir = pulledProgramFolder("shop");
});
afterAll(async () => {
  await emulator?.close();
  if (programDir) rmSync(programDir, { recursive: true, force: true });
});

describe("pull: a hand-made environment, read back as a program", () => {
  let byName: PullRun;
  let program: string;

  it("reads the environment by project name in 3 requests: the project list, the project, the environment", async () => {
    const before = emulator.metrics();
    byName = await pull(["--project", "shop", "--environment", "production", "--out", "index.ts"]);
    expect(byName.stderr).toBe("");
    expect(byName.status).toBe(0);
    const change = delta(before, emulator.metrics());
    expect(change.byOperation).toEqual({ Projects: 1, Project: 1, EnvironmentSnapshot: 1 });
    expect(change.writes).toEqual([]);
    expect(byName.stdout).toContain("read in 3 request(s) (Projects 1, Project 1, EnvironmentSnapshot 1)");
    program = readFileSync(join(programDir, "index.ts"), "utf8");
  });

  it("by project id in 2, and writes the same program", async () => {
    const before = emulator.metrics();
    const byId = await pull(["--project", seeded.projectId, "--environment", "production"]);
    expect(byId.status).toBe(0);
    expect(delta(before, emulator.metrics()).byOperation).toEqual({ Project: 1, EnvironmentSnapshot: 1 });
    expect(byId.stdout).toBe(program);
    expect(byId.stderr).toContain("read in 2 request(s)");
  });

  it("declares what is there: adopted objects, non-default settings, variables shared or per service, references as written", () => {
    expect(program).toMatch(
      /import \{\s*celeryVerification,\s*Environment,\s*Project,\s*RailwayService,\s*SharedVariables,?\s*\} from "pulumi-railway-app";/,
    );
    expect(program).toContain('const project = new Project("shop", { name: "shop", adopt: true });');
    expect(program).toMatch(
      /new Environment\("production", \{ projectId: project\.id, name: "production", adopt: true \}\)/,
    );
    // The worker: its start command, 2 replicas and restart policy differ from Railway's defaults; the
    // restart retries (10) and the region's replica placement do not, or cannot be declared.
    expect(program).toContain(`startCommand: ${JSON.stringify(SHOP_WORKER_COMMAND)},`);
    expect(program).toContain("numReplicas: 2,");
    expect(program).toContain('restartPolicyType: "ALWAYS",');
    expect(program).not.toContain("restartPolicyMaxRetries");
    expect(program).not.toContain("RAILPACK");
    // Shared keys reach services through `shared.keys`; a differently named reference stays a variable.
    expect(program).toContain('shared: { variables: shared, keys: ["GEMINI_API_KEY", "LOG_LEVEL"] },');
    expect(program).toContain('UVICORN_LOG_LEVEL: "${{shared.LOG_LEVEL}}",');
    expect(program).toContain(
      'REDIS_URL: "redis://default:${{REDIS_PASSWORD}}@${{RAILWAY_PRIVATE_DOMAIN}}:6379",',
    );
    expect(program).toContain("domain: { targetPort: 8000 },");
    // The worker's broker is ${{Redis.REDIS_URL}}: it is verified from Celery's lines, against that host.
    expect(program).toContain('verify: celeryVerification("redis.railway.internal"),');
    expect(program.match(/verify: /g)).toHaveLength(1);
  });

  it("keeps every secret out: config placeholders in the program, commands with <value> in its header and report", () => {
    expectNoSecret(program);
    expectNoSecret(byName.stdout);
    expect(program).toContain('GEMINI_API_KEY: config.requireSecret("geminiApiKey"),');
    expect(program).toContain('REDIS_PASSWORD: config.requireSecret("redisPassword"),');
    // A credential in a URL makes a value secret whatever its name.
    expect(program).toContain('SENTRY_DSN: config.requireSecret("sentryDsn"),');
    expect([...configCommands(byName.stdout)]).toEqual([
      ["GEMINI_API_KEY", "geminiApiKey"],
      ["REDIS_PASSWORD", "redisPassword"],
      ["SENTRY_DSN", "sentryDsn"],
    ]);
    expect(program).toContain("pulumi config set --secret sentryDsn '<value>'");
  });

  it("names what the components cannot express, service and path, in the header and the report", () => {
    for (const text of [program, byName.stdout]) {
      expect(text).toMatch(/shop-api: networking\.customDomains: custom domains are not managed/);
      // One line for a placement every service shares.
      expect(text).toMatch(
        /Redis, shop-api, shop-worker: deploy\.multiRegionConfig: the region placement is not managed\b.*; regions us-west2\n/,
      );
    }
  });

  it("refuses an unknown project or environment, and an --out that exists or has no folder, with exit 2", async () => {
    const noProject = await pull(["--project", "nope", "--environment", "production"]);
    expect(noProject.status).toBe(2);
    expect(noProject.stderr).toContain('No Railway project with the id or name "nope"');
    const noEnvironment = await pull(["--project", "shop", "--environment", "staging"]);
    expect(noEnvironment.status).toBe(2);
    expect(noEnvironment.stderr).toContain('has no environment "staging" (it has: production)');
    const before = emulator.metrics();
    const existing = await pull(["--project", "shop", "--environment", "production", "--out", "index.ts"]);
    expect(existing.status).toBe(2);
    expect(existing.stderr).toBe(
      "pull: --out index.ts exists and would be replaced; give another file (and compare), or --force to replace it. See npm run pull -- --help\n",
    );
    const noFolder = await pull([
      "--project",
      "shop",
      "--environment",
      "production",
      "--out",
      "nope/index.ts",
    ]);
    expect(noFolder.status).toBe(2);
    expect(noFolder.stderr).toContain("--out nope/index.ts: the folder nope does not exist");
    // Refused before Railway is read.
    expect(delta(before, emulator.metrics()).requests).toBe(0);
    expect(readFileSync(join(programDir, "index.ts"), "utf8")).toBe(program);
    const forced = await pull([
      ...["--project", "shop", "--environment", "production", "--out", "index.ts", "--force"],
    ]);
    expect(forced.status).toBe(0);
    expect(readFileSync(join(programDir, "index.ts"), "utf8")).toBe(program);
    const noToken = await pull(["--project", "shop", "--environment", "production"], {
      RAILWAY_API_URL: emulator.url,
    });
    expect(noToken.status).toBe(1);
    expect(noToken.stderr).toMatch(
      /^pull: No Railway token found\. .*in the project folder's \.env file\.\n$/,
    );
    const usage = await pull(["--project", "shop"]);
    expect(usage.status).toBe(2);
    expect(usage.stderr).toBe(
      "pull: give --project <id|name> and --environment <name>. See npm run pull -- --help\n",
    );
  });
});

describe("pull --dir: a whole Pulumi project", () => {
  it("writes index.ts, a Pulumi.yaml Pulumi's schema accepts and a package.json; its up adopts with 0 writes", async () => {
    const folder = join(programDir, "shop-infra");
    const run = await pull(["--project", "shop", "--environment", "production", "--dir", "shop-infra"]);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("wrote: ");
    expect(run.stdout).toContain("cd shop-infra && npm install && pulumi stack init production");
    const project = parse(readFileSync(join(folder, "Pulumi.yaml"), "utf8")) as Record<string, unknown>;
    expect(validateProject(project), JSON.stringify(validateProject.errors)).toBe(true);
    expect(project).toMatchObject({
      name: "shop",
      runtime: { name: "nodejs", options: { typescript: false } },
      main: "index.ts",
    });
    const pkg = JSON.parse(readFileSync(join(folder, "package.json"), "utf8")) as {
      type: string;
      dependencies: Record<string, string>;
    };
    expect(pkg.type).toBe("module");
    expect(Object.keys(pkg.dependencies).sort()).toEqual(["@pulumi/pulumi", "pulumi-railway-app"]);
    expect(readFileSync(join(folder, "index.ts"), "utf8")).toBe(
      readFileSync(join(programDir, "index.ts"), "utf8"),
    );

    // What `npm install` would give it: this checkout as the package.
    mkdirSync(join(folder, "node_modules"));
    symlinkSync(REPO, join(folder, "node_modules", "pulumi-railway-app"), "dir");
    const stack = new TestStack({
      project: "shop",
      stack: "production",
      programDir: folder,
      config: shopSecretConfig(run.stdout),
      env: railwayEnv(emulator),
    });
    const before = emulator.metrics();
    const up = await stack.up();
    expect(up.errors).toEqual([]);
    expect(delta(before, emulator.metrics()).writes).toEqual([]);

    // A second pull into that folder keeps what is there, before reading Railway.
    const again = await pull(["--project", "shop", "--environment", "production", "--dir", "shop-infra"]);
    expect(again.status).toBe(2);
    expect(again.stderr).toContain(
      "--dir shop-infra already has index.ts, Pulumi.yaml, package.json, which would be replaced",
    );
    const both = await pull([
      "--project",
      "shop",
      "--environment",
      "production",
      "--dir",
      "x",
      "--out",
      "y.ts",
    ]);
    expect(both.stderr).toContain("give --out FILE or --dir DIR, not both");
  }, 120_000);
});

describe("pull when Railway cannot be read", () => {
  it("exits 1 with Railway's words after its retries, and writes no file", async () => {
    emulator.faults.inject({
      field: "environment",
      kind: "graphqlError",
      message: "Problem processing request",
      times: 100,
    });
    try {
      const failed = await pull(["--project", "shop", "--environment", "production", "--out", "failed.ts"]);
      expect(failed.status).toBe(1);
      expect(failed.stderr).toMatch(
        /^pull: Railway EnvironmentSnapshot failed for environment \w+: Problem processing request .*Nothing was written to \S*failed\.ts\.\n$/,
      );
      expect(existsSync(join(programDir, "failed.ts"))).toBe(false);
    } finally {
      emulator.faults.clear();
    }
  }, 60_000);
});

describe("the policy pack on the pulled program", () => {
  it("passes: the worker and the API share their broker reference, and no credential is in plain text", async () => {
    const captured = capture(join(programDir, "index.ts"), {
      project: "shop",
      stack: "production",
      // The keys the program's header asks for.
      config: shopSecretConfig(readFileSync(join(programDir, "index.ts"), "utf8")),
    });
    expect(captured.error).toBeUndefined();
    expect(await validate(policyResources(captured))).toEqual([]);
  });
});

describe("up of the pulled program, everything adopted", () => {
  let stack: TestStack;
  let up: RunResult;
  let change: ReturnType<typeof delta>;
  let configBefore: Awaited<ReturnType<typeof liveConfig>>;

  beforeAll(async () => {
    stack = new TestStack({
      project: "shop",
      stack: "production",
      programDir,
      // The secrets, set the way the program's header says (by the keys pull chose).
      config: shopSecretConfig(readFileSync(join(programDir, "index.ts"), "utf8")),
      env: railwayEnv(emulator),
    });
    configBefore = await liveConfig(emulator, seeded.environmentId);
    const before = emulator.metrics();
    up = await stack.up();
    change = delta(before, emulator.metrics());
  }, 120_000);

  it("adopts the project, environment and three services: no create, setting, variable or domain write", () => {
    expect(up.errors).toEqual([]);
    expect(up.outputs.serviceIds).toEqual(seeded.serviceIds);
    expect(up.outputs.projectId).toBe(seeded.projectId);
    const mutations = Object.keys(change.byOperation).filter(
      (name) =>
        ![
          ...["Projects", "Project", "EnvironmentSnapshot", "Domains", "Deployments", "Deployment"],
          // The worker's running deployment, its Celery lines judged once.
          "DeploymentLogs",
        ].includes(name),
    );
    // Every mutation but a deployment: none. (Deployments are the next test.)
    expect(mutations.filter((name) => name !== "ServiceInstanceDeploy")).toEqual([]);
    expect(change.writes.filter((write) => write.field !== "serviceInstanceDeployV2")).toEqual([]);
  });

  it("verifies the running worker from its Celery lines, read once: its ready line is kept", () => {
    const worker = stack.state().resources.find((resource) => resource.name === "shop-worker-deployment");
    expect(worker?.outputs.readyLine).toMatch(/celery@\S+ ready\./);
    expect(change.byOperation.DeploymentLogs).toBe(1);
  });

  it("leaves the environment's config document exactly as it was", async () => {
    expect(await liveConfig(emulator, seeded.environmentId)).toEqual(configBefore);
  });

  // Each Deployment finds Railway already running its declaration and keeps the current deployment.
  it("writes nothing at all to Railway and deploys nothing (0 writes, 0 deployments)", () => {
    expect(change.deployments).toEqual([]);
    expect(change.writes).toEqual([]);
  });

  it("has converged: a second up sends no request and changes nothing", async () => {
    const before = emulator.metrics();
    const again = await stack.up();
    expect(again.errors).toEqual([]);
    expect(again.changes).toBe(0);
    expect(delta(before, emulator.metrics()).requests).toBe(0);
  });

  it("keeps the secrets out of the state file", () => {
    expectNoSecret(stack.stateText());
  });
});
