/**
 * `npm run pull -- --project <id|name> --environment <name> [--out FILE | --dir DIR]`
 *
 * Reads a live Railway environment (2 requests by project id, 3 by name) and writes a Pulumi program on
 * this package's components that declares it as it is, every object adopted: services with the settings
 * that differ from Railway's defaults, variables shared or per service as they are, references as
 * references, secrets as `config.requireSecret(...)` placeholders (never their values), and, in its
 * header, the `pulumi config set --secret` commands to run and what the components cannot express.
 * Exit 0 when written, 1 when Railway could not be read, 2 on bad arguments or an unknown target.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import { createRailwayClient, RequestCounter } from "../components/railway/index.ts";
import { parseScriptArgs, usageFailure } from "./cli.ts";
import { loadProjectEnv, projectFolderOf } from "./projectFolder.ts";
import { projectFiles } from "./pull/projectFiles.ts";
import { PullTargetError, readEnvironment } from "./pull/read.ts";
import { renderProgram, unexpressedLines } from "./pull/render.ts";

const HELP = `Usage: npm run pull -- --project <id|name> --environment <name> [--out FILE | --dir DIR]

Reads one Railway environment and writes a Pulumi program (TypeScript, on pulumi-railway-app) that
declares it as it is, with every object adopted, so its first \`pulumi up\` writes nothing to Railway.

  --project <id|name>    the Railway project (an id is one request fewer)
  --environment <name>   the environment to read, e.g. production
  --out FILE             write the program there (default: standard output); an existing file is
                         kept unless --force is given
  --dir DIR              write a whole Pulumi project there: index.ts, Pulumi.yaml and package.json
                         (the folder is made; files of those names are kept unless --force is given)
  --force                replace FILE, or those files of DIR, when they exist
  --help                 this text

The token comes from RAILWAY_API_TOKEN (account or workspace token) or RAILWAY_TOKEN (project token),
or the project folder's .env (wherever the command runs); RAILWAY_API_URL points elsewhere than
Railway (the emulator). Secret values are never written: the program reads them with
config.requireSecret, and the commands to set them (with a <value> placeholder) are printed and kept in
the program's header.

Examples:
  npm run pull -- --project omnidoc --environment production
  npm run pull -- --project omnidoc --environment production --out index.ts --force
  npm run pull -- --project omnidoc --environment production --dir ../omnidoc-infra
  npm run pull -- --project 3f0c…-uuid --environment staging --out ../staging-stack/index.ts`;

/** The parsed arguments, or exit 2 with the reason (scripts/cli.ts). */
function pullArgs(argv: readonly string[]) {
  const values = parseScriptArgs(
    "pull",
    HELP,
    {
      project: { type: "string" },
      environment: { type: "string" },
      out: { type: "string" },
      dir: { type: "string" },
      force: { type: "boolean" },
    },
    argv,
  );
  if (!values.project || !values.environment)
    usageFailure("pull", "give --project <id|name> and --environment <name>");
  if (values.out && values.dir) usageFailure("pull", "give --out FILE or --dir DIR, not both");
  const folder = values.dir ? resolve(values.dir) : undefined;
  if (folder && existsSync(folder) && !statSync(folder).isDirectory())
    usageFailure("pull", `--dir ${values.dir} is a file; give a folder for the Pulumi project`);
  const taken = folder ? PROJECT_FILES.filter((file) => existsSync(join(folder, file))) : [];
  if (taken.length > 0 && !values.force)
    usageFailure(
      "pull",
      `--dir ${values.dir} already has ${taken.join(", ")}, which would be replaced; give another folder, or --force to replace them`,
    );
  const given = values.out;
  const out = given ? resolve(given) : undefined;
  // Judged before Railway is read: a program a person has edited is never replaced by surprise.
  if (out && !existsSync(dirname(out)))
    usageFailure(
      "pull",
      `--out ${given}: the folder ${relative(process.cwd(), dirname(out)) || "."} does not exist`,
    );
  if (out && existsSync(out) && statSync(out).isDirectory())
    usageFailure(
      "pull",
      `--out ${given} is a folder; give the file to write, e.g. ${join(given ?? "", "index.ts")}`,
    );
  if (out && existsSync(out) && !values.force)
    usageFailure(
      "pull",
      `--out ${given} exists and would be replaced; give another file (and compare), or --force to replace it`,
    );
  return { project: values.project, environment: values.environment, out, folder };
}

