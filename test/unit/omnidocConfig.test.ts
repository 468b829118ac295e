import { describe, expect, it } from "vitest";
import { parseOmnidocConfig, StackConfigError } from "../../stack/omnidocConfig.ts";
import { invalidConfigs, isSecret, validConfig } from "../support/invalidConfigs.ts";

describe("omnidoc stack config", () => {
  it("accepts the production config and fills in defaults", () => {
    const config = parseOmnidocConfig(validConfig, isSecret);
    expect(config).toMatchObject({
      apiService: "omnidoc-backend",
      workerService: "omnidoc-celery-worker",
      workerConcurrency: 1,
      redisMode: "railway",
      logLevel: "INFO",
      logFormat: "json",
    });
  });

  it.each(invalidConfigs)("rejects %s, naming the key", (_, change, key, fix) => {
    const raw = { ...validConfig, ...change };
    for (const [name, value] of Object.entries(change)) if (value === undefined) delete raw[name];
    const secretCheck = _ === "a secret set in plain text" ? () => false : isSecret;
    let error: unknown;
    try {
      parseOmnidocConfig(raw, secretCheck);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(StackConfigError);
    expect((error as StackConfigError).keys).toContain(key);
    expect((error as Error).message).toContain(`omnidoc:${key}`);
    expect((error as Error).message).toContain(fix);
    expect((error as Error).message).not.toContain("pw@");
  });
});
