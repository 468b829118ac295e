import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../../emulator/index.ts";
import { createProject, createService, ok, type ProjectRef, start } from "./helpers.ts";

let emulator: Emulator;
let ref: ProjectRef;
let redis: string;
let api: string;

const variables = async (serviceId: string | null, unrendered = false) =>
  (
    await ok(
      emulator,
      "query($p: String!, $e: String!, $s: String, $u: Boolean) { variables(projectId: $p, environmentId: $e, serviceId: $s, unrendered: $u) }",
      {
        p: ref.projectId,
        e: ref.environmentId,
        s: serviceId,
        u: unrendered,
      },
    )
  ).variables;

beforeAll(async () => {
  emulator = await start();
  ref = await createProject(emulator, "refs");
  redis = await createService(emulator, ref, { name: "Redis", variables: { REDIS_PASSWORD: "s3cret" } });
  api = await createService(emulator, ref, { name: "api" });
  await ok(
    emulator,
    "mutation($e: String!, $p: EnvironmentConfig!) { environmentPatchCommit(environmentId: $e, patch: $p) }",
    {
      e: ref.environmentId,
      p: {
        sharedVariables: {
          LOG_LEVEL: { value: "INFO" },
          DB_VIA_SHARED: { value: "${{Redis.REDIS_PASSWORD}}" },
        },
        services: {
          [redis]: {
            variables: {
              REDIS_URL: { value: "redis://default:${{REDIS_PASSWORD}}@${{RAILWAY_PRIVATE_DOMAIN}}:6379" },
            },
          },
          [api]: {
            variables: {
              REDIS_URL: { value: "${{ Redis.REDIS_URL }}" },
              LOG_LEVEL: { value: "${{shared.LOG_LEVEL}}" },
              WHERE: { value: "${{RAILWAY_ENVIRONMENT_NAME}}/${{RAILWAY_SERVICE_NAME}}" },
              SELF: { value: "level=${{LOG_LEVEL}}" },
              MISSING: { value: "[${{Nope.X}}][${{shared.NOPE}}][${{redis.REDIS_URL}}]" },
              VIA_SHARED: { value: "${{shared.DB_VIA_SHARED}}" },
              TOKEN: { value: "t", isSealed: true },
            },
          },
        },
      },
    },
  );
});
afterAll(() => emulator.close());

describe("reference variables", () => {
  it("stores values unrendered", async () => {
    const raw = await variables(api, true);
    expect(raw.REDIS_URL).toBe("${{ Redis.REDIS_URL }}");
    expect(raw.TOKEN).toBeUndefined();
  });

  it("renders service, shared, same-service and RAILWAY_* references", async () => {
    const rendered = await variables(api);
    expect(rendered.REDIS_URL).toBe("redis://default:s3cret@redis.railway.internal:6379");
    expect(rendered.LOG_LEVEL).toBe("INFO");
    expect(rendered.SELF).toBe("level=INFO");
    expect(rendered.WHERE).toBe("production/api");
    expect(rendered.RAILWAY_PRIVATE_DOMAIN).toBe("api.railway.internal");
    expect(rendered.RAILWAY_PROJECT_ID).toBe(ref.projectId);
    expect(rendered.RAILWAY_ENVIRONMENT_ID).toBe(ref.environmentId);
    expect(rendered.RAILWAY_SERVICE_ID).toBe(api);
    expect(rendered.RAILWAY_PUBLIC_DOMAIN).toBeUndefined();
  });

  it("renders anything unresolvable as empty: unknown service, unknown key, wrong-case name", async () => {
    expect((await variables(api)).MISSING).toBe("[][][]");
  });

  it("renders a shared variable that references a service as empty", async () => {
    expect((await variables(api)).VIA_SHARED).toBe("");
    expect((await variables(null)).DB_VIA_SHARED).toBe("");
  });

  it("gives a deployment only references to shared variables, never the shared set itself", async () => {
    const data = await ok(
      emulator,
      "query($p: String!, $e: String!, $s: String!) { variablesForServiceDeployment(projectId: $p, environmentId: $e, serviceId: $s) }",
      {
        p: ref.projectId,
        e: ref.environmentId,
        s: redis,
      },
    );
    const set = data.variablesForServiceDeployment;
    expect(set.REDIS_URL).toBe("redis://default:s3cret@redis.railway.internal:6379");
    expect(set.RAILWAY_SERVICE_NAME).toBe("Redis");
    expect(set.LOG_LEVEL).toBeUndefined();
  });

  it("adds RAILWAY_PUBLIC_DOMAIN once the service has a domain", async () => {
    const created = await ok(
      emulator,
      `mutation { serviceDomainCreate(input: { serviceId: "${api}", environmentId: "${ref.environmentId}", targetPort: 8080 }) { domain } }`,
    );
    expect((await variables(api)).RAILWAY_PUBLIC_DOMAIN).toBe(created.serviceDomainCreate.domain);
  });

  it("does not rewrite references when a service is renamed", async () => {
    await ok(emulator, `mutation { serviceUpdate(id: "${redis}", input: { name: "Cache" }) { name } }`);
    expect((await variables(api, true)).REDIS_URL).toBe("${{ Redis.REDIS_URL }}");
    expect((await variables(api)).REDIS_URL).toBe("");
    await ok(emulator, `mutation { serviceUpdate(id: "${redis}", input: { name: "Redis" }) { name } }`);
  });

  it("replace: true removes every other variable of the service", async () => {
    const other = await createService(emulator, ref, { name: "scratch", variables: { A: "1", B: "2" } });
    await ok(
      emulator,
      `mutation { variableCollectionUpsert(input: { projectId: "${ref.projectId}", environmentId: "${ref.environmentId}", serviceId: "${other}", variables: { C: "3" }, replace: true }) }`,
    );
    expect(await variables(other, true)).toEqual({ C: "3" });
    await ok(
      emulator,
      `mutation { variableDelete(input: { projectId: "${ref.projectId}", environmentId: "${ref.environmentId}", serviceId: "${other}", name: "C" }) }`,
    );
    expect(await variables(other, true)).toEqual({});
  });
});