/** What `--dir` writes. */
const PROJECT_FILES = ["index.ts", "Pulumi.yaml", "package.json"] as const;

/** Biome's formatter over the program when this checkout has it; the text is already formatted otherwise. */
function formatted(text: string, path: string): string {
  let biome: string;
  try {
    biome = createRequire(import.meta.url).resolve("@biomejs/biome/bin/biome");
  } catch {
    return text;
  }
  const result = spawnSync(process.execPath, [biome, "format", `--stdin-file-path=${path}`], {
    input: text,
    encoding: "utf8",
  });
  return result.status === 0 && result.stdout ? result.stdout : text;
}

loadProjectEnv(projectFolderOf(import.meta.url));
const args = pullArgs(process.argv.slice(2));

try {
  const counter = new RequestCounter();
  const client = createRailwayClient({}, { counter });
  const snapshot = await readEnvironment(client, {
    project: args.project,
    environment: args.environment,
  });
  const out = args.folder ? join(args.folder, "index.ts") : args.out;
  const program = renderProgram(snapshot);
  const text = formatted(program.text, out ?? join(process.cwd(), "index.ts"));
  const written: string[] = [];
  if (args.folder) {
    mkdirSync(args.folder, { recursive: true });
    for (const [file, content] of Object.entries(projectFiles(snapshot.project.name))) {
      writeFileSync(join(args.folder, file), content);
      written.push(join(args.folder, file));
    }
  }
  if (out) {
    writeFileSync(out, text);
    written.unshift(out);
  } else process.stdout.write(text);

  const report = out ? console.log : console.error;
  const byOperation = Object.entries(counter.snapshot())
    .map(([name, count]) => `${name} ${count.attempts}`)
    .join(", ");
  report(
    `pull: project "${snapshot.project.name}", environment "${snapshot.environment.name}": ` +
      `${snapshot.services.length} service(s), read in ${counter.total()} request(s) (${byOperation})`,
  );
  if (written.length > 0) report(`wrote: ${written.join(", ")}`);
  if (program.commands.length > 0) {
    report("set these secrets on the stack (values from Railway's dashboard):");
    const width = Math.max(...program.commands.map((command) => command.length));
    program.secrets.forEach((secret, index) => {
      report(
        `  ${(program.commands[index] ?? "").padEnd(width)}  # ${secret.variable} (${secret.places.join(", ")})`,
      );
    });
  }
  if (program.refused.length > 0) {
    console.error(
      "warning: the components refuse these, so `pulumi preview` stops before any write until each is fixed (in Railway, then pull again; or in the program):",
    );
    for (const line of program.refused) console.error(`  ${line}`);
  }
  if (program.unexpressed.length > 0) {
    report("not expressible with the components (named in the program's header, left as Railway has it):");
    for (const line of unexpressedLines(program.unexpressed)) report(`  ${line}`);
  }
  if (args.folder) {
    const where = relative(process.cwd(), args.folder) || ".";
    report("next, in that folder (a stack per environment; the first up adopts and writes nothing):");
    report(`  cd ${where} && npm install && pulumi stack init ${snapshot.environment.name}`);
    if (program.commands.length > 0) report("  (the pulumi config set --secret commands above)");
    report("  pulumi preview && pulumi up");
  }
} catch (error) {
  if (error instanceof PullTargetError) {
    console.error(`pull: ${error.message}`);
    process.exit(2);
  }
  // Everything is read before anything is written: a failed read leaves no file behind.
  const target = args.folder ?? args.out;
  const nothing = target ? ` Nothing was written to ${target}.` : "";
  console.error(`pull: ${(error as Error).message}${nothing}`);
  process.exit(1);
}
