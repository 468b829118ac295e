/**
 * Every script a person runs with `npm run <script>` answers `--help` with its usage, options and
 * examples (exit 0, nothing started or written), and refuses an unknown argument with one line naming
 * it and pointing at `--help` (exit 2). Run as child processes, as npm runs them.
 */
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** npm script name → its entry point. */
const SCRIPTS: Array<[string, string]> = [
  ["doctor", "scripts/doctor.ts"],
  ["preview-stack", "scripts/preview-stack.ts"],
  ["local", "scripts/local.ts"],
  ["emulator", "scripts/emulator.ts"],
  ["pack:tarball", "scripts/pack.ts"],
  ["pull", "scripts/pull.ts"],
  ["bench", "test/bench/bench.ts"],
  ["reliability", "test/reliability/reliability.ts"],
];

const run = (file: string, args: string[]) =>
  spawnSync(process.execPath, [join(root, file), ...args], {
    cwd: root,
    encoding: "utf8",
    timeout: 30_000,
    env: { ...process.env, RAILWAY_API_TOKEN: "", RAILWAY_TOKEN: "" },
  });

describe.each(SCRIPTS)("npm run %s", (script, file) => {
  it("--help prints usage, options and examples, and exits 0", () => {
    const result = run(file, ["--help"]);
    expect(result.status).toBe(0);
    expect(result.stderr).toBe("");
    expect(result.stdout.split("\n")[0]).toMatch(new RegExp(`^Usage: npm run ${script}\\b`));
    expect(result.stdout).toMatch(/\n {2}--help\s+this text\n/);
    expect(result.stdout).toMatch(/\nExamples:\n {2}npm run /);
  });

  it("an unknown argument exits 2, named, with a pointer to --help and no stack trace", () => {
    const result = run(file, ["--no-such-option"]);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe("");
    const lines = result.stderr.trimEnd().split("\n");
    expect(lines.at(-1)).toContain(`npm run ${script} -- --help`);
    expect(result.stderr).toContain("--no-such-option");
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });
});

describe("npm run system-packages (bash)", () => {
  const bash = (args: string[]) =>
    spawnSync("bash", [join(root, "scripts/system-packages.sh"), ...args], { cwd: root, encoding: "utf8" });

  it("--help prints usage and examples and installs nothing", () => {
    const result = bash(["--help"]);
    expect(result.status).toBe(0);
    expect(result.stdout.split("\n")[0]).toBe("Usage: npm run system-packages [-- --help]");
    expect(result.stdout).toMatch(/\nExamples:\n {2}npm run system-packages\n/);
    expect(result.stdout).not.toContain("system packages:");
  });

  it("an unknown argument exits 2 with a pointer to --help", () => {
    const result = bash(["--no-such-option"]);
    expect(result.status).toBe(2);
    expect(result.stderr.trim()).toBe(
      "system-packages: unknown argument --no-such-option. See npm run system-packages -- --help",
    );
  });
});

describe("the package.json scripts", () => {
  it("are the ones above, plus the tools' own (typecheck, lint, format, test, build, prepare, bench, pulumi)", async () => {
    const { scripts } = (await import("../../package.json", { with: { type: "json" } })).default as {
      scripts: Record<string, string>;
    };
    const entryPoints = Object.entries(scripts)
      .filter(([, command]) => /node (scripts|test\/\w+)\/(?!check-node)[\w-]+\.ts/.test(command))
      .map(([name]) => name)
      .sort();
    expect(entryPoints).toEqual([...SCRIPTS.map(([name]) => name), "pulumi"].sort());
  });
});
