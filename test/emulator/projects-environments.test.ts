import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../../emulator/index.ts";
import { createProject, createService, items, ok, post, start, text } from "./helpers.ts";

let emulator: Emulator;
beforeAll(async () => {
  emulator = await start();
});
afterAll(() => emulator.close());

describe("projects", () => {
  it("creates a project with its default environment, as the CLI reads it", async () => {
    const data = await ok(
      emulator,
      `mutation { projectCreate(input: { name: "omnidoc", workspaceId: "${emulator.defaults.workspaceId}" }) {
        id name workspaceId environments { edges { node { id name isEphemeral } } } } }`,
    );
    expect(data.projectCreate.name).toBe("omnidoc");
    expect(data.projectCreate.workspaceId).toBe(emulator.defaults.workspaceId);
    const envs = items(data.projectCreate.environments.edges).map((e) => e.node);
    expect(envs.map((e) => [e.name, e.isEphemeral])).toEqual([["production", false]]);
  });

  it("generates a name, honours defaultEnvironmentName, and allows repeated names", async () => {
    const unnamed = await ok(
      emulator,
      'mutation { projectCreate(input: { defaultEnvironmentName: "main" }) { name environments { edges { node { name } } } } }',
    );
    expect(text(unnamed.projectCreate.name)).toMatch(/^[a-z]+-[a-z]+$/);
    expect(items(unnamed.projectCreate.environments.edges)[0]?.node.name).toBe("main");
    const a = await createProject(emulator, "same");
    const b = await createProject(emulator, "same");
    expect(a.projectId).not.toBe(b.projectId);
  });

  it("lists projects as a Relay connection with pagination", async () => {
    const first = await ok(
      emulator,
      "{ projects(first: 1) { edges { node { id } cursor } pageInfo { hasNextPage endCursor } } }",
    );
    expect(items(first.projects.edges)).toHaveLength(1);
    expect(first.projects.pageInfo.hasNextPage).toBe(true);
    const next = await ok(
      emulator,
      "query($a: String) { projects(first: 100, after: $a) { edges { node { id } } pageInfo { hasNextPage } } }",
      {
        a: first.projects.pageInfo.endCursor,
      },
    );
    expect(items(next.projects.edges).map((e) => e.node.id)).not.toContain(
      items(first.projects.edges)[0]?.node.id,
    );
    expect(next.projects.pageInfo.hasNextPage).toBe(false);
  });

  it("updates and deletes a project with everything inside", async () => {
    const ref = await createProject(emulator, "doomed");
    const serviceId = await createService(emulator, ref, { name: "api" });
    const updated = await ok(
      emulator,
      `mutation { projectUpdate(id: "${ref.projectId}", input: { name: "renamed", prDeploys: true }) { name prDeploys } }`,
    );
    expect(updated.projectUpdate).toEqual({ name: "renamed", prDeploys: true });
    expect((await ok(emulator, `mutation { projectDelete(id: "${ref.projectId}") }`)).projectDelete).toBe(
      true,
    );
    const project = await post(emulator, `{ project(id: "${ref.projectId}") { id } }`);
    expect(items(project.body.errors)[0]?.message).toBe("Project not found");
    const service = await post(emulator, `{ service(id: "${serviceId}") { id } }`);
    expect(items(service.body.errors)[0]?.message).toBe("Service not found");
  });
});

