/**
 * Vitest global setup: compiles the package (components/ → dist/) once before any test, because the
 * stacks under test import it by name, as every user's stack does, and Node loads its compiled files.
 */
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { resolve } from "node:path";

export default function setup(): void {
  const repo = resolve(import.meta.dirname, "../..");
  const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
  execFileSync(process.execPath, [tsc, "-p", "tsconfig.build.json"], { cwd: repo, stdio: "inherit" });
}
