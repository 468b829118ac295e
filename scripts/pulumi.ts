/**
 * `npm run pulumi -- <pulumi arguments>`: the Pulumi CLI at this project's one Pulumi version (the SDK's,
 * scripts/pulumiVersion.ts), through the `pulumi` npm package's launcher, which downloads that CLI into
 * ~/.pulumi/versions/<version>/ on first use. Every argument goes to the CLI unchanged, `--help`
 * included (`npm run pulumi -- --help` is the CLI's own help). Exits with the CLI's exit code.
 */
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { pinnedPulumiVersion } from "./pulumiVersion.ts";

const projectDirectory = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const version = pinnedPulumiVersion(projectDirectory);
const launcher = createRequire(import.meta.url).resolve("pulumi/run.js");
const child = spawn(process.execPath, [launcher, ...process.argv.slice(2)], {
  stdio: "inherit",
  env: { ...process.env, PULUMI_VERSION: version },
});
child.on("exit", (code, signal) => {
  if (signal) process.kill(process.pid, signal);
  else process.exit(code ?? 1);
});