describe("environments", () => {
  it("creates an empty environment, refuses a duplicate name, renames and deletes", async () => {
    const ref = await createProject(emulator, "envs");
    await createService(emulator, ref, { name: "api" });
    const created = await ok(
      emulator,
      `mutation { environmentCreate(input: { projectId: "${ref.projectId}", name: "pr-1", ephemeral: true }) { id isEphemeral serviceInstances { edges { node { id } } } } }`,
    );
    expect(created.environmentCreate.isEphemeral).toBe(true);
    expect(items(created.environmentCreate.serviceInstances.edges)).toHaveLength(0);
    const dup = await post(
      emulator,
      `mutation { environmentCreate(input: { projectId: "${ref.projectId}", name: "pr-1" }) { id } }`,
    );
    expect(items(dup.body.errors)[0]?.message).toBe("Environment with name pr-1 already exists");
    const id = text(created.environmentCreate.id);
    const ephemeral = await ok(
      emulator,
      `{ environments(projectId: "${ref.projectId}", isEphemeral: true) { edges { node { id } } } }`,
    );
    expect(items(ephemeral.environments.edges).map((e) => e.node.id)).toEqual([id]);
    const renamed = await ok(
      emulator,
      `mutation { environmentRename(id: "${id}", input: { name: "pr-2" }) { name } }`,
    );
    expect(renamed.environmentRename.name).toBe("pr-2");
    expect((await ok(emulator, `mutation { environmentDelete(id: "${id}") }`)).environmentDelete).toBe(true);
    const again = await post(emulator, `mutation { environmentDelete(id: "${id}") }`);
    expect(items(again.body.errors)[0]?.message).toBe("Environment not found");
  });

  it("copies a source environment (not sealed variables) and deploys it as one batch", async () => {
    const ref = await createProject(emulator, "copy");
    const api = await createService(emulator, ref, {
      name: "api",
      repo: "acme/omnidoc",
      variables: { LOG_LEVEL: "INFO" },
    });
    await ok(
      emulator,
      `mutation($e: String!, $p: EnvironmentConfig!) { environmentPatchCommit(environmentId: $e, patch: $p) }`,
      {
        e: ref.environmentId,
        p: {
          services: { [api]: { variables: { SECRET: { value: "s", isSealed: true } } } },
          sharedVariables: { SENTRY: { value: "dsn" } },
        },
      },
    );
    emulator.resetMetrics();
    const copy = await ok(
      emulator,
      `mutation { environmentCreate(input: { projectId: "${ref.projectId}", name: "staging", sourceEnvironmentId: "${ref.environmentId}" }) { id sourceEnvironment { id } } }`,
    );
    const staging = text(copy.environmentCreate.id);
    expect(copy.environmentCreate.sourceEnvironment.id).toBe(ref.environmentId);
    const vars = await ok(
      emulator,
      `{ variables(projectId: "${ref.projectId}", environmentId: "${staging}", serviceId: "${api}", unrendered: true) }`,
    );
    expect(vars.variables).toEqual({ LOG_LEVEL: "INFO" });
    const shared = await ok(
      emulator,
      `{ variables(projectId: "${ref.projectId}", environmentId: "${staging}", unrendered: true) }`,
    );
    expect(shared.variables).toEqual({ SENTRY: "dsn" });
    expect(emulator.metrics().deploymentsByService).toEqual({ "staging/api": 1 });
    expect(emulator.metrics().writes.map((w) => [w.field, w.environmentId])).toEqual([
      ["environmentCreate", staging],
    ]);
  });

  it("skipInitialDeploys copies without deploying; stageInitialChanges leaves the copy staged", async () => {
    const ref = await createProject(emulator, "staged");
    await createService(emulator, ref, { name: "api", repo: "acme/omnidoc" });
    emulator.resetMetrics();
    const skipped = await ok(
      emulator,
      `mutation { environmentCreate(input: { projectId: "${ref.projectId}", name: "quiet", sourceEnvironmentId: "${ref.environmentId}", skipInitialDeploys: true }) { serviceInstances { edges { node { serviceName } } } } }`,
    );
    expect(items(skipped.environmentCreate.serviceInstances.edges).map((e) => e.node.serviceName)).toEqual([
      "api",
    ]);
    const staged = await ok(
      emulator,
      `mutation { environmentCreate(input: { projectId: "${ref.projectId}", name: "pr-9", sourceEnvironmentId: "${ref.environmentId}", stageInitialChanges: true }) { id unmergedChangesCount serviceInstances { edges { node { id } } } } }`,
    );
    expect(items(staged.environmentCreate.serviceInstances.edges)).toHaveLength(0);
    expect(staged.environmentCreate.unmergedChangesCount).toBeGreaterThan(0);
    expect(emulator.metrics().deployments).toHaveLength(0);
  });

  it("PR flow: stage the copy, merge a branch override, commit once: one deploy per service", async () => {
    const ref = await createProject(emulator, "pr-flow");
    const api = await createService(emulator, ref, { name: "api", repo: "acme/omnidoc" });
    const worker = await createService(emulator, ref, {
      name: "worker",
      repo: "acme/omnidoc",
      variables: { API: "${{api.RAILWAY_PRIVATE_DOMAIN}}" },
    });
    emulator.resetMetrics();
    const created = await ok(
      emulator,
      `mutation { environmentCreate(input: { projectId: "${ref.projectId}", name: "pr-42", sourceEnvironmentId: "${ref.environmentId}", ephemeral: true, stageInitialChanges: true }) { id } }`,
    );
    const pr = text(created.environmentCreate.id);
    await ok(
      emulator,
      "mutation($e: String!, $i: EnvironmentConfig!) { environmentStageChanges(environmentId: $e, input: $i, merge: true) { id } }",
      {
        e: pr,
        i: {
          services: { [api]: { source: { branch: "feature" } }, [worker]: { source: { branch: "feature" } } },
        },
      },
    );
    await ok(
      emulator,
      `mutation { environmentPatchCommitStaged(environmentId: "${pr}", commitMessage: "pr-42") }`,
    );
    expect(emulator.metrics().deployments.map((d) => `${d.environmentName}/${d.serviceName}`)).toEqual([
      "pr-42/api",
      "pr-42/worker",
    ]);
    const triggers = await ok(
      emulator,
      `{ environment(id: "${pr}") { unmergedChangesCount deploymentTriggers { edges { node { branch } } } } }`,
    );
    expect(triggers.environment.unmergedChangesCount).toBe(0);
    expect(items(triggers.environment.deploymentTriggers.edges).map((e) => e.node.branch)).toEqual([
      "feature",
      "feature",
    ]);
  });
});
