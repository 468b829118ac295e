/**
 * The promises of the providers and components, through the engine-faithful harness (the real Pulumi
 * dynamic-provider host) against the Railway emulator, with exact request and deploy counts.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../emulator/index.ts";
import type { TestStack } from "../engine/driver.ts";
import { stepsWith } from "../engine/driver.ts";
import {
  delta,
  idsOf,
  liveConfig,
  productionConfig,
  productionStack,
  SECRETS,
  type StackIds,
  writtenEnvironments,
} from "./support.ts";

let emulator: Emulator;
let stack: TestStack;
let ids: StackIds;

beforeAll(async () => {
  emulator = await startEmulator();
  stack = productionStack(emulator);
});
afterAll(async () => {
  await emulator?.close();
});

describe("the omnidoc stack in production", () => {
  it("previews the whole stack without a single request to Railway", async () => {
    const before = emulator.metrics();
    const preview = await stack.preview();
    expect(preview.errors).toEqual([]);
    expect(stepsWith(preview, "create")).toHaveLength(16);
    expect(delta(before, emulator.metrics()).requests).toBe(0);
  });

  it("first up: one commit writes every service's settings and variables, then each deploys once", async () => {
    const before = emulator.metrics();
    const up = await stack.up();
    expect(up.errors).toEqual([]);
    ids = idsOf(up.outputs);
    const change = delta(before, emulator.metrics());
    expect(change.deployments).toEqual([
      "production/Redis",
      "production/omnidoc-backend",
      "production/omnidoc-celery-worker",
    ]);
    // The environment's settings, variables and shared variables in one staged patch and one commit, which
    // started every deployment: nothing was written or deployed per service.
    const fields = change.writes.map((write) => write.field);
    expect(fields.filter((field) => field === "environmentStageChanges")).toHaveLength(1);
    expect(fields.filter((field) => field === "environmentPatchCommitStaged")).toHaveLength(1);
    expect(fields).not.toContain("variableCollectionUpsert");
    expect(fields).not.toContain("serviceInstanceDeployV2");
    expect(writtenEnvironments(change.writes)).toEqual([ids.environmentId]);
    // The request budget of a first up with 3 services (see the note): Project lookup and create, the
    // environment read, 3 service creates, one environment read + stage + commit + read back, the API's
    // domain; then one poll per tick for the whole environment, and the worker's logs.
    expect(change.byOperation).toMatchObject({
      ProjectCreate: 1,
      ServiceCreate: 3,
      EnvironmentSnapshot: 1,
      EnvironmentStageChanges: 1,
      EnvironmentPatchCommitStaged: 1,
      ServiceDomainCreate: 1,
    });
    expect(change.byOperation.VariableCollectionUpsert).toBeUndefined();
    expect(change.byOperation.ServiceInstanceDeploy).toBeUndefined();
    expect(change.byOperation.Deployment ?? 0).toBe(0);
  });

  it("declares the scenario: same repo and Dockerfile, the worker's start command, one set of variables", async () => {
    const config = await liveConfig(emulator, ids.environmentId);
    const api = config.services[ids.serviceIds["omnidoc-backend"] ?? ""];
    const worker = config.services[ids.serviceIds["omnidoc-celery-worker"] ?? ""];
    for (const service of [api, worker]) {
      expect(service?.source).toMatchObject({ repo: "omnidoc-app/omnidoc", branch: "main" });
      // The declared root "/" is Railway's default, so it is not written (and reads back as the same thing).
      expect(service?.source?.rootDirectory ?? "/").toBe("/");
      expect(service?.build).toMatchObject({ builder: "DOCKERFILE" });
      // "Dockerfile" at the root is what Railway uses by default, so it is not written either.
      expect(service?.build?.dockerfilePath ?? "Dockerfile").toBe("Dockerfile");
      expect(service?.variables).toEqual({
        DATABASE_URL: { value: "${{shared.DATABASE_URL}}" },
        GEMINI_API_KEY: { value: "${{shared.GEMINI_API_KEY}}" },
        LLM_PROVIDER: { value: "${{shared.LLM_PROVIDER}}" },
        LOG_FORMAT: { value: "${{shared.LOG_FORMAT}}" },
        LOG_LEVEL: { value: "${{shared.LOG_LEVEL}}" },
        REDIS_URL: { value: "${{Redis.REDIS_URL}}" },
      });
    }
    expect(worker?.deploy?.startCommand).toBe(
      "celery -A src.tasks.celery_app worker --loglevel=info --concurrency=1",
    );
    // Declared, but equal to Railway's defaults: never sleeps, no healthcheck.
    expect(worker?.deploy?.sleepApplication ?? false).toBe(false);
    expect(worker?.deploy?.healthcheckPath).toBeUndefined();
    expect(api?.deploy).toMatchObject({ healthcheckPath: "/health" });
    expect(config.sharedVariables).toEqual({
      DATABASE_URL: { value: SECRETS.databaseUrl },
      GEMINI_API_KEY: { value: SECRETS.geminiApiKey },
      LLM_PROVIDER: { value: "gemini" },
      LOG_FORMAT: { value: "json" },
      LOG_LEVEL: { value: "INFO" },
    });
  });

  it("a second identical up: 0 changes, 0 writes, 0 deployments", async () => {
    const before = emulator.metrics();
    const up = await stack.up();
    expect(up.errors).toEqual([]);
    expect(up.changes).toBe(0);
    const change = delta(before, emulator.metrics());
    expect(change.writes).toEqual([]);
    expect(change.deployments).toEqual([]);
    expect(change.requests).toBe(0);
  });

  it("refresh reads the whole stack in two requests (one project read, one environment read) and finds nothing", async () => {
    const before = emulator.metrics();
    const refresh = await stack.refresh();
    expect(refresh.errors).toEqual([]);
    expect(refresh.changes).toBe(0);
    expect(delta(before, emulator.metrics()).byOperation).toEqual({ Project: 1, EnvironmentSnapshot: 1 });
    const preview = await stack.preview({ refresh: true });
    expect(preview.changes).toBe(0);
  });

  it("one shared variable changed: exactly one deployment per service that references it", async () => {
    stack.setConfig({ logLevel: "DEBUG" });
    const before = emulator.metrics();
    const up = await stack.up();
    expect(up.errors).toEqual([]);
    const change = delta(before, emulator.metrics());
    expect(change.deployments).toEqual(["production/omnidoc-backend", "production/omnidoc-celery-worker"]);
    // One commit of the shared value; Railway deploys the services that reference it.
    expect(change.writes.map((write) => write.field)).toEqual([
      "environmentStageChanges",
      "environmentPatchCommitStaged",
    ]);
    expect((await liveConfig(emulator, ids.environmentId)).sharedVariables.LOG_LEVEL).toEqual({
      value: "DEBUG",
    });
  });

  it("the worker's start command changed: one deployment, worker only", async () => {
    stack.setConfig({ workerConcurrency: "2" });
    const before = emulator.metrics();
    const up = await stack.up();
    expect(up.errors).toEqual([]);
    const change = delta(before, emulator.metrics());
    expect(change.deployments).toEqual(["production/omnidoc-celery-worker"]);
    const worker = (await liveConfig(emulator, ids.environmentId)).services[
      ids.serviceIds["omnidoc-celery-worker"] ?? ""
    ];
    expect(worker?.deploy?.startCommand).toBe(
      "celery -A src.tasks.celery_app worker --loglevel=info --concurrency=2",
    );
    expect(writtenEnvironments(change.writes)).toEqual([ids.environmentId]);
  });

  it("keeps every secret out of the state file and the stack outputs", async () => {
    const text = stack.stateText();
    for (const secret of [...Object.values(SECRETS), emulator.defaults.accountToken]) {
      expect(text).not.toContain(secret);
    }
    const state = stack.state();
    const variables = state.resources.find((resource) => resource.name === "omnidoc-celery-worker-variables");
    // Variable values are secrets in the state (encrypted in the file): outputs and inputs alike.
    expect(JSON.stringify(variables?.outputs.variables)).toContain("1b47061264138c4ac30d75fd1eb44270");
    expect(JSON.stringify(variables?.inputs.variables)).toContain("1b47061264138c4ac30d75fd1eb44270");
    expect(JSON.stringify(state.outputs)).not.toContain(SECRETS.geminiApiKey);
    expect(state.outputs.variableNames).toMatchObject({
      "omnidoc-celery-worker": [
        "DATABASE_URL",
        "GEMINI_API_KEY",
        "LLM_PROVIDER",
        "LOG_FORMAT",
        "LOG_LEVEL",
        "REDIS_URL",
      ],
    });
  });

  it("destroy removes what the stack created, deploying nothing, and a second destroy succeeds", async () => {
    const before = emulator.metrics();
    const destroy = await stack.destroy();
    expect(destroy.errors).toEqual([]);
    expect(delta(before, emulator.metrics()).deployments).toEqual([]);
    const projects = (await emulator.dashboard("query { projects { edges { node { id } } } }", {})) as {
      data: { projects: { edges: unknown[] } };
    };
    expect(projects.data.projects.edges).toHaveLength(0);
    const again = await stack.destroy();
    expect(again.errors).toEqual([]);
    expect(again.changes).toBe(0);
  });
});

describe("stack config errors", () => {
  it("reach nothing: an invalid config fails before any request", async () => {
    const before = emulator.metrics();
    const bad = productionStack(emulator, { config: productionConfig({ workerConcurrency: "0" }) });
    const up = await bad.up();
    expect(up.ok).toBe(false);
    expect(up.errors.join("\n")).toContain("omnidoc:workerConcurrency must be a whole number from 1 to 256");
    expect(delta(before, emulator.metrics()).requests).toBe(0);
  });
});
