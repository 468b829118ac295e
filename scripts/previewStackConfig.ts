/**
 * A pull request's preview stack (`pr-<number>`): its config is production's non-secret settings, with
 * the pull request's branch and a reference to the production stack that owns the Railway project.
 * Pure functions only; scripts/preview-stack.ts does the reading, writing and printing.
 */
import { parse, stringify } from "yaml";
import { branchNameProblems as gitBranchProblems } from "../components/railway/vocabulary.ts";
import { SECRET_KEYS } from "../stack/secretKeys.ts";

/** How a self-managed backend (s3://, gs://, azblob://) names project omnidoc's prod stack. */
export const DEFAULT_PRODUCTION_STACK = "organization/omnidoc/prod";

export { SECRET_KEYS };

/** Keys the preview stack sets itself: production's values must not leak into it. */
const REPLACED_KEYS: readonly string[] = ["environment", "branch", "pullRequest", "productionStack"];

const NAMESPACE = "omnidoc";

/** Bad command-line input; the CLI exits with code 2 and writes nothing. */
export class PreviewStackInputError extends Error {
  constructor(problems: readonly string[]) {
    super(problems.join("\n"));
    this.name = "PreviewStackInputError";
  }
}

export interface PreviewStackArgs {
  pullRequest: number;
  branch: string;
  productionStack: string;
  /** Where to write the stack file; undefined means Pulumi.pr-<number>.yaml in the project directory. */
  out: string | undefined;
}

export function previewStackName(pullRequest: number): string {
  return `pr-${pullRequest}`;
}

/** Why `value` is not a pull request number, or undefined when it is one. */
export function pullRequestProblem(value: string): string | undefined {
  if (!/^[1-9][0-9]*$/.test(value) || !Number.isSafeInteger(Number(value))) {
    return `--pr must be a positive integer (the pull request's number), got ${JSON.stringify(value)}`;
  }
  return undefined;
}

/** Why `name` is not a valid branch name (git's rules), each problem naming the flag. */
export function branchNameProblems(name: string): string[] {
  return gitBranchProblems(name).map((problem) => `--branch ${JSON.stringify(name)} ${problem}`);
}

/** Why `value` is not a stack name Pulumi accepts here, or undefined when it is one. */
export function productionStackProblem(value: string): string | undefined {
  const part = "[A-Za-z0-9_.-]+";
  if (!new RegExp(`^(${part}/${part}/)?${part}$`).test(value)) {
    return `--production-stack must look like org/project/stack or stack, got ${JSON.stringify(value)}`;
  }
  return undefined;
}

/**
 * Parses `--pr <number> --branch <branch> [--production-stack <stack>] [--out <path>]`. Every problem is
 * collected before throwing, so one run names them all.
 */
export function parsePreviewStackArgs(
  argv: readonly string[],
  env: Record<string, string | undefined>,
): PreviewStackArgs {
  const values = new Map<string, string>();
  const problems: string[] = [];
  const flags = ["--pr", "--branch", "--production-stack", "--out"];
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index] ?? "";
    // `--flag=value` as well as `--flag value`; a branch may itself start with "--", so never sniff values.
    const equals = arg.indexOf("=");
    const flag = arg.startsWith("--") && equals > 0 ? arg.slice(0, equals) : arg;
    if (!flags.includes(flag)) {
      problems.push(`unknown argument ${JSON.stringify(arg)}`);
      continue;
    }
    if (values.has(flag)) problems.push(`${flag} given twice`);
    if (flag !== arg) {
      values.set(flag, arg.slice(equals + 1));
    } else if (index + 1 < argv.length) {
      values.set(flag, argv[index + 1] ?? "");
      index += 1;
    } else {
      problems.push(`${flag} needs a value`);
    }
  }
  const pr = values.get("--pr");
  const branch = values.get("--branch");
  // An empty PULUMI_PRODUCTION_STACK (an unset repository variable in CI) means "use the default".
  const productionStack =
    values.get("--production-stack") ?? (env.PULUMI_PRODUCTION_STACK || DEFAULT_PRODUCTION_STACK);
  const out = values.get("--out");
  if (pr === undefined) problems.push("--pr is required");
  else {
    const problem = pullRequestProblem(pr);
    if (problem) problems.push(problem);
  }
  if (branch === undefined) problems.push("--branch is required");
  else problems.push(...branchNameProblems(branch));
  const stackProblem = productionStackProblem(productionStack);
  if (stackProblem) problems.push(stackProblem);
  if (out === "") problems.push("--out must not be empty");
  if (problems.length > 0 || pr === undefined || branch === undefined) {
    throw new PreviewStackInputError(problems);
  }
  return { pullRequest: Number(pr), branch, productionStack, out };
}

/** True when a config value is, or contains, an encrypted value (`secure: …`). */
function holdsSecret(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(holdsSecret);
  if (value !== null && typeof value === "object") {
    return Object.entries(value).some(([key, inner]) => key === "secure" || holdsSecret(inner));
  }
  return false;
}

export interface PreviewStackConfig {
  /** The `config:` mapping of Pulumi.pr-<number>.yaml. */
  config: Record<string, unknown>;
  /** Production keys left out because they hold secrets (names only, never values). */
  secretKeys: string[];
}

/** Production's stack file text → the preview stack's config. */
export function previewStackConfig(
  productionYaml: string,
  args: Pick<PreviewStackArgs, "pullRequest" | "branch" | "productionStack">,
): PreviewStackConfig {
  const document: unknown = parse(productionYaml);
  const production =
    document !== null && typeof document === "object" && "config" in document ? document.config : undefined;
  if (production === null || typeof production !== "object" || Array.isArray(production)) {
    throw new Error("the production stack file has no config: mapping");
  }
  const prefix = `${NAMESPACE}:`;
  const config: Record<string, unknown> = {};
  const secretKeys: string[] = [];
  for (const [fullKey, value] of Object.entries(production)) {
    if (!fullKey.startsWith(prefix)) continue;
    const key = fullKey.slice(prefix.length);
    if (REPLACED_KEYS.includes(key)) continue;
    if ((SECRET_KEYS as readonly string[]).includes(key) || holdsSecret(value)) {
      secretKeys.push(key);
      continue;
    }
    config[fullKey] = value;
  }
  config[`${prefix}pullRequest`] = String(args.pullRequest);
  config[`${prefix}branch`] = args.branch;
  config[`${prefix}productionStack`] = args.productionStack;
  return { config, secretKeys };
}

/** The stack file's text; the header says where it came from, so nobody edits it by hand. */
export function renderPreviewStackYaml(config: Record<string, unknown>, pullRequest: number): string {
  const header = [
    `# Preview stack ${previewStackName(pullRequest)}, written by scripts/preview-stack.ts from Pulumi.prod.yaml.`,
    "# Regenerated on every run; set its secrets with `pulumi config set --secret <key> --stack <this stack>`.",
  ].join("\n");
  // Quote every string so values such as "1" stay strings, as Pulumi config values are.
  return `${header}\n${stringify({ config }, { defaultStringType: "QUOTE_DOUBLE", defaultKeyType: "PLAIN" })}`;
}
