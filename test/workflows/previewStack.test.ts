import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  branchNameProblems,
  DEFAULT_PRODUCTION_STACK,
  mergePreviewStack,
  type PreviewStackArgs,
  PreviewStackConflictError,
  PreviewStackInputError,
  parsePreviewStackArgs as parseArgsOrHelp,
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

/** The parser, for input that is not a help request. */
function parsePreviewStackArgs(argv: readonly string[], env: Record<string, string | undefined>) {
  const parsed = parseArgsOrHelp(argv, env);
  if (parsed === "help") throw new Error("unexpected help request");
  return parsed;
}

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

describe("mergePreviewStack: re-running keeps what the person set", () => {
  const owned = previewStackConfig(PRODUCTION, args).config;
  const flags = { pullRequest: 42, force: false, reset: [], keep: [] } satisfies Pick<
    PreviewStackArgs,
    "pullRequest" | "force" | "reset" | "keep"
  >;
  const first = mergePreviewStack(undefined, owned, flags, "Pulumi.pr-42.yaml").text ?? "";
  // What `pulumi stack init` and `pulumi config set --secret` add to the file, plus a key set by hand.
  const configured = [
    "secretsprovider: passphrase",
    "encryptionsalt: v1:c2FsdA==:v1:SALT:SALT",
    "encryptedkey: djE6a2V5",
    first.trimEnd(),
    "  omnidoc:geminiApiKey:",
    "    secure: v1:GEMINI:CIPHER",
    "  railway:token:",
    "    secure: v1:TOKEN:CIPHER",
    '  omnidoc:workerReadyTimeoutSeconds: "300" # slower builds here',
    "",
  ].join("\n");

  it("writes the whole file the first time", () => {
    expect(parse(first)).toEqual({ config: owned });
  });

  it("writes nothing when nothing it owns changes, and names what it kept (names only)", () => {
    const merge = mergePreviewStack(configured, owned, flags, "f");
    expect(merge.text).toBeUndefined();
    expect(merge.preserved).toEqual([
      "secretsprovider",
      "encryptionsalt",
      "encryptedkey",
      "omnidoc:geminiApiKey (secure)",
      "railway:token (secure)",
      "omnidoc:workerReadyTimeoutSeconds",
    ]);
    expect(merge.preserved.join()).not.toMatch(/CIPHER|SALT|300/);
  });

  it("adds an owned key production gained and keeps every byte of the rest, comments included", () => {
    const grown = { ...owned, "omnidoc:logFormat": "text" };
    const merge = mergePreviewStack(configured, grown, flags, "f");
    expect(merge.added).toEqual(["omnidoc:logFormat"]);
    const text = merge.text ?? "";
    expect(text.startsWith("secretsprovider: passphrase\nencryptionsalt: v1:c2FsdA==:v1:SALT:SALT\n")).toBe(
      true,
    );
    expect(text).toContain("    secure: v1:GEMINI:CIPHER\n");
    expect(text).toContain('  omnidoc:workerReadyTimeoutSeconds: "300" # slower builds here\n');
    expect(text).toContain('  omnidoc:logFormat: "text"\n');
    expect(parse(text)).toEqual({
      ...parse(configured),
      config: { ...parse(configured).config, "omnidoc:logFormat": "text" },
    });
  });

  it("refuses to change an owned key that holds another value, naming the key and both values", () => {
    const edited = configured.replace('omnidoc:workerConcurrency: "2"', 'omnidoc:workerConcurrency: "8"');
    const moved = { ...owned, "omnidoc:branch": "feature/renamed" };
    const attempt = () => mergePreviewStack(edited, moved, flags, "Pulumi.pr-42.yaml");
    expect(attempt).toThrow(PreviewStackConflictError);
    expect(attempt).toThrow(
      /omnidoc:workerConcurrency is "8" there; this run would write "2" \(from Pulumi\.prod\.yaml\)/,
    );
    expect(attempt).toThrow(
      /omnidoc:branch is "feature\/docs" there; this run would write "feature\/renamed" \(from --branch\)/,
    );
  });

  it("--reset takes this run's value for one key, --keep keeps the file's, --force takes them all", () => {
    const edited = configured.replace('omnidoc:workerConcurrency: "2"', 'omnidoc:workerConcurrency: "8"');
    const moved = { ...owned, "omnidoc:branch": "feature/renamed" };
    const some = mergePreviewStack(
      edited,
      moved,
      { ...flags, reset: ["branch"], keep: ["workerConcurrency"] },
      "f",
    );
    expect(some).toMatchObject({ changed: ["omnidoc:branch"], kept: ["omnidoc:workerConcurrency"] });
    const config = (parse(some.text ?? "") as { config: Record<string, unknown> }).config;
    expect(config["omnidoc:branch"]).toBe("feature/renamed");
    expect(config["omnidoc:workerConcurrency"]).toBe("8");
    expect(config["omnidoc:geminiApiKey"]).toEqual({ secure: "v1:GEMINI:CIPHER" });
    const all = mergePreviewStack(edited, moved, { ...flags, force: true }, "f");
    expect(all.changed.sort()).toEqual(["omnidoc:branch", "omnidoc:workerConcurrency"]);
    expect(() => mergePreviewStack(edited, moved, { ...flags, reset: ["branch"] }, "f")).toThrow(
      /workerConcurrency/,
    );
  });

  it("never shows a secure value or a URL's password in a refusal", () => {
    const secret = configured.replace(
      'omnidoc:repo: "omnidoc-app/omnidoc"',
      "omnidoc:repo:\n    secure: v1:REPO:CIPHER",
    );
    expect(() => mergePreviewStack(secret, owned, flags, "f")).toThrow(
      /omnidoc:repo is a secure value there/,
    );
    const url = configured.replace(
      'omnidoc:repo: "omnidoc-app/omnidoc"',
      'omnidoc:repo: "https://u:hunter22@git.example/x"',
    );
    try {
      mergePreviewStack(url, owned, flags, "f");
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).toContain("https://u:***@git.example/x");
      expect((error as Error).message).not.toContain("hunter22");
    }
  });

  it("a key production no longer has stays (it is the person's now); --reset of a key it does not own is refused", () => {
    const { "omnidoc:projectName": _dropped, ...smaller } = owned;
    const merge = mergePreviewStack(configured, smaller, flags, "f");
    expect(merge.text).toBeUndefined();
    expect(merge.preserved).toContain("omnidoc:projectName");
    expect(() => mergePreviewStack(configured, owned, { ...flags, reset: ["geminiApiKey"] }, "f")).toThrow(
      PreviewStackInputError,
    );
  });

  it("refuses a file that is not a stack file, and keeps salt-only files", () => {
    expect(() => mergePreviewStack("config: [1, 2\n", owned, flags, "f")).toThrow(/not valid YAML/);
    expect(() => mergePreviewStack("- a\n", owned, flags, "f")).toThrow(/not a stack file/);
    expect(() => mergePreviewStack("config: 3\n", owned, flags, "f")).toThrow(
      /config: that is not a mapping/,
    );
    const salted = mergePreviewStack("encryptionsalt: v1:S:S\n", owned, flags, "f").text ?? "";
    expect(parse(salted)).toEqual({ encryptionsalt: "v1:S:S", config: owned });
  });
});

