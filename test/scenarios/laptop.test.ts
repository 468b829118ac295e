/**
 * How the token reaches Pulumi's provider process (a separate process the CLI starts, which a `dotenv`
 * call in the program would never reach), and opt-in adoption of what already runs on Railway.
 */
import { mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../emulator/index.ts";
import { TestStack } from "../engine/driver.ts";
import { dashboard, delta, productionConfig, productionStack } from "./support.ts";

const REPO = resolve(import.meta.dirname, "../..");
let emulator: Emulator;

beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(async () => {
  await emulator?.close();
});

/** A copy of the project folder (by symlinks), as a person's clone would be, optionally with a `.env`. */
function projectFolder(dotenv?: string): string {
  const folder = mkdtempSync(join(tmpdir(), "omnidoc-laptop-"));
  for (const entry of [
    "index.ts",
    "stack",
    "components",
    "dist",
    "node_modules",
    "package.json",
    "Pulumi.yaml",
  ]) {
    symlinkSync(join(REPO, entry), join(folder, entry));
  }
  if (dotenv !== undefined) writeFileSync(join(folder, ".env"), dotenv);
  return folder;
}

describe("the laptop flow", () => {
  it("without any token, up fails before any request and names both variables", async () => {
    const stack = new TestStack({
      stack: "prod",
      config: productionConfig(),
      programDir: projectFolder(),
      env: { RAILWAY_API_URL: emulator.url },
    });
    const before = emulator.metrics();
    const up = await stack.up();
    expect(up.ok).toBe(false);
    expect(up.errors.join("\n")).toMatch(/No Railway token found\. Set RAILWAY_API_TOKEN.*RAILWAY_TOKEN/s);
    expect(delta(before, emulator.metrics()).requests).toBe(0);
  });

  it("a token in the project's .env reaches the provider process, and never the state", async () => {
    const user = emulator.seed.user("laptop@example.com");
    emulator.seed.workspace("Laptop", user.userId);
    const token = user.accountToken;
    const folder = projectFolder(`RAILWAY_API_TOKEN=${token}\nRAILWAY_API_URL=${emulator.url}\n`);
    const stack = new TestStack({
      stack: "prod",
      config: productionConfig({ projectName: "laptop-project" }),
      programDir: folder,
      env: { RAILWAY_POLL_INTERVAL_MS: "10" },
    });
    const up = await stack.up();
    expect(up.errors).toEqual([]);
    expect(stack.stateText()).not.toContain(token);
    expect((await stack.destroy()).errors).toEqual([]);
  });

  it("a token in the stack config (railway:token, a secret) reaches the provider through Configure", async () => {
    const user = emulator.seed.user("config@example.com");
    emulator.seed.workspace("Config", user.userId);
    const token = user.accountToken;
    const stack = new TestStack({
      stack: "prod",
      config: {
        ...productionConfig({ projectName: "config-project" }),
        "railway:token": { value: token, secret: true },
      },
      env: { RAILWAY_API_URL: emulator.url, RAILWAY_POLL_INTERVAL_MS: "10" },
    });
    const up = await stack.up();
    expect(up.errors).toEqual([]);
    expect(stack.stateText()).not.toContain(token);
    expect((await stack.destroy()).errors).toEqual([]);
  });
});

describe("adopting what already runs on Railway", () => {
  let projectId: string;

  beforeAll(async () => {
    const created = (await dashboard(
      emulator,
      `mutation($w: String!) { projectCreate(input: { name: "omnidoc", workspaceId: $w }) { id } }`,
      { w: emulator.defaults.workspaceId },
    )) as { projectCreate: { id: string } };
    projectId = created.projectCreate.id;
    await dashboard(
      emulator,
      `mutation($p: String!) { serviceCreate(input: { projectId: $p, name: "omnidoc-backend" }) { id } }`,
      {
        p: projectId,
      },
    );
  });

  it("without adopt, up refuses to create a second project of the same name, and writes nothing", async () => {
    const stack = productionStack(emulator);
    const before = emulator.metrics();
    const up = await stack.up();
    expect(up.ok).toBe(false);
    expect(up.errors.join("\n")).toContain('A Railway project named "omnidoc" already exists');
    expect(up.errors.join("\n")).toContain("Set adopt: true");
    expect(delta(before, emulator.metrics()).writes).toEqual([]);
  });

  it("with adopt, the existing project and service are managed, not duplicated; destroy releases them", async () => {
    const stack = productionStack(emulator, { config: productionConfig({ adopt: "true" }) });
    const up = await stack.up();
    expect(up.errors).toEqual([]);
    expect(up.outputs.projectId).toBe(projectId);
    const services = (await dashboard(
      emulator,
      "query($id: String!) { project(id: $id) { services { edges { node { name } } } } }",
      { id: projectId },
    )) as { project: { services: { edges: Array<{ node: { name: string } }> } } };
    expect(services.project.services.edges.map((edge) => edge.node.name).sort()).toEqual([
      "Redis",
      "omnidoc-backend",
      "omnidoc-celery-worker",
    ]);
    expect((await stack.destroy()).errors).toEqual([]);
    const after = (await dashboard(
      emulator,
      "query($id: String!) { project(id: $id) { services { edges { node { name } } } } }",
      {
        id: projectId,
      },
    )) as { project: { services: { edges: Array<{ node: { name: string } }> } } };
    // Adopted: released, not deleted. What the stack created itself is gone.
    expect(after.project.services.edges.map((edge) => edge.node.name)).toEqual(["omnidoc-backend"]);
  });
});
