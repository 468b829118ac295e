/**
 * scripts/check-node.mjs: on a Node too old to run this project's .ts files, every npm script and the
 * test command stop with one clear line naming the Node found and how to switch. Judged on version
 * strings, through the real file with a fake version, and, where this machine has an older Node (e.g.
 * /usr/bin/node from the distribution), by running every npm script and vitest under it.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { nodeVersionProblem } from "../../scripts/check-node.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const CHECK = "node scripts/check-node.mjs && ";
const FIRST_LINE =
  /^This project needs Node >= 22\.18 \(found v\d+\.\d+\.\d+\)\. Switch with: nvm use .*bash \.ci\/run/;

describe("nodeVersionProblem", () => {
  it.each(["v22.18.0", "v22.20.1", "v23.6.0", "v24.0.0", "v24.22.3", "v26.1.0", "24.1.0"])(
    "accepts %s",
    (version) => expect(nodeVersionProblem(version)).toBeUndefined(),
  );

  it.each(["v18.20.0", "v20.20.2", "v22.17.1", "v22.0.0"])("rejects %s in one line", (version) => {
    const problem = nodeVersionProblem(version) ?? "";
    expect(problem).toMatch(FIRST_LINE);
    expect(problem).toContain(`(found ${version})`);
    expect(problem).not.toContain("\n");
  });

  it("names the 23.6 floor on Node 23, whose early releases do not strip types", () => {
    expect(nodeVersionProblem("v23.5.0")).toMatch(/>= 22\.18, or >= 23\.6 on Node 23 \(found v23\.5\.0\)/);
  });

  it("rejects what it cannot read", () => {
    expect(nodeVersionProblem("nonsense")).toMatch(/could not read the version "nonsense"/);
  });
});

describe("scripts/check-node.mjs", () => {
  const run = (version: string) =>
    spawnSync(process.execPath, [join(root, "scripts", "check-node.mjs")], {
      encoding: "utf8",
      env: { ...process.env, OMNIDOC_NODE_VERSION: version },
    });

  it("exits 1 with one line on stderr for an old Node, and 0 silently for a supported one", () => {
    const old = run("v20.20.2");
    expect(old.status).toBe(1);
    expect(old.stdout).toBe("");
    expect(old.stderr.split("\n")).toEqual([expect.stringMatching(FIRST_LINE), ""]);
    const current = run("v24.1.0");
    expect(current.status).toBe(0);
    expect(current.stderr).toBe("");
  });

  it("is the first command of every npm script, and vitest.config.ts loads it first", () => {
    const scripts = (
      JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
        scripts: Record<string, string>;
      }
    ).scripts;
    const unchecked = Object.entries(scripts).filter(([, command]) => !command.startsWith(CHECK));
    expect(unchecked).toEqual([]);
    const config = readFileSync(join(root, "vitest.config.ts"), "utf8");
    expect(config.split("\n").find((line) => line.startsWith("import "))).toBe(
      'import "./scripts/check-node.mjs";',
    );
  });
});

/** A Node older than 22.18 on this machine, if there is one (the distribution's /usr/bin/node here). */
function findOldNode(): { path: string; version: string } | undefined {
  for (const path of [process.env.OLD_NODE, "/usr/bin/node", "/usr/local/bin/node"]) {
    if (!path) continue;
    const result = spawnSync(path, ["--version"], { encoding: "utf8" });
    const version = result.stdout?.trim();
    if (result.status === 0 && version && nodeVersionProblem(version)) return { path, version };
  }
  return undefined;
}

const oldNode = findOldNode();
if (!oldNode) {
  console.log(
    "checkNode.test.ts: no Node older than 22.18 found (OLD_NODE, /usr/bin/node, /usr/local/bin/node); the runs under an old Node are skipped",
  );
}

describe.skipIf(!oldNode)(`under a real old Node (${oldNode?.path} ${oldNode?.version})`, () => {
  // A folder whose `node` is the old one, first on PATH: npm (a Node script, `#!/usr/bin/env node`)
  // and the commands of its scripts then run under it, as on a laptop with an old default Node.
  const bin = mkdtempSync(join(tmpdir(), "old-node-"));
  afterAll(() => rmSync(bin, { recursive: true, force: true }));
  symlinkSync(oldNode?.path ?? "", join(bin, "node"));
  const npmDirectory = dirname(process.execPath);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: [bin, npmDirectory, process.env.PATH ?? ""].join(delimiter),
  };
  delete env.OMNIDOC_NODE_VERSION;
  const expected = `This project needs Node >= 22.18 (found ${oldNode?.version}).`;
  const scripts = Object.keys(
    (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { scripts: Record<string, string> })
      .scripts,
  );

  it.each(scripts)("npm run %s stops with the one line first on stderr", (script) => {
    const result = spawnSync("npm", ["run", script, "--", "--help"], {
      cwd: root,
      encoding: "utf8",
      env,
      timeout: 30_000,
    });
    expect(result.status).not.toBe(0);
    expect(result.stderr.split("\n")[0]).toContain(expected);
    expect(result.stderr).not.toContain("ERR_UNKNOWN_FILE_EXTENSION");
  });

  it("vitest itself (the test command without npm) stops with the same line", () => {
    const result = spawnSync(
      oldNode?.path ?? "",
      [join(root, "node_modules", "vitest", "vitest.mjs"), "run", "test/unit/vocabulary.test.ts"],
      { cwd: root, encoding: "utf8", env, timeout: 30_000 },
    );
    expect(result.status).toBe(1);
    expect(result.stderr.split("\n")[0]).toContain(expected);
  });
});
