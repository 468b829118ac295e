/**
 * One Pulumi version everywhere: the SDK pinned in package.json and locked in package-lock.json, the CLI
 * every `pulumi/actions` step installs (`pulumi-version:`), the CLI `npm run pulumi` starts on a laptop,
 * and the example stack's SDK (scripts/pulumiVersion.ts says why the SDK's pin is the source).
 */
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { pinnedPulumiVersion } from "../../scripts/pulumiVersion.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const json = (path: string) => JSON.parse(readFileSync(join(root, path), "utf8")) as Record<string, unknown>;
const version = pinnedPulumiVersion(root);

interface Manifest {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

/** Every step that uses pulumi/actions, as `file job step-number` with its `with:` mapping. */
function pulumiActionSteps(): Array<{ where: string; with: Record<string, unknown> }> {
  const directory = join(root, ".github", "workflows");
  return readdirSync(directory)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .flatMap((name) => {
      const workflow = parse(readFileSync(join(directory, name), "utf8")) as {
        jobs: Record<string, { steps?: Array<{ uses?: string; with?: Record<string, unknown> }> }>;
      };
      return Object.entries(workflow.jobs).flatMap(([job, { steps = [] }]) =>
        steps.flatMap((step, index) =>
          step.uses?.startsWith("pulumi/actions@")
            ? [{ where: `${name} ${job} step ${index + 1}`, with: step.with ?? {} }]
            : [],
        ),
      );
    });
}

describe("one Pulumi version", () => {
  it("package.json pins the SDK exactly, and the package asks its users for that version or newer", () => {
    const manifest = json("package.json") as Manifest;
    expect(version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(manifest.devDependencies?.["@pulumi/pulumi"]).toBe(version);
    expect(manifest.peerDependencies?.["@pulumi/pulumi"]).toBe(`^${version}`);
  });

  it("package-lock.json and node_modules hold that SDK (what the tests ran against)", () => {
    const lock = json("package-lock.json") as { packages: Record<string, Manifest & { version?: string }> };
    expect(lock.packages[""]?.devDependencies?.["@pulumi/pulumi"]).toBe(version);
    expect(lock.packages["node_modules/@pulumi/pulumi"]?.version).toBe(version);
    expect(json("node_modules/@pulumi/pulumi/package.json").version).toBe(version);
  });

  it("the CLI launcher is pinned exactly too, in package.json and the lock", () => {
    const launcher = (json("package.json") as Manifest).devDependencies?.pulumi;
    expect(launcher).toMatch(/^\d+\.\d+\.\d+$/);
    const lock = json("package-lock.json") as { packages: Record<string, { version?: string }> };
    expect(lock.packages["node_modules/pulumi"]?.version).toBe(launcher);
  });

  it("every pulumi/actions step installs the CLI at that version", () => {
    const steps = pulumiActionSteps();
    expect(steps.length).toBeGreaterThanOrEqual(4);
    expect(steps.filter((step) => step.with["pulumi-version"] !== version).map((step) => step.where)).toEqual(
      [],
    );
    expect(steps.filter((step) => "pulumi-version-file" in step.with).map((step) => step.where)).toEqual([]);
  });

  it("the example stack uses the same SDK", () => {
    const example = json("examples/acme-shop/package.json") as Manifest;
    expect(example.dependencies?.["@pulumi/pulumi"]).toBe(version);
  });

  it("the README runs the CLI through npm run pulumi, never npx pulumi (the launcher's own version)", () => {
    const readme = readFileSync(join(root, "README.md"), "utf8");
    expect(readme).toContain("npm run pulumi -- ");
    expect(readme.match(/npx pulumi [a-z-]+/g)).toBeNull();
  });
});

describe.skipIf(process.platform === "win32")("npm run pulumi (scripts/pulumi.ts)", () => {
  // A Pulumi home whose cache already holds a CLI at the pinned version, so nothing is downloaded: the
  // launcher runs what it finds at $PULUMI_HOME/versions/<version>/bin/pulumi.
  const home = mkdtempSync(join(tmpdir(), "pulumi-home-"));
  afterAll(() => rmSync(home, { recursive: true, force: true }));
  const bin = join(home, "versions", version, "bin");
  mkdirSync(bin, { recursive: true });
  writeFileSync(join(bin, "pulumi"), `#!/bin/sh\necho "cli ${version}: $*"\nexit 3\n`);
  chmodSync(join(bin, "pulumi"), 0o755);

  it("starts the CLI at the pinned version with the arguments unchanged, and exits with its code", () => {
    const result = spawnSync(
      process.execPath,
      [join(root, "scripts", "pulumi.ts"), "stack", "ls", "--json"],
      {
        encoding: "utf8",
        env: { ...process.env, PULUMI_HOME: home, PULUMI_VERSION: "3.0.0" },
      },
    );
    expect(result.stderr).not.toContain("Downloading");
    expect(result.stdout).toBe(`cli ${version}: stack ls --json\n`);
    expect(result.status).toBe(3);
  });
});
