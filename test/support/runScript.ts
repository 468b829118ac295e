/**
 * Runs one of the repository's scripts (`scripts/doctor.ts`, `scripts/pull.ts`) as a person would, in
 * its own Node process, and collects what it printed. Asynchronous on purpose: the emulator answers
 * from the test's own process, so a synchronous child would wait on it forever.
 */
import { spawn } from "node:child_process";
import { resolve } from "node:path";

const REPO = resolve(import.meta.dirname, "../..");

export interface ScriptRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** `node <script> …args` in `cwd`, with only PATH and `env` in its environment. */
export async function runScript(
  script: string,
  args: readonly string[],
  options: { cwd?: string; env?: Record<string, string | undefined> } = {},
): Promise<ScriptRun> {
  const child = spawn(process.execPath, [resolve(REPO, script), ...args], {
    cwd: options.cwd ?? REPO,
    env: { PATH: process.env.PATH ?? "", ...options.env },
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const status = await new Promise<number | null>((done) => child.on("close", done));
  return { status, stdout, stderr };
}
