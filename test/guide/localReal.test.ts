/**
 * `npm run local -- --real`, as a person uses it: it prints the exports; with them the stack comes up as
 * real processes; it then says where to send a request and where each service's logs are, and the request
 * it names produces the 7 documents in the worker's log. Ctrl-C stops every process.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestStack } from "../engine/driver.ts";
import { productionConfig } from "../scenarios/support.ts";
import { completedDocuments, eventually, REPO_ROOT, skipReason, support, WORKER } from "./support.ts";

let local: ChildProcess;
let printed = "";
const folder = mkdtempSync(join(tmpdir(), "omnidoc-local-real-"));

function exported(name: string): string {
  const value = new RegExp(`export ${name}=(\\S+)`).exec(printed)?.[1];
  if (!value) throw new Error(`npm run local did not print ${name}:\n${printed}`);
  return value;
}

describe.skipIf(!support.ok)(`npm run local -- --real${skipReason}`, { timeout: 180_000 }, () => {
  beforeAll(async () => {
    // Its own folder, so the state and log files it writes stay out of the repository.
    local = spawn(
      process.execPath,
      [join(REPO_ROOT, "scripts/local.ts"), "--port", "0", "--real", "--quiet"],
      {
        cwd: folder,
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    local.stdout?.on("data", (chunk: Buffer) => {
      printed += chunk.toString();
    });
    await eventually("the exports", async () => (printed.includes("Ctrl-C") ? true : undefined));
  });
  afterAll(() => {
    local?.kill("SIGKILL");
  });

  it("brings the stack up as processes and says how to send a request and read each service's logs", async () => {
    const env = {
      RAILWAY_API_URL: exported("RAILWAY_API_URL"),
      RAILWAY_API_TOKEN: exported("RAILWAY_API_TOKEN"),
      RAILWAY_POLL_INTERVAL_MS: "250",
    };
    const up = await new TestStack({ stack: "local", config: productionConfig(), env }).up();
    expect(up.errors).toEqual([]);
    const curl = await eventually(
      "the request to send",
      async () => /curl -X POST (http:\/\/127\.0\.0\.1:\d+\/projects\/demo\/generate)/.exec(printed)?.[1],
    );
    const workerLog = await eventually(
      "the worker's log file",
      async () => new RegExp(`tail -f (\\S+/${WORKER}\\.log)`).exec(printed)?.[1],
    );
    expect(printed).toMatch(/tail -f \S+\/omnidoc-backend\.log/);
    expect(printed).toMatch(/tail -f \S+\/Redis\.log/);
    const response = await fetch(curl, { method: "POST" });
    expect(response.status).toBe(202);
    await eventually("7 documents in the worker's log file", async () =>
      completedDocuments(readFileSync(workerLog, "utf8").split("\n"), "demo").length === 7 ? true : undefined,
    );
  });

  it("Ctrl-C stops every process it started", async () => {
    const admin = exported("RAILWAY_API_URL").replace("/graphql/v2", "/__admin/processes");
    const pids = ((await (await fetch(admin)).json()) as Array<{ pid: number }>).map(
      (process) => process.pid,
    );
    expect(pids).toHaveLength(3);
    local.kill("SIGINT");
    await new Promise((done) => local.once("exit", done));
    for (const pid of pids) expect(() => process.kill(pid, 0)).toThrow();
  });
});
