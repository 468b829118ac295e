import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../../emulator/index.ts";
import { createProject, createService, items, ok, type ProjectRef, post, start, text } from "./helpers.ts";

let emulator: Emulator;
let ref: ProjectRef;
let staging: string;
let serviceId: string;

beforeAll(async () => {
  emulator = await start();
  ref = await createProject(emulator, "auth");
  const env = await ok(
    emulator,
    `mutation($p: String!) { environmentCreate(input: { projectId: $p, name: "staging" }) { id } }`,
    {
      p: ref.projectId,
    },
  );
  staging = text(env.environmentCreate.id);
  serviceId = await createService(emulator, ref, { name: "api" });
});
afterAll(() => emulator.close());

const firstError = async (...args: Parameters<typeof post>) => {
  const reply = await post(...args);
  expect(reply.status).toBe(200);
  return text(items(reply.body.errors)[0]?.message ?? ({} as never));
};

describe("account token (Authorization: Bearer)", () => {
  it("reads `me` with the user's workspaces", async () => {
    const data = await ok(emulator, "{ me { email workspaces { id name } } }");
    expect(data.me.email).toBe("dev@example.com");
    expect(items(data.me.workspaces).map((w) => w.name)).toEqual(["Personal"]);
  });

  it("is Not Authorized for a project in someone else's workspace", async () => {
    const other = emulator.seed.user("other@example.com");
    emulator.seed.workspace("Other", other.userId);
    expect(
      await firstError(
        emulator,
        `{ project(id: "${ref.projectId}") { id } }`,
        {},
        { token: other.accountToken },
      ),
    ).toBe("Not Authorized");
  });
});

describe("workspace token", () => {
  it("works inside its workspace, fails `me`, and needs workspaceId to create a project", async () => {
    const { workspaceToken } = emulator.seed.workspace("Team", emulator.defaults.userId);
    expect(await firstError(emulator, "{ me { id } }", {}, { token: workspaceToken })).toBe("Not Authorized");
    expect(
      await firstError(
        emulator,
        'mutation { projectCreate(input: { name: "x" }) { id } }',
        {},
        { token: workspaceToken },
      ),
    ).toContain("workspaceId is required");
    const team = await ok(emulator, "{ me { workspaces { id name } } }");
    const teamId = items(team.me.workspaces).find((w) => w.name === "Team")?.id;
    const created = await ok(
      emulator,
      'mutation($w: String) { projectCreate(input: { name: "t", workspaceId: $w }) { id workspaceId } }',
      { w: teamId },
      { token: workspaceToken },
    );
    expect(created.projectCreate.workspaceId).toBe(teamId);
    // The Personal workspace's project is outside its scope.
    expect(
      await firstError(emulator, `{ project(id: "${ref.projectId}") { id } }`, {}, { token: workspaceToken }),
    ).toBe("Not Authorized");
  });
});

describe("Project-Access-Token", () => {
  it("identifies itself and reads only its project and environment", async () => {
    const token = emulator.seed.projectToken(ref.projectId, ref.environmentId);
    const caller = { token, header: "project" as const };
    const who = await ok(emulator, "{ projectToken { projectId environmentId } }", {}, caller);
    expect(who.projectToken).toEqual({ projectId: ref.projectId, environmentId: ref.environmentId });
    const project = await ok(
      emulator,
      `{ project(id: "${ref.projectId}") { environments { edges { node { id } } } } }`,
      {},
      caller,
    );
    expect(items(project.project.environments.edges).map((e) => e.node.id)).toEqual([ref.environmentId]);
    expect(await firstError(emulator, `{ environment(id: "${staging}") { id } }`, {}, caller)).toBe(
      "Not Authorized",
    );
  });

  it("writes variables and settings in its environment only", async () => {
    const caller = {
      token: emulator.seed.projectToken(ref.projectId, ref.environmentId),
      header: "project" as const,
    };
    const upsert = `mutation($e: String!) { variableUpsert(input: { projectId: "${ref.projectId}", environmentId: $e, serviceId: "${serviceId}", name: "A", value: "1" }) }`;
    expect((await ok(emulator, upsert, { e: ref.environmentId }, caller)).variableUpsert).toBe(true);
    expect(await firstError(emulator, upsert, { e: staging }, caller)).toBe("Not Authorized");
    const update = `mutation($e: String) { serviceInstanceUpdate(serviceId: "${serviceId}", environmentId: $e, input: { startCommand: "x" }) }`;
    expect((await ok(emulator, update, { e: ref.environmentId }, caller)).serviceInstanceUpdate).toBe(true);
    // environmentId null would touch every environment: outside a project token's scope.
    expect(await firstError(emulator, update, { e: null }, caller)).toBe("Not Authorized");
  });

  it("is refused projectCreate, environmentCreate, serviceCreate and me", async () => {
    const caller = {
      token: emulator.seed.projectToken(ref.projectId, ref.environmentId),
      header: "project" as const,
    };
    const refused = [
      'mutation { projectCreate(input: { name: "x" }) { id } }',
      `mutation { environmentCreate(input: { projectId: "${ref.projectId}", name: "pr-1" }) { id } }`,
      `mutation { serviceCreate(input: { projectId: "${ref.projectId}", name: "x" }) { id } }`,
      `mutation { environmentDelete(id: "${staging}") }`,
      "{ me { id } }",
    ];
    for (const query of refused) expect(await firstError(emulator, query, {}, caller)).toBe("Not Authorized");
  });
});

describe("missing or wrong tokens", () => {
  it("answers Not Authorized with HTTP 200", async () => {
    const projectToken = emulator.seed.projectToken(ref.projectId, ref.environmentId);
    const cases = [
      { token: "" },
      { token: "not-a-token" },
      // A token in the other header is a wrong token.
      { token: projectToken, header: "bearer" as const },
      { token: emulator.defaults.accountToken, header: "project" as const },
    ];
    for (const caller of cases) {
      expect(await firstError(emulator, `{ project(id: "${ref.projectId}") { id } }`, {}, caller)).toBe(
        "Not Authorized",
      );
    }
  });

  it("says not found for unknown ids that a valid token asks about", async () => {
    expect(await firstError(emulator, '{ environment(id: "nope") { id } }')).toBe("Environment not found");
    expect(await firstError(emulator, '{ service(id: "nope") { id } }')).toBe("Service not found");
    expect(await firstError(emulator, '{ deployment(id: "nope") { id } }')).toBe("Deployment not found");
    expect(
      await firstError(
        emulator,
        `{ serviceInstance(serviceId: "${serviceId}", environmentId: "nope") { id } }`,
      ),
    ).toBe("Environment not found");
  });
});
