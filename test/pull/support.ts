/**
 * What the pull tests share: the real `npm run pull` command run in its own process, a Pulumi project
 * folder for the program it writes (with the package linked in), and the config keys its report names.
 */
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Emulator } from "../../emulator/index.ts";
import { dashboard } from "../scenarios/support.ts";
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

/** One `pulumi config set --secret <key> '<value>'   # VARIABLE (places)` line of pull's report or header. */
export interface AskedSecret {
  key: string;
  variable: string;
  /** `VARIABLE (places)`, as the line shows it. */
  what: string;
}

export function askedSecrets(report: string): AskedSecret[] {
  return [...report.matchAll(/pulumi config set --secret (\S+) '<value>'\s+# ((\w+) \([^)]*\))/g)].map(
    (match) => ({ key: match[1] ?? "", what: match[2] ?? "", variable: match[3] ?? "" }),
  );
}

/** Variable → config key, from the `config set` lines. */
export function configCommands(report: string): Map<string, string> {
  return new Map(askedSecrets(report).map((asked) => [asked.variable, asked.key]));
}

/**
 * The stack config a person sets from those lines: each asked key, secret, with the value `valueFor`
 * gives (copied from Railway's dashboard, in life).
 */
export function secretConfig(
  report: string,
  valueFor: (asked: AskedSecret) => string | undefined,
): Record<string, { value: string; secret: true }> {
  return Object.fromEntries(
    askedSecrets(report).map((asked) => [asked.key, { value: valueFor(asked) ?? "", secret: true as const }]),
  );
}

/**
 * The project a team made by hand, through Railway's own API (the emulator's dashboard: not this
 * project's providers, and not counted in its metrics), with its services, each empty.
 */
export async function handMadeProject<Name extends string>(
  emulator: Emulator,
  project: { name: string; description?: string },
  services: readonly Name[],
): Promise<{ projectId: string; environmentId: string; serviceIds: Record<Name, string> }> {
  const created = (await dashboard(
    emulator,
    `mutation($input: ProjectCreateInput!) {
      projectCreate(input: $input) { id environments { edges { node { id name } } } }
    }`,
    { input: { ...project, workspaceId: emulator.defaults.workspaceId } },
  )) as { projectCreate: { id: string; environments: { edges: Array<{ node: { id: string } }> } } };
  const projectId = created.projectCreate.id;
  const serviceIds = {} as Record<Name, string>;
  for (const name of services)
    serviceIds[name] = (
      (await dashboard(
        emulator,
        "mutation($p: String!, $n: String!) { serviceCreate(input: { projectId: $p, name: $n }) { id } }",
        { p: projectId, n: name },
      )) as { serviceCreate: { id: string } }
    ).serviceCreate.id;
  return {
    projectId,
    environmentId: created.projectCreate.environments.edges[0]?.node.id ?? "",
    serviceIds,
  };
}
