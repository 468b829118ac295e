/**
 * What the pull tests share: the real `npm run pull` command run in its own process, a Pulumi project
 * folder for the program it writes (with the package linked in), and the config keys its report names.
 */
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { runScript, type ScriptRun } from "../support/runScript.ts";

const REPO = resolve(import.meta.dirname, "../..");

export type PullRun = ScriptRun;

/** The real `npm run pull` command, as a person runs it, in `cwd`. */
export function runPull(args: string[], cwd: string, env: Record<string, string>): Promise<PullRun> {
  return runScript("scripts/pull.ts", args, { cwd, env });
}

/**
 * A Pulumi project folder of its own for a pulled program, inside the repository (.tmp/ is ignored by
 * git) so that Node finds @pulumi/pulumi in the repository's node_modules; the package is "installed"
 * as a link to this checkout.
 */
export function pulledProgramFolder(project: string): string {
  mkdirSync(join(REPO, ".tmp"), { recursive: true });
  const folder = mkdtempSync(join(REPO, ".tmp", "pulled-"));
  writeFileSync(
    join(folder, "Pulumi.yaml"),
    `name: ${project}\nruntime:\n  name: nodejs\n  options:\n    typescript: false\nmain: index.ts\n`,
  );
  writeFileSync(
    join(folder, "package.json"),
    `${JSON.stringify({ name: `${project}-infra`, private: true, type: "module" }, null, 2)}\n`,
  );
  mkdirSync(join(folder, "node_modules"));
  symlinkSync(REPO, join(folder, "node_modules", "pulumi-railway-app"), "dir");
  return folder;
}

/** Variable → config key, from the `pulumi config set --secret <key> '<value>'   # VARIABLE (places)` lines. */
export function configCommands(report: string): Map<string, string> {
  const keys = new Map<string, string>();
  for (const match of report.matchAll(/pulumi config set --secret (\S+) '<value>'\s+# (\w+) \(/g))
    keys.set(match[2] ?? "", match[1] ?? "");
  return keys;
}
