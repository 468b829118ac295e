/**
 * The project folder: the nearest folder holding `Pulumi.yaml`, walking up from the script's own file.
 * From the script, not from the current directory, because these scripts serve this one project: run
 * from anywhere (`node ~/omnidoc/scripts/doctor.ts`, a sub-folder, another Pulumi project such as
 * examples/acme-shop), they read this project's stack files and `.env`, never another folder's.
 */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import dotenv from "dotenv";

/** The nearest folder at or above `start` that holds Pulumi.yaml. */
export function findProjectFolder(start: string): string {
  let folder = start;
  for (;;) {
    if (existsSync(join(folder, "Pulumi.yaml"))) return folder;
    const parent = dirname(folder);
    if (parent === folder) throw new Error(`no Pulumi.yaml in ${start} or any folder above it`);
    folder = parent;
  }
}

/** The project folder of the script at `moduleUrl` (pass `import.meta.url`). */
export function projectFolderOf(moduleUrl: string): string {
  return findProjectFolder(dirname(fileURLToPath(moduleUrl)));
}

/**
 * Loads the project folder's `.env` into `env` without overriding a variable that is already set (so an
 * exported RAILWAY_API_TOKEN wins over the file's). Returns the file's path, or undefined when there is none.
 */
export function loadProjectEnv(folder: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const file = join(folder, ".env");
  if (!existsSync(file)) return undefined;
  dotenv.config({ path: file, quiet: true, override: false, processEnv: env as Record<string, string> });
  return file;
}
