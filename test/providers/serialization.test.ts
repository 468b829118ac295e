/**
 * Layer 1: every provider serialized with Pulumi's own serializer, loaded back the way the provider host
 * loads it (require-from-string), and run against the emulator. The text must hold no token and no value.
 */
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../emulator/index.ts";

const require = createRequire(import.meta.url);
const requireFromString = require(
  createRequire(require.resolve("@pulumi/pulumi")).resolve("require-from-string"),
) as (code: string) => {
  handler: () => Record<string, (...args: unknown[]) => Promise<Record<string, unknown>>>;
};

const TOKEN_IN_ENV = "env-token-that-must-not-be-serialized";
let emulator: Emulator;
let texts: Record<string, string>;

beforeAll(async () => {
  emulator = await startEmulator();
  const output = execFileSync(process.execPath, ["test/support/serializeProviders.ts"], {
    env: { ...process.env, RAILWAY_API_TOKEN: TOKEN_IN_ENV, RAILWAY_TOKEN: TOKEN_IN_ENV },
    encoding: "utf8",
  });
  texts = JSON.parse(output) as Record<string, string>;
});
afterAll(async () => {
  await emulator?.close();
});

describe("serialized providers", () => {
  it("serializes every kind, small, with nothing captured but the kind", () => {
    expect(Object.keys(texts).sort()).toEqual([
      "Deployment",
      "Environment",
      "Project",
      "Service",
      "ServiceDomain",
      "ServiceSettings",
      "ServiceVariables",
      "SharedVariables",
    ]);
    for (const [kind, text] of Object.entries(texts)) {
      expect(text).not.toContain(TOKEN_IN_ENV);
      expect(text).not.toContain("graphql-request");
      expect(text).toContain(`kind: "${kind}"`);
      expect(text.length).toBeLessThan(8000);
    }
  });

  it("loaded back like the provider host loads it, it configures and runs a full lifecycle against Railway", async () => {
    const provider = requireFromString(texts.Project ?? "").handler();
    const config = new Map([
      ["railway:token", emulator.defaults.accountToken],
      ["railway:apiUrl", emulator.url],
    ]);
    await provider.configure?.({ config: { get: (key: string) => config.get(key) } });
    const inputs = { name: "serialized-project" };
    const checked = await provider.check?.({}, inputs);
    expect(checked?.failures).toEqual([]);
    const created = (await provider.create?.(inputs)) as { id: string; outs: Record<string, unknown> };
    expect(created.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.outs.defaultEnvironmentId).toMatch(/^[0-9a-f-]{36}$/);
    const read = (await provider.read?.(created.id, created.outs)) as { id: string };
    expect(read.id).toBe(created.id);
    await provider.delete?.(created.id, created.outs);
    const gone = (await provider.read?.(created.id, created.outs)) as { id: string };
    expect(gone.id).toBe("");
    // Deleting what is already gone succeeds.
    await provider.delete?.(created.id, created.outs);
  });

  it("rejects bad input in check() before any request, naming the property", async () => {
    const provider = requireFromString(texts.ServiceSettings ?? "").handler();
    const before = emulator.metrics().totalRequests;
    const checked = (await provider.check?.(
      {},
      {
        projectId: "p",
        environmentId: "e",
        serviceId: "s",
        settings: { healthcheckPath: "health", numReplicas: 0 },
      },
    )) as { failures: Array<{ property: string; reason: string }> };
    expect(checked.failures.map((failure) => failure.reason)).toEqual([
      'settings.healthcheckPath must start with "/"',
      "settings.numReplicas must be more than 0",
    ]);
    expect(emulator.metrics().totalRequests).toBe(before);
  });

  it("tolerates values unknown during preview in check() and diff()", async () => {
    const unknown = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
    const provider = requireFromString(texts.ServiceVariables ?? "").handler();
    const checked = (await provider.check?.(
      {},
      { projectId: unknown, environmentId: unknown, serviceId: unknown, variables: unknown },
    )) as {
      failures: unknown[];
    };
    expect(checked.failures).toEqual([]);
    const olds = { projectId: "p", environmentId: "e", serviceId: "s", variables: { A: "1" }, revision: "r" };
    const diff = (await provider.diff?.("e/s", olds, { ...olds, serviceId: unknown })) as {
      changes: boolean;
      replaces: string[];
    };
    expect(diff).toMatchObject({ changes: true, replaces: ["serviceId"] });
  });
});
