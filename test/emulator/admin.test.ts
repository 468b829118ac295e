import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../../emulator/index.ts";
import { createProject, createService, items, type Loose, MINUTE, ok, post, start } from "./helpers.ts";

// The same controls over HTTP, for processes that cannot call the emulator's methods.

let emulator: Emulator;
beforeAll(async () => {
  emulator = await start();
});
afterAll(() => emulator.close());

async function admin(method: string, path: string, body?: unknown): Promise<{ status: number; body: Loose }> {
  const response = await fetch(`${emulator.adminUrl}${path}`, {
    method,
    headers: { "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: await response.json() };
}

describe("/__admin", () => {
  it("seeds a user and a workspace whose tokens then work", async () => {
    const user = await admin("POST", "/seed/user", { email: "ci@example.com" });
    expect(user.status).toBe(200);
    const workspace = await admin("POST", "/seed/workspace", { name: "CI", ownerUserId: user.body.userId });
    const me = await ok(
      emulator,
      "{ me { email workspaces { name } } }",
      {},
      { token: user.body.accountToken },
    );
    expect(me.me).toEqual({ email: "ci@example.com", workspaces: [{ name: "CI" }] });
    const projects = await post(
      emulator,
      "{ projects { edges { node { id } } } }",
      {},
      { token: workspace.body.workspaceToken },
    );
    expect(projects.status).toBe(200);
  });

  it("reads and resets metrics, injects and clears faults, sets latency", async () => {
    await post(emulator, "{ me { id } }");
    expect((await admin("GET", "/metrics")).body.requests.me).toBeGreaterThan(0);
    await admin("POST", "/reset-metrics");
    expect((await admin("GET", "/metrics")).body.totalRequests).toBe(0);
    await admin("POST", "/faults", { field: "me", kind: "graphqlError", message: "boom" });
    expect(items((await post(emulator, "{ me { id } }")).body.errors)[0]?.message).toBe("boom");
    await admin("POST", "/faults", { field: "me", kind: "500" });
    await admin("DELETE", "/faults");
    expect((await post(emulator, "{ me { id } }")).status).toBe(200);
    expect((await admin("POST", "/latency", { ms: 0 })).status).toBe(200);
    expect((await admin("POST", "/faults", { field: "me", kind: "nope" })).status).toBe(400);
  });

  it("moves the virtual clock", async () => {
    const before = (await admin("GET", "/clock")).body.now;
    const after = await admin("POST", "/clock/advance", { ms: 90_000 });
    expect(after.body.now - before).toBe(90_000);
  });

  it("makes dashboard changes out of band, without counting them", async () => {
    const ref = await createProject(emulator, "dash");
    await admin("POST", "/reset-metrics");
    const renamed = await admin("POST", "/dashboard", {
      query: 'mutation($id: String!) { projectUpdate(id: $id, input: { name: "by-hand" }) { name } }',
      variables: { id: ref.projectId },
    });
    expect(renamed.body.data.projectUpdate.name).toBe("by-hand");
    expect((await admin("GET", "/metrics")).body.totalRequests).toBe(0);
  });

  it("seeds repos, external Redis hosts and project tokens, and simulates a request", async () => {
    await admin("POST", "/seed/repo", { fullName: "acme/app", profile: { defaultBranch: "trunk" } });
    await admin("POST", "/seed/external-redis", {
      host: "redis.example.net",
      options: { tls: true, password: "pw" },
    });
    const ref = await createProject(emulator, "seeded");
    const api = await createService(emulator, ref, {
      name: "api",
      repo: "acme/app",
      variables: { REDIS_URL: "rediss://default:pw@redis.example.net:6380?ssl_cert_reqs=required" },
    });
    const token = (await admin("POST", "/seed/project-token", ref)).body.token;
    const config = await ok(
      emulator,
      `{ environment(id: "${ref.environmentId}") { config } }`,
      {},
      { token, header: "project" },
    );
    expect(config.environment.config.services[api].source).toEqual({ repo: "acme/app", branch: "trunk" });
    emulator.clock.advance(MINUTE);
    const simulated = await admin("POST", "/simulate-request", {
      environmentId: ref.environmentId,
      serviceName: "api",
    });
    expect(simulated.body).toMatchObject({ submitted: true });
    expect(
      (await admin("POST", "/simulate-request", { environmentId: ref.environmentId, serviceName: "nope" }))
        .status,
    ).toBe(400);
  });
});
