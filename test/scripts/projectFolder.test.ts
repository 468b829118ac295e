/**
 * The project folder is found from the script's own file (the nearest Pulumi.yaml above it), and its
 * .env is loaded without overriding what is already set.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { findProjectFolder, loadProjectEnv, projectFolderOf } from "../../scripts/projectFolder.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const tree = mkdtempSync(join(tmpdir(), "project-folder-"));
afterAll(() => rmSync(tree, { recursive: true, force: true }));

describe("findProjectFolder", () => {
  it("walks up to the nearest Pulumi.yaml", () => {
    mkdirSync(join(tree, "app", "scripts", "deep"), { recursive: true });
    writeFileSync(join(tree, "app", "Pulumi.yaml"), "name: app\n");
    expect(findProjectFolder(join(tree, "app", "scripts", "deep"))).toBe(join(tree, "app"));
    expect(findProjectFolder(join(tree, "app"))).toBe(join(tree, "app"));
  });

  it("says so when there is none", () => {
    mkdirSync(join(tree, "nothing"), { recursive: true });
    expect(() => findProjectFolder(join(tree, "nothing"))).toThrow(
      /no Pulumi\.yaml in .*nothing or any folder above it/,
    );
  });

  it("for this repository's scripts is the repository, whatever the current directory", () => {
    const url = new URL("../../scripts/doctor.ts", import.meta.url).href;
    expect(projectFolderOf(url)).toBe(root);
  });
});

describe("loadProjectEnv", () => {
  it("loads the folder's .env without overriding a variable already set (even to empty)", () => {
    const folder = join(tree, "app");
    writeFileSync(
      join(folder, ".env"),
      "RAILWAY_API_TOKEN=from-file\nRAILWAY_API_URL=http://from-file\nEXTRA=1\n",
    );
    const env: NodeJS.ProcessEnv = { RAILWAY_API_TOKEN: "from-shell", RAILWAY_API_URL: "" };
    expect(loadProjectEnv(folder, env)).toBe(join(folder, ".env"));
    expect(env).toEqual({ RAILWAY_API_TOKEN: "from-shell", RAILWAY_API_URL: "", EXTRA: "1" });
  });

  it("does nothing without a .env", () => {
    const env: NodeJS.ProcessEnv = {};
    expect(loadProjectEnv(join(tree, "nothing"), env)).toBeUndefined();
    expect(env).toEqual({});
  });
});
