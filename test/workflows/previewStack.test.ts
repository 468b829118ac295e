import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  branchNameProblems,
  DEFAULT_PRODUCTION_STACK,
  PreviewStackInputError,
  parsePreviewStackArgs,
  previewStackConfig,
  renderPreviewStackYaml,
  SECRET_KEYS,
} from "../../scripts/previewStackConfig.ts";
import { SECRET_KEYS as CONFIG_SECRET_KEYS } from "../../stack/omnidocConfig.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

const PRODUCTION = `
encryptionsalt: v1:abc:def
config:
  omnidoc:projectName: omnidoc
  omnidoc:environment: production
  omnidoc:branch: main
  omnidoc:repo: omnidoc-app/omnidoc
  omnidoc:workerConcurrency: "2"
  omnidoc:geminiApiKey:
    secure: v1:AAAA:BBBB
  omnidoc:redisPassword: plain-text-by-mistake-0123456789
  omnidoc:redisUrl: rediss://default:pw@example.upstash.io:6379
  omnidoc:databaseUrl: postgresql://user:pw@db:5432/omnidoc
  omnidoc:someFutureToken:
    secure: v1:CCCC:DDDD
  omnidoc:nested:
    inner:
      secure: v1:EEEE:FFFF
  railway:token:
    secure: v1:GGGG:HHHH
  railway:apiUrl: https://backboard.railway.com/graphql/v2
`;

const args = { pullRequest: 42, branch: "feature/docs", productionStack: "acme/omnidoc/prod" };

describe("previewStackConfig", () => {
  const { config, secretKeys } = previewStackConfig(PRODUCTION, args);

  it("keeps production's non-secret omnidoc settings", () => {
    expect(config["omnidoc:projectName"]).toBe("omnidoc");
    expect(config["omnidoc:repo"]).toBe("omnidoc-app/omnidoc");
    expect(config["omnidoc:workerConcurrency"]).toBe("2");
  });

  it("replaces environment and branch, and names the pull request and the production stack", () => {
    expect(config).not.toHaveProperty("omnidoc:environment");
    expect(config["omnidoc:branch"]).toBe("feature/docs");
    expect(config["omnidoc:pullRequest"]).toBe("42");
    expect(config["omnidoc:productionStack"]).toBe("acme/omnidoc/prod");
  });

  it("never copies a secret: secure values, secret keys in plain text, other namespaces", () => {
    expect(Object.keys(config).sort()).toEqual([
      "omnidoc:branch",
      "omnidoc:productionStack",
      "omnidoc:projectName",
      "omnidoc:pullRequest",
      "omnidoc:repo",
      "omnidoc:workerConcurrency",
    ]);
    expect(secretKeys.sort()).toEqual([
      "databaseUrl",
      "geminiApiKey",
      "nested",
      "redisPassword",
      "redisUrl",
      "someFutureToken",
    ]);
    const written = renderPreviewStackYaml(config, 42);
    for (const leaked of [
      "secure",
      "plain-text-by-mistake",
      "upstash",
      "postgresql",
      "encryptionsalt",
      "railway",
    ]) {
      expect(written).not.toContain(leaked);
    }
  });

  it("knows every secret key the stack config declares", () => {
    expect([...SECRET_KEYS].sort()).toEqual([...CONFIG_SECRET_KEYS].sort());
  });

  it("writes a stack file Pulumi reads back, with every value a string", () => {
    const document = parse(renderPreviewStackYaml(config, 42)) as { config: Record<string, unknown> };
    expect(document.config).toEqual(config);
    expect(document.config["omnidoc:pullRequest"]).toBe("42");
  });

  it("turns the real Pulumi.prod.yaml into a valid preview config", () => {
    const real = previewStackConfig(readFileSync(join(root, "Pulumi.prod.yaml"), "utf8"), args).config;
    expect(real["omnidoc:apiService"]).toBe("omnidoc-backend");
    expect(real["omnidoc:workerService"]).toBe("omnidoc-celery-worker");
    expect(real).not.toHaveProperty("omnidoc:environment");
  });

  it("rejects a production file without a config mapping", () => {
    expect(() => previewStackConfig("config: 3\n", args)).toThrow(/no config: mapping/);
  });
});

