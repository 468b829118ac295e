import { afterAll, beforeEach, describe, expect, it } from "vitest";
import type { Emulator } from "../../emulator/index.ts";
import {
  createProject,
  createService,
  deploymentStatus,
  deploysByService,
  items,
  ok,
  type ProjectRef,
  start,
  text,
  updateInstance,
} from "./helpers.ts";

// What triggers a deploy (docs/railway-api-notes.md, "Staged changes and commits"), counted exactly through the metrics.

let emulator: Emulator;
let ref: ProjectRef;

beforeEach(async () => {
  await emulator?.close();
  emulator = await start();
  ref = await createProject(emulator, "deploys");
});
afterAll(() => emulator.close());

const commit = (patch: Record<string, unknown>) =>
  ok(
    emulator,
    "mutation($e: String!, $p: EnvironmentConfig!) { environmentPatchCommit(environmentId: $e, patch: $p) }",
    {
      e: ref.environmentId,
      p: patch,
    },
  );

const upsert = (serviceId: string | null, name: string, value: string, skipDeploys?: boolean) =>
  ok(emulator, "mutation($i: VariableUpsertInput!) { variableUpsert(input: $i) }", {
    i: { projectId: ref.projectId, environmentId: ref.environmentId, serviceId, name, value, skipDeploys },
  });

describe("serviceCreate", () => {
  it("with a source deploys right away; without one nothing deploys", async () => {
    await createService(emulator, ref, { name: "api", repo: "acme/omnidoc" });
    await createService(emulator, ref, { name: "worker" });
    expect(deploysByService(emulator)).toEqual({ "production/api": 1 });
    expect(emulator.metrics().deployments[0]?.cause).toBe("serviceCreate");
  });

  it("puts the instance in every non-fork environment, variables only in the named one", async () => {
    const staging = await ok(
      emulator,
      `mutation { environmentCreate(input: { projectId: "${ref.projectId}", name: "staging" }) { id } }`,
    );
    const stagingId = text(staging.environmentCreate.id);
    emulator.resetMetrics();
    const api = await createService(emulator, ref, { name: "api", variables: { A: "1" } });
    const writes = emulator.metrics().writesByEnvironment;
    expect(writes).toEqual({ [ref.environmentId]: 1, [stagingId]: 1 });
    const vars = await ok(
      emulator,
      `{ variables(projectId: "${ref.projectId}", environmentId: "${stagingId}", serviceId: "${api}", unrendered: true) }`,
    );
    expect(vars.variables).toEqual({});
  });
});

describe("variable writes", () => {
  it("deploy the service unless skipDeploys", async () => {
    const api = await createService(emulator, ref, { name: "api", repo: "acme/omnidoc" });
    emulator.resetMetrics();
    await upsert(api, "A", "1");
    expect(deploysByService(emulator)).toEqual({ "production/api": 1 });
    await upsert(api, "B", "2", true);
    await ok(
      emulator,
      "mutation($i: VariableCollectionUpsertInput!) { variableCollectionUpsert(input: $i) }",
      {
        i: {
          projectId: ref.projectId,
          environmentId: ref.environmentId,
          serviceId: api,
          variables: { C: "3", D: "4" },
          skipDeploys: true,
        },
      },
    );
    expect(deploysByService(emulator)).toEqual({ "production/api": 1 });
    // variableDelete has no skipDeploys: it always deploys.
    await ok(
      emulator,
      `mutation { variableDelete(input: { projectId: "${ref.projectId}", environmentId: "${ref.environmentId}", serviceId: "${api}", name: "C" }) }`,
    );
    expect(deploysByService(emulator)).toEqual({ "production/api": 2 });
  });

  it("a shared variable deploys only the services that reference it", async () => {
    const api = await createService(emulator, ref, {
      name: "api",
      repo: "acme/omnidoc",
      variables: { KEY: "${{shared.KEY}}" },
    });
    await createService(emulator, ref, {
      name: "worker",
      repo: "acme/omnidoc",
      variables: { OTHER: "${{shared.OTHER}}" },
    });
    emulator.resetMetrics();
    await upsert(null, "KEY", "v1");
    expect(deploysByService(emulator)).toEqual({ "production/api": 1 });
    expect(emulator.metrics().deployments[0]?.serviceId).toBe(api);
  });

  it("an unchanged value deploys nothing", async () => {
    const api = await createService(emulator, ref, {
      name: "api",
      repo: "acme/omnidoc",
      variables: { A: "1" },
    });
    emulator.resetMetrics();
    await upsert(api, "A", "1");
    expect(emulator.metrics().deployments).toHaveLength(0);
  });
});

