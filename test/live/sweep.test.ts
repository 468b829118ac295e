/**
 * The live workflow's sweep (test/live/sweep.ts) against the emulator: it deletes only projects named as
 * live runs name theirs, and only those older than the cutoff.
 */
import { execFile } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../emulator/index.ts";

const ROOT = join(import.meta.dirname, "..", "..");
let emulator: Emulator;

beforeAll(async () => {
  emulator = await startEmulator();
  for (const name of ["omnidoc-live-0a1b2c3d", "omnidoc-live-mine", "shop"]) {
    await emulator.dashboard(
      "mutation($n: String!, $w: String!) { projectCreate(input: { name: $n, workspaceId: $w }) { id } }",
      {
        n: name,
        w: emulator.defaults.workspaceId,
      },
    );
  }
});
afterAll(async () => {
  await emulator?.close();
});

/** Run as a child process, asynchronously: the emulator answers from this process meanwhile. */
const sweep = (args: string[]) =>
  new Promise<{ status: number; stdout: string }>((done) => {
    execFile(
      process.execPath,
      [join(ROOT, "test/live/sweep.ts"), ...args],
      {
        cwd: ROOT,
        timeout: 60_000,
        env: {
          ...process.env,
          RAILWAY_API_URL: emulator.url,
          RAILWAY_API_TOKEN: emulator.defaults.accountToken,
        },
      },
      (error, stdout) => done({ status: error ? Number(error.code ?? 1) : 0, stdout }),
    );
  });

async function names(): Promise<string[]> {
  const result = (await emulator.dashboard("query { projects { edges { node { name } } } }")) as {
    data: { projects: { edges: Array<{ node: { name: string } }> } };
  };
  return result.data.projects.edges.map((edge) => edge.node.name).sort();
}

describe("the live sweep", () => {
  it("leaves a live project younger than the cutoff", async () => {
    const run = await sweep([]);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("0 leftover project(s) older than 90 min deleted");
    expect(await names()).toEqual(["omnidoc-live-0a1b2c3d", "omnidoc-live-mine", "shop"]);
  });

  it("deletes a live run's project past the cutoff, and nothing a person named", async () => {
    const run = await sweep(["--older-than-minutes", "0"]);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/deleted omnidoc-live-0a1b2c3d \(/);
    expect(await names()).toEqual(["omnidoc-live-mine", "shop"]);
  });
});
