/**
 * The package as another team uses it: packed with `npm pack`, installed into examples/acme-shop (its own
 * Pulumi project) from the tarball, and brought up through the engine harness against the emulator. The
 * program, its SDK and the providers all come from the example's own node_modules; the providers are
 * found through the installed package, never through this checkout's sources.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../emulator/index.ts";
import { stepsWith, TestStack } from "../engine/driver.ts";
import { dashboard, delta, railwayEnv } from "../scenarios/support.ts";

const REPO = resolve(import.meta.dirname, "../..");
const EXAMPLE = join(REPO, "examples/acme-shop");
const SECRETS = { redisPassword: "acme-redis-password-5e6f7a8b", stripeSecretKey: "sk_test_acme_9c0d1e2f" };

let emulator: Emulator;
let stack: TestStack;
let tarballFiles: string[];

beforeAll(async () => {
  const packed = JSON.parse(
    execFileSync(process.execPath, [join(REPO, "scripts/pack.ts"), "--json"], {
      cwd: REPO,
      encoding: "utf8",
    }),
  ) as { files: string[] };
  tarballFiles = packed.files;
  // A clean install from the tarball, as `npm install` in a fresh clone of the example would do.
  rmSync(join(EXAMPLE, "node_modules"), { recursive: true, force: true });
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--no-package-lock", "--prefer-offline"], {
    cwd: EXAMPLE,
    stdio: "ignore",
  });
  emulator = await startEmulator();
  emulator.seed.repo("acme/shop", { defaultBranch: "main", servesPaths: ["/health", "/"] });
  stack = new TestStack({
    project: "acme-shop",
    stack: "dev",
    programDir: EXAMPLE,
    config: {
      projectName: "acme-shop",
      repo: "acme/shop",
      redisPassword: { value: SECRETS.redisPassword, secret: true },
      stripeSecretKey: { value: SECRETS.stripeSecretKey, secret: true },
    },
    env: railwayEnv(emulator),
  });
}, 240_000);
afterAll(async () => {
  await emulator?.close();
});

describe("the package, installed from its tarball by another project", () => {
  it("packs the components as JavaScript with declarations, and no tests, emulator or fixtures", () => {
    expect(tarballFiles).toContain("dist/index.js");
    expect(tarballFiles).toContain("dist/index.d.ts");
    expect(tarballFiles).toContain("dist/providers/host.js");
    expect(tarballFiles).toContain("LICENSE");
    for (const file of tarballFiles)
      expect(file).toMatch(/^(dist\/.*\.(js|d\.ts)|README\.md|LICENSE|package\.json)$/);
    const installed = join(EXAMPLE, "node_modules/pulumi-railway-app");
    expect(existsSync(join(installed, "dist/index.js"))).toBe(true);
    expect(existsSync(join(installed, "components"))).toBe(false);
  });

  it("first up: three services, each deployed once, the worker verified from its own log lines", async () => {
    const before = emulator.metrics();
    const up = await stack.up();
    expect(up.errors).toEqual([]);
    const change = delta(before, emulator.metrics());
    expect(change.deployments).toEqual([
      "production/Redis",
      "production/orders-worker",
      "production/storefront",
    ]);
    const worker = up.steps.find((step) => step.name === "orders-worker-deployment");
    expect(worker?.op).toBe("create");
    const state = stack.state().resources.find((resource) => resource.name === "orders-worker-deployment");
    expect(String(state?.outputs.readyLine)).toContain('worker: ready, consuming queue "orders"');
    expect(up.outputs.storefrontUrl).toMatch(/^https:\/\/.+\.up\.railway\.app$/);
  });

  it("a second up sends no request and changes nothing", async () => {
    const before = emulator.metrics();
    const again = await stack.up();
    expect(again.errors).toEqual([]);
    expect(again.changes).toBe(0);
    expect(delta(before, emulator.metrics()).requests).toBe(0);
  });

  it("the state names no path of this machine and holds no secret", () => {
    const text = stack.stateText();
    expect(text).not.toContain(REPO);
    expect(text).not.toContain(EXAMPLE);
    for (const value of Object.values(SECRETS)) expect(text).not.toContain(value);
    // Every provider is loaded through the installed package, by its name and entry point.
    expect(text).toContain('PACKAGE_NAME: \\"pulumi-railway-app\\"');
    expect(text).toContain("/provider-host");
  });

  it("a dashboard edit of the worker's REDIS_URL is seen by refresh and repaired by the next up", async () => {
    const ids = stack.state().outputs.serviceIds as Record<string, string>;
    const environmentId = stack.state().outputs.environmentId as string;
    await dashboard(
      emulator,
      "mutation($input: VariableCollectionUpsertInput!) { variableCollectionUpsert(input: $input) }",
      {
        input: {
          projectId: stack.state().outputs.projectId,
          environmentId,
          serviceId: ids["orders-worker"],
          variables: { REDIS_URL: "redis://default:x@cache.example.com:6379" },
          skipDeploys: true,
        },
      },
    );
    emulator.seed.externalRedis("cache.example.com", { tls: false });
    const before = emulator.metrics();
    const repaired = await stack.up({ refresh: true });
    expect(repaired.errors).toEqual([]);
    expect(stepsWith(repaired, "refresh-update")).toContain("orders-worker-variables");
    expect(stepsWith(repaired, "update")).toContain("orders-worker-variables");
    expect(delta(before, emulator.metrics()).deployments).toEqual(["production/orders-worker"]);
  });

  it("destroy removes what it created, deploying nothing, and a second destroy sends nothing", async () => {
    const projectId = stack.state().outputs.projectId as string;
    const before = emulator.metrics();
    const destroyed = await stack.destroy();
    expect(destroyed.errors).toEqual([]);
    // The shared set's removal is committed without deploys: every service using it is deleted next.
    const change = delta(before, emulator.metrics());
    expect(change.deployments).toEqual([]);
    expect(change.byOperation).toEqual({
      EnvironmentSnapshot: 1,
      EnvironmentStageChanges: 1,
      EnvironmentPatchCommitStaged: 1,
      ServiceDomainDelete: 1,
      ServiceDelete: 3,
      ProjectDelete: 1,
    });
    expect(stack.state().resources).toEqual([]);
    const projects = (await dashboard(emulator, "query { projects { edges { node { id } } } }")) as {
      projects: { edges: Array<{ node: { id: string } }> };
    };
    expect(projects.projects.edges.map((edge) => edge.node.id)).not.toContain(projectId);
    const quiet = emulator.metrics();
    const again = await stack.destroy();
    expect(again.errors).toEqual([]);
    expect(delta(quiet, emulator.metrics()).requests).toBe(0);
    expect(readFileSync(stack.statePath, "utf8")).not.toContain(REPO);
  });
});
