/**
 * A pull request's preview stack (`pr-<number>`): its config is production's non-secret settings, with
 * the pull request's branch and a reference to the production stack that owns the Railway project.
 * Pure functions only; scripts/preview-stack.ts does the reading, writing and printing.
 *
 * Re-running keeps what a person set (mergePreviewStack): the file's other top-level keys
 * (`encryptionsalt`, `secretsprovider`, `encryptedkey`, …), every `secure:` value and every config key
 * the script does not own stay as they are, comments included. The script owns the non-secret `omnidoc:`
 * keys it copies from Pulumi.prod.yaml plus `pullRequest`, `branch` and `productionStack`; where an owned
 * key already holds another value, it refuses and names the key, unless `--reset KEY` (take the new
 * value), `--keep KEY` (keep the file's) or `--force` (take every new value) says what to do.
 */
import { isDeepStrictEqual } from "node:util";
import { isMap, parse, parseDocument, stringify } from "yaml";
import { maskUrlCredentials } from "../components/railway/redact.ts";
import {
  branchNameProblems as gitBranchProblems,
  hasUrlCredentials,
} from "../components/railway/vocabulary.ts";
import { SECRET_KEYS } from "../stack/secretKeys.ts";

/** How a self-managed backend (s3://, gs://, azblob://) names project omnidoc's prod stack. */
export const DEFAULT_PRODUCTION_STACK = "organization/omnidoc/prod";

export { SECRET_KEYS };

const NAMESPACE = "omnidoc";

/** The keys the script sets itself, besides the ones it copies from production. */
export const SCRIPT_KEYS: readonly string[] = ["pullRequest", "branch", "productionStack"];

/** Production keys never copied: the preview stack sets its own, and its environment is `pr-<number>`. */
const REPLACED_KEYS: readonly string[] = ["environment", ...SCRIPT_KEYS];

/** Bad command-line input; the CLI exits with code 2 and writes nothing. */
export class PreviewStackInputError extends Error {
  constructor(problems: readonly string[]) {
    super(problems.join("\n"));
    this.name = "PreviewStackInputError";
  }
}

/**
 * Re-running would change a value already in the stack file, and no flag said to; the CLI exits with
 * code 2 and writes nothing. Also thrown for an existing file that is not a stack file.
 */
export class PreviewStackConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PreviewStackConflictError";
  }
}

export interface PreviewStackArgs {
  pullRequest: number;
  branch: string;
  productionStack: string;
  /** Where to write the stack file; undefined means Pulumi.pr-<number>.yaml in the project directory. */
  out: string | undefined;
  /** Take every new value of an owned key that the file holds with another value. */
  force: boolean;
  /** Owned keys (without `omnidoc:`) whose new value replaces the file's. */
  reset: string[];
  /** Owned keys (without `omnidoc:`) whose value in the file is kept. */
  keep: string[];
}

export const PREVIEW_STACK_HELP = `Usage: npm run preview-stack -- --pr <number> --branch <branch> [options]

Writes Pulumi.pr-<number>.yaml, the preview stack of pull request <number>: Pulumi.prod.yaml's non-secret
omnidoc: settings, with the pull request's branch and a reference to the production stack.

Re-running keeps what you set in that file: encryptionsalt, secretsprovider, encryptedkey, every secure:
value (pulumi config set --secret) and every key this script does not own. It owns the keys it copies
from Pulumi.prod.yaml plus pullRequest, branch and productionStack. When one of those already holds
another value, it refuses (exit 2, the key named, nothing written) unless you say what to do:

Options:
  --pr <number>               the pull request's number (required)
  --branch <branch>           the branch Railway builds the preview from (required)
  --production-stack <stack>  the production stack, org/project/stack or stack
                              (default: $PULUMI_PRODUCTION_STACK, else ${DEFAULT_PRODUCTION_STACK})
  --out <path>                where to write (default: Pulumi.pr-<number>.yaml in the project folder)
  --reset <key>               take this run's value for an owned key (repeatable)
  --keep <key>                keep the file's value for an owned key (repeatable)
  --force                     take this run's value for every owned key
  --help                      this text

Exit codes: 0 written or already up to date, 2 bad input or a value it would change, 1 a file could
not be read or written.

Examples:
  npm run preview-stack -- --pr 7 --branch feature/faster-pdf
  npm run preview-stack -- --pr 7 --branch feature/faster-pdf --production-stack acme/omnidoc/prod
  npm run preview-stack -- --pr 7 --branch feature/renamed --reset branch
  npm run preview-stack -- --pr 7 --branch feature/faster-pdf --keep workerConcurrency`;

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
 * Parses `--pr <number> --branch <branch> [--production-stack <stack>] [--out <path>] [--reset <key>]…
 * [--keep <key>]… [--force]`. Every problem is collected before throwing, so one run names them all.
 * Returns "help" when `--help` (or `-h`) is given as an argument, whatever else is.
 */
