/**
 * `npm run preview-stack -- --pr <number> --branch <branch> [--production-stack <org/omnidoc/prod>] [--out <path>]`
 *
 * Writes Pulumi.pr-<number>.yaml (a pull request's preview stack) from Pulumi.prod.yaml, for CI
 * (.github/workflows/preview.yml) and for a person on a laptop. Exit 2 on bad input, before anything is
 * written; exit 1 when Pulumi.prod.yaml cannot be read or the file cannot be written.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import {
  PreviewStackInputError,
  parsePreviewStackArgs,
  previewStackConfig,
  previewStackName,
  renderPreviewStackYaml,
} from "./previewStackConfig.ts";

// The project directory (where Pulumi.yaml lives), whatever directory the command runs from.
const projectDirectory = resolve(dirname(fileURLToPath(import.meta.url)), "..");

try {
  const args = parsePreviewStackArgs(process.argv.slice(2), process.env);
  const stack = previewStackName(args.pullRequest);
  const { config, secretKeys } = previewStackConfig(
    readFileSync(join(projectDirectory, "Pulumi.prod.yaml"), "utf8"),
    args,
  );
  const out = resolve(args.out ?? join(projectDirectory, `Pulumi.${stack}.yaml`));
  writeFileSync(out, renderPreviewStackYaml(config, args.pullRequest));
  console.log(`stack: ${stack}`);
  console.log(`wrote: ${out}`);
  if (secretKeys.length > 0) {
    // Names only: the values stay with production.
    console.log(`not copied (secrets, set them on ${stack}): ${secretKeys.join(", ")}`);
  }
} catch (error) {
  if (error instanceof PreviewStackInputError) {
    console.error(`preview-stack: invalid input; nothing was written:\n${error.message}`);
    process.exit(2);
  }
  console.error(`preview-stack: ${(error as Error).message}`);
  process.exit(1);
}
