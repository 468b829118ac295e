import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../../emulator/index.ts";
import {
  createProject,
  createService,
  items,
  ok,
  type ProjectRef,
  start,
  text,
  updateInstance,
} from "./helpers.ts";

// EnvironmentConfig (docs/railway-api-notes.md): the config API and the object API are two views of one state.

let emulator: Emulator;
let ref: ProjectRef;
let api: string;
let worker: string;

const commit = (patch: Record<string, unknown>) =>
  ok(
    emulator,
    'mutation($e: String!, $p: EnvironmentConfig!) { environmentPatchCommit(environmentId: $e, patch: $p, commitMessage: "test") }',
    {
      e: ref.environmentId,
      p: patch,
    },
  );
const read = async (decrypt = true) =>
  (
    await ok(
      emulator,
      "query($e: String!, $d: Boolean) { environment(id: $e) { config(decryptVariables: $d) configEtag } }",
      { e: ref.environmentId, d: decrypt },
    )
  ).environment;

beforeAll(async () => {
  emulator = await start();
  ref = await createProject(emulator, "config");
  api = await createService(emulator, ref, { name: "api", repo: "acme/omnidoc" });
  worker = await createService(emulator, ref, { name: "worker" });
});
afterAll(() => emulator.close());

describe("environment.config", () => {
  it("materialises Railway's read-side defaults", async () => {
    const { config } = await read();
    const entry = config.services[api];
    expect(entry.source).toEqual({ repo: "acme/omnidoc", branch: "main" });
    expect(entry.build.builder).toBe("RAILPACK");
    expect(entry.deploy).toMatchObject({
      restartPolicyType: "ON_FAILURE",
      restartPolicyMaxRetries: 10,
      multiRegionConfig: { "us-west2": { numReplicas: 1 } },
    });
    expect(config.sharedVariables).toEqual({});
  });

  it("shows serviceInstanceUpdate writes in the config, and patch writes in the ServiceInstance", async () => {
    await updateInstance(emulator, api, ref.environmentId, {
      startCommand: "uvicorn src.main:app",
      numReplicas: 2,
    });
    expect((await read()).config.services[api].deploy).toMatchObject({
      startCommand: "uvicorn src.main:app",
      multiRegionConfig: { "us-west2": { numReplicas: 2 } },
    });
    await commit({
      services: {
        [api]: {
          build: { builder: "DOCKERFILE", dockerfilePath: "Dockerfile.api" },
          deploy: { healthcheckPath: "/health" },
        },
      },
    });
    const instance = await ok(
      emulator,
      `{ serviceInstance(serviceId: "${api}", environmentId: "${ref.environmentId}") { builder dockerfilePath healthcheckPath startCommand numReplicas } }`,
    );
    // The GraphQL Builder enum has no DOCKERFILE: the object API reports RAILPACK.
    expect(instance.serviceInstance).toEqual({
      builder: "RAILPACK",
      dockerfilePath: "Dockerfile.api",
      healthcheckPath: "/health",
      startCommand: "uvicorn src.main:app",
      numReplicas: 2,
    });
    expect((await read()).config.services[api].build.builder).toBe("DOCKERFILE");
  });

  it("masks variable values unless decrypted, and never returns sealed ones", async () => {
    await commit({
      services: { [worker]: { variables: { A: { value: "1" }, S: { value: "x", isSealed: true } } } },
      sharedVariables: { K: { value: "v" } },
    });
    const masked = (await read(false)).config;
    expect(masked.services[worker].variables).toEqual({ A: { value: "********" } });
    expect(masked.sharedVariables).toEqual({ K: { value: "********" } });
    expect((await read(true)).config.services[worker].variables).toEqual({ A: { value: "1" } });
  });

  it("deletes with null, changes configEtag on every commit, and not on a no-op", async () => {
    const before = (await read()).configEtag;
    await commit({ services: { [worker]: { variables: { A: null } } }, sharedVariables: { K: null } });
    const after = await read();
    expect(after.configEtag).not.toBe(before);
    expect(after.config.services[worker].variables).toEqual({});
    expect(after.config.sharedVariables).toEqual({});
    await commit({ services: { [worker]: { variables: { A: null } } } });
    expect((await read()).configEtag).toBe(after.configEtag);
  });

  it("isDeleted removes an instance, isCreated brings it back; no isCreated is an error", async () => {
    await commit({ services: { [worker]: { isDeleted: true } } });
    expect(Object.keys((await read()).config.services)).toEqual([api]);
    await expect(commit({ services: { [worker]: { deploy: { startCommand: "x" } } } })).rejects.toThrow(
      "set isCreated: true",
    );
    await commit({
      services: {
        [worker]: { isCreated: true, deploy: { startCommand: "celery -A src.tasks.celery_app worker" } },
      },
    });
    const instances = await ok(
      emulator,
      `{ environment(id: "${ref.environmentId}") { serviceInstances { edges { node { serviceName startCommand } } } } }`,
    );
    expect(items(instances.environment.serviceInstances.edges).map((e) => e.node)).toContainEqual({
      serviceName: "worker",
      startCommand: "celery -A src.tasks.celery_app worker",
    });
  });

  it("keeps committed patches as history", async () => {
    const id = text((await commit({ sharedVariables: { HISTORY: { value: "1" } } })).environmentPatchCommit);
    const patch = await ok(
      emulator,
      `{ environmentPatch(id: "${id}") { status message patch(decryptVariables: true) } }`,
    );
    expect(patch.environmentPatch).toEqual({
      status: "COMMITTED",
      message: "test",
      patch: { sharedVariables: { HISTORY: { value: "1" } } },
    });
    const list = await ok(
      emulator,
      `{ environmentPatches(environmentId: "${ref.environmentId}", first: 1) { edges { node { id } } } }`,
    );
    expect(items(list.environmentPatches.edges)[0]?.node.id).toBe(id);
  });
});

