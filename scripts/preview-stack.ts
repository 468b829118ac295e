/**
 * `npm run preview-stack -- --pr <number> --branch <branch> [--production-stack <org/omnidoc/prod>]
 * [--out <path>] [--reset <key>]… [--keep <key>]… [--force]` (`--help` for the whole text)
 *
 * Writes Pulumi.pr-<number>.yaml (a pull request's preview stack) from Pulumi.prod.yaml, for CI
 * (.github/workflows/preview.yml) and for a person on a laptop. Re-running keeps what the person set in
 * that file (scripts/previewStackConfig.ts, mergePreviewStack) and writes nothing when nothing changes.
 * Exit 2 on bad input or a value it would have to change, before anything is written; exit 1 when
 * Pulumi.prod.yaml or the stack file cannot be read, or the file cannot be written.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import {
  mergePreviewStack,
  PREVIEW_STACK_HELP,
  PreviewStackConflictError,
  PreviewStackInputError,
  parsePreviewStackArgs,
  previewStackConfig,
  previewStackName,
} from "./previewStackConfig.ts";

// The project directory (where Pulumi.yaml lives), whatever directory the command runs from.
const projectDirectory = resolve(dirname(fileURLToPath(import.meta.url)), "..");

try {
  const args = parsePreviewStackArgs(process.argv.slice(2), process.env);
  if (args === "help") {
    console.log(PREVIEW_STACK_HELP);
    process.exit(0);
  }
  const stack = previewStackName(args.pullRequest);
  const { config, secretKeys } = previewStackConfig(
    readFileSync(join(projectDirectory, "Pulumi.prod.yaml"), "utf8"),
    args,
  );
  const out = resolve(args.out ?? join(projectDirectory, `Pulumi.${stack}.yaml`));
  const existing = existsSync(out) ? readFileSync(out, "utf8") : undefined;
  const merge = mergePreviewStack(existing, config, args, out);
  console.log(`stack: ${stack}`);
  if (merge.text === undefined) {
    console.log(`up to date: ${out} (nothing written)`);
  } else {
    writeFileSync(out, merge.text);
    console.log(`wrote: ${out}`);
    if (existing !== undefined) {
      if (merge.added.length > 0) console.log(`added: ${merge.added.join(", ")}`);
      if (merge.changed.length > 0) console.log(`changed: ${merge.changed.join(", ")}`);
    }
  }
  if (merge.kept.length > 0) console.log(`kept your value (--keep): ${merge.kept.join(", ")}`);
  // Names only, never values.
  if (merge.preserved.length > 0) console.log(`kept as you set them: ${merge.preserved.join(", ")}`);
  if (secretKeys.length > 0) {
    // Names only: the values stay with production.
    console.log(`not copied (secrets, set them on ${stack}): ${secretKeys.join(", ")}`);
  }
} catch (error) {
  if (error instanceof PreviewStackInputError) {
    console.error(`preview-stack: invalid input; nothing was written:\n${error.message}`);
    console.error("See npm run preview-stack -- --help");
    process.exit(2);
  }
  if (error instanceof PreviewStackConflictError) {
    console.error(`preview-stack: nothing was written. ${error.message}`);
    process.exit(2);
  }
  console.error(`preview-stack: ${(error as Error).message}`);
  process.exit(1);
}
