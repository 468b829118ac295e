/**
 * Every invalid stack config of test/support/invalidConfigs.ts, run as `pulumi up` through the
 * engine-faithful harness against the emulator: each fails with a message naming the key, and not one
 * request reaches Railway.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../emulator/index.ts";
import { TestStack } from "../engine/driver.ts";
import { invalidConfigs, isSecret, validConfig } from "../support/invalidConfigs.ts";
import { railwayEnv } from "./support.ts";

let emulator: Emulator;

beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(async () => {
  await emulator?.close();
});

function stackConfig(change: Record<string, string | undefined>, plainSecrets: boolean) {
  const raw: Record<string, string | undefined> = { ...validConfig, ...change };
  const config: Record<string, string | { value: string; secret: true }> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    config[key] = isSecret(key) && !plainSecrets ? { value, secret: true } : value;
  }
  return config;
}

describe("invalid stack configs, run as pulumi up", () => {
  it(`all ${invalidConfigs.length} fail naming their key, with zero requests to Railway`, async () => {
    const before = emulator.metrics().totalRequests;
    const results = [];
    // Four at a time: each run is its own engine and provider-host process.
    for (let index = 0; index < invalidConfigs.length; index += 4) {
      const batch = invalidConfigs.slice(index, index + 4).map(async ([label, change, key, fix]) => {
        const stack = new TestStack({
          stack: "prod",
          config: stackConfig(change, label === "a secret set in plain text"),
          env: railwayEnv(emulator),
        });
        const up = await stack.up();
        return { label, key, fix, ok: up.ok, message: up.errors.join("\n") };
      });
      results.push(...(await Promise.all(batch)));
    }
    for (const result of results) {
      expect(result.ok, result.label).toBe(false);
      expect(result.message, result.label).toContain(`omnidoc:${result.key}`);
      expect(result.message, result.label).toContain(result.fix);
    }
    expect(results.length).toBeGreaterThanOrEqual(12);
    expect(emulator.metrics().totalRequests).toBe(before);
  });
});
