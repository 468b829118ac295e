/**
 * `npm run pack:tarball [-- --json]`: builds the package and packs it as `.pack/pulumi-railway-app.tgz`
 * (a stable name, so examples can depend on `file:../../.pack/pulumi-railway-app.tgz`), then prints the
 * files it holds and its size. `npm pack` runs the `prepare` script, which compiles components/ to dist/.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, renameSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseScriptArgs } from "./cli.ts";

const HELP = `Usage: npm run pack:tarball [-- --json]

Builds pulumi-railway-app and writes .pack/pulumi-railway-app.tgz, then lists what the tarball holds.

Options:
  --json   print {file, size, unpackedSize, files} as JSON
  --help   this text

Examples:
  npm run pack:tarball && (cd examples/acme-shop && npm install)
  npm run pack:tarball -- --json`;

const values = parseScriptArgs("pack:tarball", HELP, { json: { type: "boolean" } });

export const PACK_DIR = resolve(import.meta.dirname, "../.pack");
export const TARBALL = join(PACK_DIR, "pulumi-railway-app.tgz");

mkdirSync(PACK_DIR, { recursive: true });
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const output = execFileSync(npm, ["pack", "--json", "--pack-destination", PACK_DIR], {
  cwd: resolve(import.meta.dirname, ".."),
  encoding: "utf8",
  stdio: ["ignore", "pipe", "inherit"],
});
// npm prints the lifecycle scripts' output before the JSON.
const [packed] = JSON.parse(output.slice(output.indexOf("["))) as Array<{
  filename: string;
  size: number;
  unpackedSize: number;
  files: Array<{ path: string; size: number }>;
}>;
if (!packed) throw new Error("npm pack reported nothing");
renameSync(join(PACK_DIR, packed.filename), TARBALL);
const summary = {
  file: TARBALL,
  size: packed.size,
  unpackedSize: packed.unpackedSize,
  files: packed.files.map((file) => file.path).sort(),
};
if (values.json) {
  console.log(JSON.stringify(summary, null, 2));
} else {
  console.log(
    `${TARBALL}: ${packed.files.length} files, ${packed.size} bytes (${packed.unpackedSize} unpacked)`,
  );
  for (const file of summary.files) console.log(`  ${file}`);
}
