import { afterAll, beforeEach, describe, expect, it } from "vitest";
import type { Emulator } from "../../emulator/index.ts";
import {
  buildLogs,
  createProject,
  createService,
  deploy,
  deployLogs,
  deploymentStatus,
  MINUTE,
  ok,
  type ProjectRef,
  start,
  updateInstance,
} from "./helpers.ts";

// The API service: healthchecks and exec-form start commands.

let emulator: Emulator;
let ref: ProjectRef;
let api: string;

beforeEach(async () => {
  await emulator?.close();
  emulator = await start();
  ref = await createProject(emulator, "web");
  api = await createService(emulator, ref, { name: "api" });
  await updateInstance(emulator, api, ref.environmentId, { source: { repo: "acme/omnidoc" } });
});
afterAll(() => emulator.close());

async function deployWith(settings: Record<string, unknown>) {
  await updateInstance(emulator, api, ref.environmentId, settings);
  const id = await deploy(emulator, api, ref.environmentId);
  emulator.clock.advance(10 * MINUTE);
  return {
    id,
    status: await deploymentStatus(emulator, id),
    build: await buildLogs(emulator, id),
    logs: await deployLogs(emulator, id),
  };
}

describe("healthchecks", () => {
  it("succeed on a path the app serves", async () => {
    const { status, build, logs } = await deployWith({ healthcheckPath: "/health" });
    expect(status).toBe("SUCCESS");
    expect(build).toContain("[1/1] Healthcheck succeeded!");
    expect(logs).toContain('INFO:     100.64.0.2:41234 - "GET /health HTTP/1.1" 200 OK');
  });

  it("fail on a path the app does not serve", async () => {
    const { status, build } = await deployWith({ healthcheckPath: "/ready", healthcheckTimeout: 30 });
    expect(status).toBe("FAILED");
    expect(build.some((l) => l.startsWith("Attempt #1 failed with status 404."))).toBe(true);
    expect(build.at(-1)).toBe("Healthcheck failed!");
  });
});

describe("start commands in exec form", () => {
  it("leave $PORT unexpanded, so uvicorn crashes", async () => {
    const { status, logs } = await deployWith({
      startCommand: "uvicorn src.main:app --host 0.0.0.0 --port $PORT",
    });
    expect(status).toBe("CRASHED");
    expect(logs).toContain("Error: Invalid value for '--port': '$PORT' is not a valid integer.");
  });

  it("expand $PORT inside /bin/sh -c", async () => {
    const { status, logs } = await deployWith({
      startCommand: '/bin/sh -c "exec uvicorn src.main:app --host 0.0.0.0 --port $PORT"',
      healthcheckPath: "/health",
    });
    expect(status).toBe("SUCCESS");
    expect(logs).toContain("INFO:     Uvicorn running on http://0.0.0.0:8080 (Press CTRL+C to quit)");
  });
});

describe("deploymentRestart", () => {
  it("restarts the container of a running deployment: its start-up lines appear again", async () => {
    const { id } = await deployWith({});
    await ok(emulator, `mutation { deploymentRestart(id: "${id}") }`);
    emulator.clock.advance(MINUTE);
    const logs = await deployLogs(emulator, id);
    expect(logs.filter((l) => l === "Starting Container")).toHaveLength(2);
    expect(await deploymentStatus(emulator, id)).toBe("SUCCESS");
  });
});
