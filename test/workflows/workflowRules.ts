/**
 * This project's own rules for its GitHub workflows, on top of what actionlint checks (syntax,
 * expressions, known actions' inputs): actionlint knows nothing of pulumi/actions@v7's inputs, of which
 * jobs run `pulumi up`, or of this project's concurrency and permission rules. Each problem is one line
 * naming the workflow and job.
 */
import { parse } from "yaml";

/** pulumi/actions@v7's inputs (its action.yml at v7.0.0); a misspelt input would be silently ignored. */
export const PULUMI_ACTION_V7_INPUTS: readonly string[] = [
  "command",
  "stack-name",
  "pulumi-version",
  "pulumi-version-file",
  "work-dir",
  "comment-on-pr",
  "comment-on-pr-number",
  "comment-on-summary",
  "github-token",
  "cloud-url",
  "secrets-provider",
  "parallel",
  "message",
  "config-map",
  "expect-no-changes",
  "diff",
  "replace",
  "exclude",
  "exclude-dependents",
  "target",
  "target-dependents",
  "policyPacks",
  "policyPackConfigs",
  "refresh",
  "upsert",
  "remove",
  "edit-pr-comment",
  "color",
  "exclude-protected",
  "plan",
  "suppress-outputs",
  "suppress-progress",
  "always-include-summary",
  "continue-on-error",
  "log-verbosity",
  "log-flow",
  "debug",
];

type Mapping = Record<string, unknown>;