describe("service domains", () => {
  it("are applied immediately without a deploy, and appear in the config and RAILWAY_PUBLIC_DOMAIN", async () => {
    emulator.resetMetrics();
    const created = await ok(
      emulator,
      `mutation { serviceDomainCreate(input: { serviceId: "${api}", environmentId: "${ref.environmentId}", targetPort: 8080 }) { id domain targetPort syncStatus } }`,
    );
    const domain = created.serviceDomainCreate;
    expect(text(domain.domain)).toMatch(/^api-production-[0-9a-f]{4}\.up\.railway\.app$/);
    expect(domain.syncStatus).toBe("ACTIVE");
    expect((await read()).config.services[api].networking.serviceDomains).toEqual({
      [domain.domain]: { port: 8080 },
    });
    const listed = await ok(
      emulator,
      `{ domains(projectId: "${ref.projectId}", environmentId: "${ref.environmentId}", serviceId: "${api}") { serviceDomains { id domain targetPort } customDomains { id } } }`,
    );
    expect(listed.domains).toEqual({
      serviceDomains: [{ id: domain.id, domain: domain.domain, targetPort: 8080 }],
      customDomains: [],
    });
    const vars = await ok(
      emulator,
      `{ variables(projectId: "${ref.projectId}", environmentId: "${ref.environmentId}", serviceId: "${api}") }`,
    );
    expect(vars.variables.RAILWAY_PUBLIC_DOMAIN).toBe(domain.domain);

    const renamed = "omnidoc-api.up.railway.app";
    await ok(
      emulator,
      `mutation { serviceDomainUpdate(input: { serviceDomainId: "${domain.id}", serviceId: "${api}", environmentId: "${ref.environmentId}", domain: "${renamed}", targetPort: 8000 }) }`,
    );
    expect((await read()).config.services[api].networking.serviceDomains).toEqual({
      [renamed]: { port: 8000 },
    });
    await ok(emulator, `mutation { serviceDomainDelete(id: "${domain.id}") }`);
    expect((await read()).config.services[api].networking.serviceDomains).toEqual({});
    expect(emulator.metrics().deployments).toHaveLength(0);
  });
});
