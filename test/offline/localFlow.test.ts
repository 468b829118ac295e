/**
 * The offline flow the README describes: `npm run local` starts the emulator in its own process and prints
 * what to export; with exactly those values a stack comes up (through the engine-faithful harness, since
 * no machine here has the Pulumi CLI) and the doctor finds it healthy.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestStack } from "../engine/driver.ts";
import { productionConfig } from "../scenarios/support.ts";

let local: ChildProcess;
let printed = "";

function exported(name: string): string {
  const value = new RegExp(`export ${name}=(\\S+)`).exec(printed)?.[1];
  if (!value) throw new Error(`npm run local did not print ${name}:\n${printed}`);
  return value;
}

beforeAll(async () => {
  local = spawn(process.execPath, ["scripts/local.ts", "--port", "0", "--speed", "1000"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise<void>((resolve) => {
    local.stdout?.on("data", (chunk: Buffer) => {
      printed += chunk.toString();
      if (printed.includes("Ctrl-C")) resolve();
    });
  });
});
afterAll(() => {
  local?.kill();
});

describe("npm run local", () => {
  it("prints the exports and the commands for a local stack", () => {
    expect(exported("RAILWAY_API_URL")).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/graphql\/v2$/);
    expect(exported("RAILWAY_API_TOKEN")).toMatch(/^[0-9a-f-]{36}$/);
    expect(exported("PULUMI_BACKEND_URL")).toMatch(/^file:\/\//);
    expect(printed).toContain("npm run pulumi -- up");
  });

  it("with those exports, the stack comes up and the doctor finds it healthy", async () => {
    const env = {
      RAILWAY_API_URL: exported("RAILWAY_API_URL"),
      RAILWAY_API_TOKEN: exported("RAILWAY_API_TOKEN"),
      RAILWAY_POLL_INTERVAL_MS: "20",
    };
    const stack = new TestStack({ stack: "local", config: productionConfig(), env });
    const up = await stack.up();
    expect(up.errors).toEqual([]);
    const doctor = spawn(
      process.execPath,
      [
        "scripts/doctor.ts",
        "--project",
        String(up.outputs.projectId),
        "--environment",
        "production",
        "--json",
      ],
      { env: { PATH: process.env.PATH ?? "", ...env } },
    );
    let output = "";
    doctor.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    const status = await new Promise((resolve) => doctor.on("close", resolve));
    const report = JSON.parse(output) as { ok: boolean; checks: Array<{ id: string; ok: boolean }> };
    expect(report.checks.filter((check) => !check.ok)).toEqual([]);
    expect(status).toBe(0);
  });
});