function isMapping(value: unknown): value is Mapping {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function mapping(value: unknown): Mapping {
  return isMapping(value) ? value : {};
}

function text(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

const MUTATING_COMMANDS = ["up", "update", "destroy"];
/** `pulumi up` / `pulumi destroy` typed into a run script counts as much as the action does. */
const MUTATING_RUN = /\bpulumi\s+(up|update|destroy)\b/;
const UNTRUSTED_REFS = /\$\{\{[^}]*\b(github\.head_ref|github\.event\.pull_request\.head\.ref)\b/;
const SECRET_EXPRESSION = /^\$\{\{\s*secrets\.[A-Za-z0-9_]+\s*\}\}$/;

interface Job {
  name: string;
  job: Mapping;
  steps: Mapping[];
}

function jobsOf(workflow: Mapping): Job[] {
  return Object.entries(mapping(workflow.jobs)).map(([name, job]) => ({
    name,
    job: mapping(job),
    steps: Array.isArray(mapping(job).steps) ? (mapping(job).steps as unknown[]).map(mapping) : [],
  }));
}

const isPulumiAction = (step: Mapping) => text(step.uses)?.startsWith("pulumi/actions@") ?? false;

/** Problems with one workflow's text; empty when it follows every rule. */
export function workflowRuleProblems(file: string, source: string): string[] {
  const workflow = mapping(parse(source));
  const problems: string[] = [];
  const problem = (where: string, message: string) => problems.push(`${file}${where}: ${message}`);

  // Least privilege: read-only by default; a job widens it only for what it does.
  const permissions = workflow.permissions;
  if (permissions === undefined) problem("", "declares no top-level permissions");
  else if (
    !isMapping(permissions) ||
    Object.keys(permissions).join() !== "contents" ||
    permissions.contents !== "read"
  ) {
    problem("", "top-level permissions must be exactly { contents: read }");
  }
  const workflowConcurrency = workflow.concurrency;

  for (const { name, job, steps } of jobsOf(workflow)) {
    const where = ` job ${name}`;
    const commentsOnPr = steps.some(
      (step) => isPulumiAction(step) && mapping(step.with)["comment-on-pr"] === true,
    );
    if (job.permissions !== undefined) {
      const granted = mapping(job.permissions);
      if (!isMapping(job.permissions)) problem(where, "permissions must be a mapping, not a blanket grant");
      for (const [scope, level] of Object.entries(granted)) {
        const allowed =
          (scope === "contents" && level === "read") ||
          (scope === "pull-requests" && level === "write" && commentsOnPr);
        if (!allowed) problem(where, `grants ${scope}: ${String(level)} without needing it`);
      }
    }
    if (commentsOnPr && mapping(job.permissions)["pull-requests"] !== "write") {
      problem(where, "comments on the pull request but lacks permissions pull-requests: write");
    }

    // The toolchain every job sets up the same way, before any Pulumi step.
    const uses = steps.map((step) => text(step.uses) ?? "");
    if (!uses.includes("actions/checkout@v4")) problem(where, "does not use actions/checkout@v4");
    const setupNode = steps.find((step) => step.uses === "actions/setup-node@v4");
    const nodeWith = mapping(setupNode?.with);
    if (!setupNode || nodeWith["node-version-file"] !== ".nvmrc" || nodeWith.cache !== "npm") {
      problem(where, "must use actions/setup-node@v4 with node-version-file: .nvmrc and cache: npm");
    }
    const npmCi = steps.findIndex((step) => text(step.run)?.trim() === "npm ci");
    const firstPulumi = steps.findIndex(isPulumiAction);
    if (npmCi < 0 || (firstPulumi >= 0 && npmCi > firstPulumi))
      problem(where, "must run npm ci before Pulumi");

    let mutates = false;
    const stacks = new Set<string>();
    for (const [index, step] of steps.entries()) {
      const at = `${where} step ${index + 1}`;
      const withs = mapping(step.with);
      const env = mapping(step.env);
      if (isPulumiAction(step)) {
        if (step.uses !== "pulumi/actions@v7")
          problem(at, `uses ${String(step.uses)}, not pulumi/actions@v7`);
        for (const input of Object.keys(withs)) {
          if (!PULUMI_ACTION_V7_INPUTS.includes(input))
            problem(at, `pulumi/actions@v7 has no input ${input}`);
        }
        const command = text(withs.command);
        if (command !== undefined) {
          // State must outlive the runner: the backend comes from a repository variable, never file://.
          if (withs["cloud-url"] !== "${{ vars.PULUMI_BACKEND_URL }}") {
            problem(at, "cloud-url must be ${{ vars.PULUMI_BACKEND_URL }}");
          }
          if (MUTATING_COMMANDS.includes(command)) {
            mutates = true;
            stacks.add(String(withs["stack-name"]));
          }
          if (withs.remove === true && command !== "destroy")
            problem(at, "remove: true only acts with destroy");
        }
      }
      const run = text(step.run);
      if (run !== undefined) {
        if (MUTATING_RUN.test(run)) mutates = true;
        if (UNTRUSTED_REFS.test(run)) problem(at, "interpolates the pull request's branch into a run script");
        // Every value reaches a script through env:, so nothing the event carries becomes shell code.
        if (run.includes("${{")) problem(at, "interpolates ${{ }} into a run script; pass it through env:");
        if (/^\s*set\s+-[a-z]*x/m.test(run)) problem(at, "traces its script (set -x), which prints secrets");
      }
      // Secrets only from repository secrets, each as a whole value, and never printed.
      for (const [key, value] of [...Object.entries(env), ...Object.entries(withs)]) {
        const expression = text(value) ?? "";
        if (expression.includes("secrets.") && !SECRET_EXPRESSION.test(expression)) {
          problem(at, `${key} must be exactly \${{ secrets.NAME }}`);
        }
      }
      const secretVariables = Object.entries(env)
        .filter(([, value]) => SECRET_EXPRESSION.test(text(value) ?? ""))
        .map(([key]) => key);
      for (const line of (run ?? "").split("\n")) {
        const printed = secretVariables.find((variable) => new RegExp(`\\$\\{?${variable}\\b`).test(line));
        if (printed && /^\s*(echo|printf)\b/.test(line) && !line.includes("|")) {
          problem(at, `prints the secret ${printed}`);
        }
      }
    }

    // One run at a time per stack, and never cancelled midway: a cancelled up/destroy leaves pending
    // operations and a held lock.
    if (mutates) {
      const concurrency = mapping(job.concurrency ?? workflowConcurrency);
      const expected = stacks.size === 1 ? `pulumi-${[...stacks][0]}` : undefined;
      const group = text(concurrency.group);
      if (!group) problem(where, "runs up/destroy without a concurrency group");
      else if (expected && group !== expected)
        problem(where, `concurrency group must be ${expected}, not ${group}`);
      else if (!expected && !group.startsWith("pulumi-"))
        problem(where, "concurrency group must be pulumi-<stack>");
      if (concurrency["cancel-in-progress"] !== false) {
        problem(where, "runs up/destroy, so its concurrency must set cancel-in-progress: false");
      }
      if (mapping(workflowConcurrency)["cancel-in-progress"] === true) {
        problem(where, "runs up/destroy under a workflow concurrency that cancels runs in progress");
      }
    }
  }
  return problems;
}