describe("environmentPatchCommit", () => {
  it("deploys the affected services as one batch, referenced service first", async () => {
    const worker = await createService(emulator, ref, { name: "worker", repo: "acme/omnidoc" });
    const redis = await createService(emulator, ref, { name: "Redis", image: "redis:7" });
    const idle = await createService(emulator, ref, { name: "idle", repo: "acme/omnidoc" });
    emulator.resetMetrics();
    await commit({
      services: {
        [worker]: { variables: { REDIS_URL: { value: "redis://${{Redis.RAILWAY_PRIVATE_DOMAIN}}:6379" } } },
        [redis]: { deploy: { startCommand: "redis-server --port 6379" } },
      },
    });
    const batch = emulator.metrics().deployments;
    expect(batch.map((d) => d.serviceName)).toEqual(["Redis", "worker"]);
    expect(batch.every((d) => d.cause === "environmentPatchCommit")).toBe(true);
    expect(batch.map((d) => d.serviceId)).not.toContain(idle);
    // The referrer waits for what it references: Redis is up while the worker still builds.
    emulator.clock.advance(33_000);
    const [redisDeploy, workerDeploy] = batch;
    expect(await deploymentStatus(emulator, redisDeploy?.id ?? "")).toBe("SUCCESS");
    expect(["QUEUED", "BUILDING"]).toContain(await deploymentStatus(emulator, workerDeploy?.id ?? ""));
  });

  it("redeploys services that reference a changed variable of another service", async () => {
    const redis = await createService(emulator, ref, {
      name: "Redis",
      image: "redis:7",
      variables: { REDIS_PASSWORD: "a" },
    });
    await createService(emulator, ref, {
      name: "worker",
      repo: "acme/omnidoc",
      variables: { P: "${{Redis.REDIS_PASSWORD}}" },
    });
    emulator.resetMetrics();
    await commit({ services: { [redis]: { variables: { REDIS_PASSWORD: { value: "b" } } } } });
    expect(deploysByService(emulator)).toEqual({ "production/Redis": 1, "production/worker": 1 });
  });

  it("a patch that changes nothing deploys nothing; only instances with a source deploy", async () => {
    const api = await createService(emulator, ref, {
      name: "api",
      repo: "acme/omnidoc",
      variables: { A: "1" },
    });
    const bare = await createService(emulator, ref, { name: "bare" });
    emulator.resetMetrics();
    await commit({ services: { [api]: { variables: { A: { value: "1" } } } } });
    await commit({ services: { [bare]: { deploy: { startCommand: "sleep 1" } } } });
    expect(emulator.metrics().deployments).toHaveLength(0);
  });

  it("rejects an unknown service id", async () => {
    await expect(
      commit({ services: { "00000000-0000-4000-8000-000000000000": { deploy: {} } } }),
    ).rejects.toThrow("Service not found");
  });
});