export function parsePreviewStackArgs(
  argv: readonly string[],
  env: Record<string, string | undefined>,
): PreviewStackArgs | "help" {
  const values = new Map<string, string>();
  const lists: Record<"--reset" | "--keep", string[]> = { "--reset": [], "--keep": [] };
  let force = false;
  const problems: string[] = [];
  const flags = ["--pr", "--branch", "--production-stack", "--out", "--reset", "--keep"];
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index] ?? "";
    if (arg === "--help" || arg === "-h") return "help";
    if (arg === "--force") {
      force = true;
      continue;
    }
    // `--flag=value` as well as `--flag value`; a branch may itself start with "--", so never sniff values.
    const equals = arg.indexOf("=");
    const flag = arg.startsWith("--") && equals > 0 ? arg.slice(0, equals) : arg;
    if (!flags.includes(flag)) {
      problems.push(`unknown argument ${JSON.stringify(arg)}`);
      continue;
    }
    let value: string | undefined;
    if (flag !== arg) {
      value = arg.slice(equals + 1);
    } else if (index + 1 < argv.length) {
      value = argv[index + 1] ?? "";
      index += 1;
    } else {
      problems.push(`${flag} needs a value`);
      continue;
    }
    if (flag === "--reset" || flag === "--keep") {
      lists[flag].push(value.startsWith(`${NAMESPACE}:`) ? value.slice(NAMESPACE.length + 1) : value);
      continue;
    }
    if (values.has(flag)) problems.push(`${flag} given twice`);
    values.set(flag, value);
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
  for (const key of lists["--reset"].filter((key) => lists["--keep"].includes(key))) {
    problems.push(`${key} is given to both --reset and --keep; choose one`);
  }
  if (force && lists["--keep"].length > 0)
    problems.push("--force takes every new value; it cannot go with --keep");
  if (problems.length > 0 || pr === undefined || branch === undefined) {
    throw new PreviewStackInputError(problems);
  }
  return {
    pullRequest: Number(pr),
    branch,
    productionStack,
    out,
    force,
    reset: [...new Set(lists["--reset"])],
    keep: [...new Set(lists["--keep"])],
  };
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

/** The stack file's text when there is none yet; the header says where it came from and what re-running keeps. */
export function renderPreviewStackYaml(config: Record<string, unknown>, pullRequest: number): string {
  const header = [
    `# Preview stack ${previewStackName(pullRequest)}, written by scripts/preview-stack.ts from Pulumi.prod.yaml.`,
    "# Re-running it keeps your secrets (`pulumi config set --secret <key> --stack <this stack>`), the",
    "# encryption salt and the keys it does not own; it refuses to change a value you edited (see --help).",
  ].join("\n");
  return `${header}\n${stringify({ config }, STRINGIFY_OPTIONS)}`;
}

// Quote every new string so values such as "1" stay strings, as Pulumi config values are; never fold a
// long value over lines.
const STRINGIFY_OPTIONS = {
  defaultStringType: "QUOTE_DOUBLE",
  defaultKeyType: "PLAIN",
  lineWidth: 0,
} as const;

/** Where this run's value of an owned key comes from, for the refusal message. */
function sourceOf(key: string): string {
  const bare = key.slice(NAMESPACE.length + 1);
  if (bare === "pullRequest") return "--pr";
  if (bare === "branch") return "--branch";
  if (bare === "productionStack") return "--production-stack / PULUMI_PRODUCTION_STACK";
  return "Pulumi.prod.yaml";
}

