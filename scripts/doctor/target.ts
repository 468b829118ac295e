import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { projectsNamed, type RailwayClient } from "../../components/railway/index.ts";
import type { CheckOptions } from "./checks.ts";
import { type DoctorTarget, TargetNotFoundError } from "./facts.ts";

export interface DoctorArgs {
  stack?: string | undefined;
  project?: string | undefined;
  environment?: string | undefined;
  api?: string | undefined;
  worker?: string | undefined;
  json: boolean;
}

export class UsageError extends Error {}

/** Parses `--stack NAME | --project ID --environment NAME`, `--api`, `--worker`, `--json`. */
export function parseDoctorArgs(argv: readonly string[]): DoctorArgs {
  const args: DoctorArgs = { json: false };
  const flagValue = (index: number, flag: string) => {
    const value = argv[index + 1];
    if (!value || value.startsWith("--")) throw new UsageError(`${flag} needs a value`);
    return value;
  };
  for (let index = 0; index < argv.length; index += 1) {
    const flag = argv[index];
    if (flag === "--json") args.json = true;
    else if (
      flag === "--stack" ||
      flag === "--project" ||
      flag === "--environment" ||
      flag === "--api" ||
      flag === "--worker"
    ) {
      args[flag.slice(2) as "stack" | "project" | "environment" | "api" | "worker"] = flagValue(index, flag);
      index += 1;
    } else throw new UsageError(`unknown argument ${flag}`);
  }
  if (args.stack && args.project) throw new UsageError("give --stack or --project, not both");
  if (args.project && !args.environment) throw new UsageError("--project needs --environment");
  if (!args.stack && !args.project) args.stack = "prod";
  return args;
}

/** The stack's non-secret config (Pulumi.<stack>.yaml), without the `omnidoc:` prefix. */
function stackConfig(directory: string, stack: string): Record<string, string> {
  const path = join(directory, `Pulumi.${stack}.yaml`);
  if (!existsSync(path)) throw new UsageError(`no ${path}; give --project and --environment instead`);
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