describe("staged changes", () => {
  it("stage, merge, commit with skipDeploys: nothing deploys; a later staged commit deploys", async () => {
    const api = await createService(emulator, ref, { name: "api", repo: "acme/omnidoc" });
    emulator.resetMetrics();
    const stage = (input: Record<string, unknown>) =>
      ok(
        emulator,
        "mutation($e: String!, $i: EnvironmentConfig!) { environmentStageChanges(environmentId: $e, input: $i, merge: true) { id status } }",
        {
          e: ref.environmentId,
          i: input,
        },
      );
    const first = await stage({ services: { [api]: { deploy: { startCommand: "uvicorn src.main:app" } } } });
    expect(first.environmentStageChanges.status).toBe("STAGED");
    await stage({ services: { [api]: { variables: { A: { value: "1" } } } } });
    const env = await ok(
      emulator,
      `{ environment(id: "${ref.environmentId}") { unmergedChangesCount } environmentStagedChanges(environmentId: "${ref.environmentId}") { patch } }`,
    );
    expect(env.environment.unmergedChangesCount).toBe(2);
    expect(env.environmentStagedChanges.patch).toEqual({
      services: {
        [api]: { deploy: { startCommand: "uvicorn src.main:app" }, variables: { A: { value: "********" } } },
      },
    });
    await ok(
      emulator,
      `mutation { environmentPatchCommitStaged(environmentId: "${ref.environmentId}", skipDeploys: true) }`,
    );
    expect(emulator.metrics().deployments).toHaveLength(0);
    const after = await ok(
      emulator,
      `{ environment(id: "${ref.environmentId}") { unmergedChangesCount config(decryptVariables: true) } }`,
    );
    expect(after.environment.unmergedChangesCount).toBe(0);
    expect(after.environment.config.services[api]?.deploy.startCommand).toBe("uvicorn src.main:app");
    await stage({ services: { [api]: { variables: { A: { value: "2" } } } } });
    await ok(emulator, `mutation { environmentPatchCommitStaged(environmentId: "${ref.environmentId}") }`);
    expect(deploysByService(emulator)).toEqual({ "production/api": 1 });
  });
});