describe("parsePreviewStackArgs", () => {
  it("accepts a pull request and branch, with production stack from flag, env or default", () => {
    expect(parsePreviewStackArgs(["--pr", "7", "--branch", "fix/x"], {})).toEqual({
      pullRequest: 7,
      branch: "fix/x",
      productionStack: DEFAULT_PRODUCTION_STACK,
      out: undefined,
    });
    expect(
      parsePreviewStackArgs(["--pr=7", "--branch=fix/x"], { PULUMI_PRODUCTION_STACK: "acme/omnidoc/prod" })
        .productionStack,
    ).toBe("acme/omnidoc/prod");
    expect(
      parsePreviewStackArgs(["--pr", "7", "--branch", "x", "--production-stack", "prod"], {
        PULUMI_PRODUCTION_STACK: "acme/omnidoc/prod",
      }).productionStack,
    ).toBe("prod");
    // An unset repository variable reaches the script as an empty string.
    expect(
      parsePreviewStackArgs(["--pr", "7", "--branch", "x"], { PULUMI_PRODUCTION_STACK: "" }).productionStack,
    ).toBe(DEFAULT_PRODUCTION_STACK);
    expect(parsePreviewStackArgs(["--pr", "7", "--branch", "x", "--out", "/tmp/p.yaml"], {}).out).toBe(
      "/tmp/p.yaml",
    );
  });

  const rejects = (argv: string[], message: RegExp) => {
    expect(() => parsePreviewStackArgs(argv, {})).toThrow(PreviewStackInputError);
    expect(() => parsePreviewStackArgs(argv, {})).toThrow(message);
  };

  it.each([
    ["0", /positive integer/],
    ["-3", /positive integer/],
    ["1.5", /positive integer/],
    ["07", /positive integer/],
    ["12abc", /positive integer/],
    ["", /positive integer/],
    ["99999999999999999999", /positive integer/],
  ])("rejects --pr %j", (pr, message) => rejects(["--pr", pr, "--branch", "main"], message));

  it.each([
    ["a/b", /org\/project\/stack or stack/],
    ["a/b/c/d", /org\/project\/stack or stack/],
    ["acme/omnidoc/pr 1", /org\/project\/stack or stack/],
    ["", /org\/project\/stack or stack/],
  ])("rejects --production-stack %j", (stack, message) =>
    rejects(["--pr", "1", "--branch", "main", "--production-stack", stack], message),
  );

  it("rejects a missing, repeated or unknown argument and names every problem at once", () => {
    rejects(["--branch", "main"], /--pr is required/);
    rejects(["--pr", "1"], /--branch is required/);
    rejects(["--pr", "1", "--branch", "main", "--pr", "2"], /--pr given twice/);
    rejects(["--pr", "1", "--branch", "main", "--stack", "x"], /unknown argument "--stack"/);
    rejects(["--pr", "1", "--branch"], /--branch needs a value/);
    rejects(["--pr", "1", "--branch", "main", "--out", ""], /--out must not be empty/);
    expect(() => parsePreviewStackArgs(["--pr", "x", "--branch", "a..b"], {})).toThrow(
      /positive integer[\s\S]*must not contain "\.\."/,
    );
  });
});

describe("branchNameProblems", () => {
  const valid = [
    "main",
    "feature/docs",
    "fix-123",
    "user/jd/wip",
    "release-1.2",
    "ünïcödé",
    "a@b",
    "x.lockfile",
    "@",
  ];
  const invalid: Array<[string, RegExp]> = [
    ["", /empty/],
    ["has space", /" "/],
    ["a..b", /"\.\."/],
    ["-leading-dash", /start with "-"/],
    ["tab\there", /control characters/],
    ["bell\u0007", /control characters/],
    ["del\u007f", /control characters/],
    ["topic.lock", /"\.lock"/],
    ["topic.lock/x", /"\.lock"/],
    ["trailing/", /"\/"/],
    ["/leading", /"\/"/],
    ["double//slash", /"\/\/"/],
    [".hidden", /starting with "\."/],
    ["a/.hidden", /starting with "\."/],
    ["ends.", /end with "\."/],
    ["a~b", /"~"/],
    ["a^b", /"\^"/],
    ["a:b", /":"/],
    ["a?b", /"\?"/],
    ["a*b", /"\*"/],
    ["a[b", /"\["/],
    ["a\\b", /"\\\\"/],
    ["a@{b", /"@\{"/],
    ["HEAD", /"HEAD"/],
  ];

  it.each(valid)("accepts %j", (name) => expect(branchNameProblems(name)).toEqual([]));
  it.each(invalid)("rejects %j", (name, message) => {
    const problems = branchNameProblems(name);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.join("\n")).toMatch(message);
  });

  // The rules are git's: where git is installed, it must agree on every name above.
  const git = spawnSync("git", ["--version"]);
  it.skipIf(git.status !== 0)("agrees with git check-ref-format --branch", () => {
    for (const name of [...valid, ...invalid.map(([name]) => name)]) {
      const verdict = spawnSync("git", ["check-ref-format", "--branch", name], { cwd: root }).status === 0;
      expect({ name, valid: branchNameProblems(name).length === 0 }).toEqual({ name, valid: verdict });
    }
  });
});

describe("scripts/preview-stack.ts", () => {
  const directory = mkdtempSync(join(tmpdir(), "preview-stack-"));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));
  const run = (argv: string[]) =>
    spawnSync(process.execPath, [join(root, "scripts", "preview-stack.ts"), ...argv], {
      encoding: "utf8",
      env: { ...process.env, PULUMI_PRODUCTION_STACK: "" },
    });

  it("prints the stack and the file it wrote", () => {
    const out = join(directory, "Pulumi.pr-5.yaml");
    const result = run(["--pr", "5", "--branch", "feature/x", "--out", out]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("stack: pr-5");
    expect(result.stdout).toContain(`wrote: ${out}`);
    const written = parse(readFileSync(out, "utf8")) as { config: Record<string, unknown> };
    expect(written.config["omnidoc:branch"]).toBe("feature/x");
    expect(written.config["omnidoc:productionStack"]).toBe(DEFAULT_PRODUCTION_STACK);
  });

  it("exits 2 and writes nothing on bad input", () => {
    const out = join(directory, "Pulumi.pr-6.yaml");
    const result = run(["--pr", "6", "--branch", "bad branch", "--out", out]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/nothing was written[\s\S]*must not contain " "/);
    expect(existsSync(out)).toBe(false);
  });
});