describe("parsePreviewStackArgs", () => {
  it("accepts a pull request and branch, with production stack from flag, env or default", () => {
    expect(parsePreviewStackArgs(["--pr", "7", "--branch", "fix/x"], {})).toEqual({
      pullRequest: 7,
      branch: "fix/x",
      productionStack: DEFAULT_PRODUCTION_STACK,
      out: undefined,
      force: false,
      reset: [],
      keep: [],
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

  it("--help wins wherever it is, but not as the value of a flag", () => {
    expect(parseArgsOrHelp(["--help"], {})).toBe("help");
    expect(parseArgsOrHelp(["--pr", "x", "-h"], {})).toBe("help");
    expect(() => parseArgsOrHelp(["--pr", "1", "--branch", "--help"], {})).toThrow(/must not start with "-"/);
  });

  it("takes --reset and --keep (repeatable, with or without omnidoc:) and --force", () => {
    const parsed = parsePreviewStackArgs(
      ["--pr", "1", "--branch", "b", "--reset", "branch", "--reset=omnidoc:repo", "--keep", "logLevel"],
      {},
    );
    expect(parsed).toMatchObject({ reset: ["branch", "repo"], keep: ["logLevel"], force: false });
    expect(parsePreviewStackArgs(["--pr", "1", "--branch", "b", "--force"], {}).force).toBe(true);
    rejects(["--pr", "1", "--branch", "b", "--reset", "x", "--keep", "x"], /x is given to both/);
    rejects(["--pr", "1", "--branch", "b", "--force", "--keep", "x"], /cannot go with --keep/);
    rejects(["--pr", "1", "--branch", "b", "--reset"], /--reset needs a value/);
  });

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

  it("--help prints the usage, the rule for re-runs and examples, and exits 0", () => {
    const result = run(["--help"]);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^Usage: npm run preview-stack -- --pr <number> --branch <branch>/);
    expect(result.stdout).toContain("--reset <key>");
    expect(result.stdout).toContain("Examples:");
  });

  it("an unknown argument exits 2 with the reason and a pointer to --help", () => {
    const result = run(["--pr", "5", "--branch", "x", "--stack", "y"]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('unknown argument "--stack"');
    expect(result.stderr).toContain("npm run preview-stack -- --help");
  });

  it("a re-run keeps secrets and the salt, writes nothing when nothing changed, refuses a changed branch", () => {
    const out = join(directory, "Pulumi.pr-8.yaml");
    expect(run(["--pr", "8", "--branch", "feature/x", "--out", out]).status).toBe(0);
    const withSecrets = `encryptionsalt: v1:SALT8:SALT8\n${readFileSync(out, "utf8")}  omnidoc:geminiApiKey:\n    secure: v1:G8:C8\n`;
    writeFileSync(out, withSecrets);
    const again = run(["--pr", "8", "--branch", "feature/x", "--out", out]);
    expect(again.status).toBe(0);
    expect(again.stdout).toContain(`up to date: ${out} (nothing written)`);
    expect(again.stdout).toContain("kept as you set them: encryptionsalt, omnidoc:geminiApiKey (secure)");
    expect(readFileSync(out, "utf8")).toBe(withSecrets);
    const moved = run(["--pr", "8", "--branch", "feature/y", "--out", out]);
    expect(moved.status).toBe(2);
    expect(moved.stderr).toContain('omnidoc:branch is "feature/x" there; this run would write "feature/y"');
    expect(readFileSync(out, "utf8")).toBe(withSecrets);
    const reset = run(["--pr", "8", "--branch", "feature/y", "--out", out, "--reset", "branch"]);
    expect(reset.status).toBe(0);
    expect(reset.stdout).toContain("changed: omnidoc:branch");
    const written = parse(readFileSync(out, "utf8")) as {
      encryptionsalt: string;
      config: Record<string, unknown>;
    };
    expect(written.encryptionsalt).toBe("v1:SALT8:SALT8");
    expect(written.config["omnidoc:geminiApiKey"]).toEqual({ secure: "v1:G8:C8" });
    expect(written.config["omnidoc:branch"]).toBe("feature/y");
  });

  it("exits 2 and writes nothing on bad input", () => {
    const out = join(directory, "Pulumi.pr-6.yaml");
    const result = run(["--pr", "6", "--branch", "bad branch", "--out", out]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/nothing was written[\s\S]*must not contain " "/);
    expect(existsSync(out)).toBe(false);
  });
});