describe("serviceInstanceUpdate", () => {
  it("does not deploy, and with environmentId null changes every environment", async () => {
    const api = await createService(emulator, ref, { name: "api", repo: "acme/omnidoc" });
    const staging = await ok(
      emulator,
      `mutation { environmentCreate(input: { projectId: "${ref.projectId}", name: "staging", sourceEnvironmentId: "${ref.environmentId}", skipInitialDeploys: true }) { id } }`,
    );
    const stagingId = text(staging.environmentCreate.id);
    emulator.resetMetrics();
    await updateInstance(emulator, api, null, { startCommand: "celery -A src.tasks.celery_app worker" });
    expect(emulator.metrics().deployments).toHaveLength(0);
    for (const environmentId of [ref.environmentId, stagingId]) {
      const data = await ok(
        emulator,
        `{ serviceInstance(serviceId: "${api}", environmentId: "${environmentId}") { startCommand } }`,
      );
      expect(data.serviceInstance.startCommand).toBe("celery -A src.tasks.celery_app worker");
    }
    await updateInstance(emulator, api, stagingId, { startCommand: "only-staging" });
    const prod = await ok(
      emulator,
      `{ serviceInstance(serviceId: "${api}", environmentId: "${ref.environmentId}") { startCommand } }`,
    );
    expect(prod.serviceInstance.startCommand).toBe("celery -A src.tasks.celery_app worker");
  });

  it("resets numReplicas to 1 when the field is omitted", async () => {
    const api = await createService(emulator, ref, { name: "api" });
    await updateInstance(emulator, api, ref.environmentId, { numReplicas: 3 });
    const read = async () =>
      (
        await ok(
          emulator,
          `{ serviceInstance(serviceId: "${api}", environmentId: "${ref.environmentId}") { numReplicas healthcheckPath } }`,
        )
      ).serviceInstance;
    expect((await read()).numReplicas).toBe(3);
    await updateInstance(emulator, api, ref.environmentId, { healthcheckPath: "/health" });
    expect(await read()).toEqual({ numReplicas: 1, healthcheckPath: "/health" });
  });

  it("accepts every field of ServiceInstanceUpdateInput and reads them back", async () => {
    const api = await createService(emulator, ref, { name: "api" });
    await updateInstance(emulator, api, ref.environmentId, {
      buildCommand: "make",
      builder: "NIXPACKS",
      cronSchedule: "*/5 * * * *",
      dockerfilePath: "docker/Dockerfile",
      drainingSeconds: 5,
      healthcheckPath: "/health",
      healthcheckTimeout: 60,
      ipv6EgressEnabled: true,
      multiRegionConfig: { "us-east4-eqdc4a": { numReplicas: 2 } },
      nixpacksPlan: { phases: {} },
      numReplicas: 2,
      overlapSeconds: 3,
      preDeployCommand: ["python manage.py migrate"],
      preDeployTimeoutSeconds: 120,
      railwayConfigFile: "railway.json",
      registryCredentials: { username: "u", password: "p" },
      restartPolicyMaxRetries: 3,
      restartPolicyType: "ALWAYS",
      rootDirectory: "/backend",
      sleepApplication: false,
      source: { repo: "acme/omnidoc" },
      startCommand: "uvicorn src.main:app",
      watchPatterns: ["/backend/**"],
    });
    const data = await ok(
      emulator,
      `{ serviceInstance(serviceId: "${api}", environmentId: "${ref.environmentId}") { buildCommand builder cronSchedule dockerfilePath drainingSeconds
        healthcheckPath healthcheckTimeout ipv6EgressEnabled numReplicas overlapSeconds preDeployCommand preDeployTimeoutSeconds railwayConfigFile region
        restartPolicyMaxRetries restartPolicyType rootDirectory sleepApplication source { repo image } startCommand watchPatterns } }`,
    );
    expect(data.serviceInstance).toEqual({
      buildCommand: "make",
      builder: "NIXPACKS",
      cronSchedule: "*/5 * * * *",
      dockerfilePath: "docker/Dockerfile",
      drainingSeconds: 5,
      healthcheckPath: "/health",
      healthcheckTimeout: 60,
      ipv6EgressEnabled: true,
      numReplicas: 2,
      overlapSeconds: 3,
      preDeployCommand: ["python manage.py migrate"],
      preDeployTimeoutSeconds: 120,
      railwayConfigFile: "railway.json",
      region: "us-east4-eqdc4a",
      restartPolicyMaxRetries: 3,
      restartPolicyType: "ALWAYS",
      rootDirectory: "/backend",
      sleepApplication: false,
      source: { repo: "acme/omnidoc", image: null },
      startCommand: "uvicorn src.main:app",
      watchPatterns: ["/backend/**"],
    });
    const config = await ok(emulator, `{ environment(id: "${ref.environmentId}") { config } }`);
    expect(config.environment.config.services[api]?.deploy.registryCredentials).toEqual({
      username: "u",
      password: "*****",
    });
    expect(emulator.metrics().deployments).toHaveLength(0);
  });
});

describe("serviceConnect", () => {
  it("sets the source on every instance and deploys each", async () => {
    const api = await createService(emulator, ref, { name: "api" });
    await ok(
      emulator,
      `mutation { environmentCreate(input: { projectId: "${ref.projectId}", name: "staging", sourceEnvironmentId: "${ref.environmentId}" }) { id } }`,
    );
    emulator.resetMetrics();
    await ok(
      emulator,
      `mutation { serviceConnect(id: "${api}", input: { repo: "acme/omnidoc", branch: "develop" }) { id } }`,
    );
    expect(deploysByService(emulator)).toEqual({ "production/api": 1, "staging/api": 1 });
    const triggers = await ok(
      emulator,
      `{ environment(id: "${ref.environmentId}") { deploymentTriggers { edges { node { branch repository provider serviceId } } } } }`,
    );
    expect(items(triggers.environment.deploymentTriggers.edges).map((e) => e.node)).toEqual([
      { branch: "develop", repository: "acme/omnidoc", provider: "github", serviceId: api },
    ]);
  });

  it("refuses a private repo the GitHub app cannot see", async () => {
    emulator.seed.repo("acme/secret", { private: true });
    const api = await createService(emulator, ref, { name: "api" });
    await expect(
      ok(emulator, `mutation { serviceConnect(id: "${api}", input: { repo: "acme/secret" }) { id } }`),
    ).rejects.toThrow("User does not have access to the repo");
  });
});