/** A config value as a message may show it: never a secure value or a URL's password. */
function shown(value: unknown): string {
  if (holdsSecret(value)) return "a secure value";
  if (typeof value === "string") {
    return JSON.stringify(hasUrlCredentials(value) ? maskUrlCredentials(value) : value);
  }
  return JSON.stringify(value) ?? String(value);
}

export interface PreviewStackMerge {
  /** The file's new text; undefined when the file already says all of it (nothing to write). */
  text: string | undefined;
  /** Owned keys the file did not have. */
  added: string[];
  /** Owned keys whose value this run replaced (by --reset or --force). */
  changed: string[];
  /** Owned keys whose other value in the file was kept (by --keep). */
  kept: string[];
  /** What the person set that the script does not own, kept as is: names only, `(secure)` marked. */
  preserved: string[];
}

/**
 * Merges this run's owned keys into the existing stack file (undefined when there is none). Edits the
 * parsed document in place, so everything else in the file, comments included, is kept.
 */
export function mergePreviewStack(
  existing: string | undefined,
  owned: Record<string, unknown>,
  args: Pick<PreviewStackArgs, "pullRequest" | "force" | "reset" | "keep">,
  file: string,
): PreviewStackMerge {
  const ownedNames = Object.keys(owned).map((key) => key.slice(NAMESPACE.length + 1));
  const strangers = [...args.reset, ...args.keep].filter((key) => !ownedNames.includes(key));
  if (strangers.length > 0) {
    throw new PreviewStackInputError(
      strangers.map(
        (key) =>
          `${key} is not a key preview-stack writes (it owns ${ownedNames.join(", ")}); it never changes any other key`,
      ),
    );
  }
  if (existing === undefined) {
    return {
      text: renderPreviewStackYaml(owned, args.pullRequest),
      added: Object.keys(owned),
      changed: [],
      kept: [],
      preserved: [],
    };
  }
  const document = parseDocument(existing);
  const broken = document.errors[0];
  if (broken) {
    throw new PreviewStackConflictError(
      `${file} is not valid YAML (${broken.message.split("\n")[0]}); fix it or move it away, then run again`,
    );
  }
  if (document.contents !== null && !isMap(document.contents)) {
    throw new PreviewStackConflictError(`${file} is not a stack file (its top level is not a mapping)`);
  }
  const current = document.get("config");
  if (current !== undefined && current !== null && !isMap(current)) {
    throw new PreviewStackConflictError(`${file} has a config: that is not a mapping`);
  }
  const top = (document.toJS() ?? {}) as Record<string, unknown>;
  const before = (top.config ?? {}) as Record<string, unknown>;
  const preserved = [
    ...Object.keys(top).filter((key) => key !== "config"),
    ...Object.entries(before)
      .filter(([key]) => !(key in owned))
      .map(([key, value]) => (holdsSecret(value) ? `${key} (secure)` : key)),
  ];
  const added: string[] = [];
  const changed: string[] = [];
  const kept: string[] = [];
  const refusals: string[] = [];
  const writes: Array<[string, unknown]> = [];
  for (const [key, value] of Object.entries(owned)) {
    if (!(key in before)) {
      added.push(key);
      writes.push([key, value]);
      continue;
    }
    if (isDeepStrictEqual(before[key], value)) continue;
    const bare = key.slice(NAMESPACE.length + 1);
    if (args.keep.includes(bare)) kept.push(key);
    else if (args.force || args.reset.includes(bare)) {
      changed.push(key);
      writes.push([key, value]);
    } else {
      refusals.push(
        `  ${key} is ${shown(before[key])} there; this run would write ${shown(value)} (from ${sourceOf(key)})`,
      );
    }
  }
  if (refusals.length > 0) {
    throw new PreviewStackConflictError(
      [
        `${file} holds values this run would change:`,
        ...refusals,
        "Re-run with --reset <key> to take this run's value, --keep <key> to keep the file's, or --force to take every new value.",
      ].join("\n"),
    );
  }
  if (writes.length === 0) return { text: undefined, added, changed, kept, preserved };
  if (current === undefined || current === null) document.set("config", document.createNode({}));
  for (const [key, value] of writes) document.setIn(["config", key], document.createNode(value));
  return { text: document.toString(STRINGIFY_OPTIONS), added, changed, kept, preserved };
}
