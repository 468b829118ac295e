import { type ChildProcess, execFile, spawn } from "node:child_process";
import { dirname } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

// `npm run emulator` as a person runs it, then the printed curl's project creation.

const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children)
    if (child.pid !== undefined && child.exitCode === null) process.kill(-child.pid, "SIGTERM");
});

function startScript(): Promise<string> {
  const child = spawn("npm", ["run", "--silent", "emulator", "--", "--port", "0"], {
    cwd: new URL("../..", import.meta.url).pathname,
    env: { ...process.env, PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ""}` },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes("Ctrl-C to stop.")) resolve(out);
    });
    child.stderr?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.once("exit", (code) => reject(new Error(`emulator exited with ${code}: ${out}`)));
  });
}

describe("npm run emulator", () => {
  it("prints ready-to-paste exports and a curl that creates a project", async () => {
    const out = await startScript();
    const url = out.match(/^export RAILWAY_API_URL=(\S+)$/m)?.[1];
    const token = out.match(/^export RAILWAY_API_TOKEN=(\S+)$/m)?.[1];
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/graphql\/v2\?source=/);
    expect(token).toMatch(/^[0-9a-f-]{36}$/);
    const body = JSON.stringify({
      query:
        'mutation { projectCreate(input: { name: "from-curl" }) { id name environments { edges { node { name } } } } }',
    });
    const { stdout } = await promisify(execFile)("curl", [
      "-sS",
      "-X",
      "POST",
      url ?? "",
      "-H",
      `Authorization: Bearer ${token}`,
      "-H",
      "Content-Type: application/json",
      "-d",
      body,
    ]);
    const reply = JSON.parse(stdout);
    expect(reply.data.projectCreate.name).toBe("from-curl");
    expect(reply.data.projectCreate.environments.edges[0].node.name).toBe("production");
    // The printed example curl is valid too.
    const printed = out.match(/-d '(.+)'$/m)?.[1] ?? "";
    expect(JSON.parse(printed).query).toContain("projectCreate");
  });
});
