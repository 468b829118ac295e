import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { projectsNamed, type RailwayClient } from "../../components/railway/index.ts";
import type { CheckOptions } from "./checks.ts";
import { type DoctorTarget, TargetNotFoundError } from "./facts.ts";
import type { ReportFormat } from "./report.ts";

export interface DoctorArgs {
  stack?: string | undefined;
  project?: string | undefined;
  environment?: string | undefined;
  api?: string | undefined;
  worker?: string | undefined;
  /** How the report is printed; `--json` is `--format json`. */
  format: ReportFormat;
  help: boolean;
}

/** Bad arguments: exit 2 with the reason and a pointer to --help. */
export class UsageError extends Error {}

export const DOCTOR_HELP = `Usage: npm run doctor -- [--stack NAME | --project ID --environment NAME] [options]

Reads the API and Celery worker services, their variables, deployments and logs from Railway and says,
check by check, what is wrong and how to fix it (docs/troubleshooting-guide.md). Never prints a secret.

Where to look:
  --stack <name>          read project, environment and service names from Pulumi.<name>.yaml in the
                          project folder (default: prod; a preview stack pr-<n> checks environment pr-<n>)
  --project <id>          a Railway project id instead of a stack (needs --environment)
  --environment <name>    the environment to check, with --project
  --api <service>         the API service's name (default: the stack's apiService, else omnidoc-backend)
  --worker <service>      the worker service's name (default: the stack's workerService, else
                          omnidoc-celery-worker)

Output:
  --format <table|json|markdown>   table (default) for a terminal, json for tools, markdown for a GitHub
                                   job summary
  --json                  the same as --format json
  --help                  this text

The token comes from RAILWAY_API_TOKEN (or RAILWAY_TOKEN), from the environment or from .env in the
project folder (the folder of Pulumi.yaml, found from this script, wherever the command runs); variables
already set win over .env. RAILWAY_API_URL points it at another endpoint (the emulator).

Exit codes: 0 every check passed, 1 a check failed (– marks checks not judged because of an earlier
failure), 2 it could not check (no token, Railway unreachable, no such project or environment, bad
arguments).

Examples:
  npm run doctor
  npm run doctor -- --stack pr-7
  npm run doctor -- --project 3f2e… --environment staging --worker celery-worker
  npm run doctor -- --stack prod --format markdown >> "$GITHUB_STEP_SUMMARY"`;

const FORMATS: readonly ReportFormat[] = ["table", "json", "markdown"];
const VALUE_FLAGS = ["--stack", "--project", "--environment", "--api", "--worker", "--format"] as const;

/** Parses the arguments above; `--flag value` and `--flag=value` both work. */
export function parseDoctorArgs(argv: readonly string[]): DoctorArgs {
  const args: DoctorArgs = { format: "table", help: false };
  let format: string | undefined;
  let json = false;
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index] ?? "";
    if (arg === "--help" || arg === "-h") return { ...args, help: true };
    if (arg === "--json") {
      json = true;
      continue;
    }
    const equals = arg.indexOf("=");
    const flag = (
      arg.startsWith("--") && equals > 0 ? arg.slice(0, equals) : arg
    ) as (typeof VALUE_FLAGS)[number];
    if (!VALUE_FLAGS.includes(flag)) throw new UsageError(`unknown argument ${JSON.stringify(arg)}`);
    let value: string | undefined;
    if (flag !== arg) value = arg.slice(equals + 1);
    else {
      value = argv[index + 1];
      index += 1;
    }
    if (!value || (flag === arg && value.startsWith("--"))) throw new UsageError(`${flag} needs a value`);
    if (flag === "--format") format = value;
    else args[flag.slice(2) as "stack" | "project" | "environment" | "api" | "worker"] = value;
  }
  if (format !== undefined && !FORMATS.includes(format as ReportFormat)) {
    throw new UsageError(`--format must be table, json or markdown, got ${JSON.stringify(format)}`);
  }
  if (json && format !== undefined && format !== "json") {
    throw new UsageError(`--json is --format json; it cannot go with --format ${format}`);
  }
  args.format = json ? "json" : ((format as ReportFormat | undefined) ?? "table");
  if (args.stack && args.project) throw new UsageError("give --stack or --project, not both");
  if (args.project && !args.environment) throw new UsageError("--project needs --environment");
  if (!args.stack && !args.project) args.stack = "prod";
  return args;
}

/** The stack's non-secret config (Pulumi.<stack>.yaml), without the `omnidoc:` prefix. */
function stackConfig(directory: string, stack: string): Record<string, string> {
  const path = join(directory, `Pulumi.${stack}.yaml`);
  if (!existsSync(path)) {
    throw new TargetNotFoundError(`no ${path}; give another --stack, or --project and --environment`);
  }
  const document = parse(readFileSync(path, "utf8")) as { config?: Record<string, unknown> } | null;
  const config: Record<string, string> = {};
  for (const [key, value] of Object.entries(document?.config ?? {})) {
    if (key.startsWith("omnidoc:") && typeof value === "string") config[key.slice("omnidoc:".length)] = value;
  }
  return config;
}

/** Where to look and what to expect, from the arguments and the stack's config. */
export async function resolveTarget(
  client: RailwayClient,
  args: DoctorArgs,
  directory: string,
): Promise<{ target: DoctorTarget; options: CheckOptions }> {
  const config = args.stack ? stackConfig(directory, args.stack) : {};
  const environmentName =
    args.environment ??
    (config.pullRequest ? `pr-${config.pullRequest}` : (config.environment ?? "production"));
  let projectId = args.project;
  if (!projectId) {
    const name = config.projectName ?? "omnidoc";
    const found = await projectsNamed(client, name, config.workspaceId);
    if (found.length === 0)
      throw new TargetNotFoundError(`No Railway project named "${name}" is visible to this token.`);
    if (found.length > 1) {
      throw new TargetNotFoundError(`${found.length} projects are named "${name}"; give --project <id>.`);
    }
    projectId = found[0]?.id ?? "";
  }
  const brokerVariable = "REDIS_URL";
  return {
    target: {
      projectId,
      environmentName,
      apiService: args.api ?? config.apiService ?? "omnidoc-backend",
      workerService: args.worker ?? config.workerService ?? "omnidoc-celery-worker",
      brokerVariable,
    },
    options: {
      celeryApp: config.celeryApp ?? "src.tasks.celery_app",
      concurrency: Number(config.workerConcurrency ?? "1"),
      brokerVariable,
    },
  };
}
