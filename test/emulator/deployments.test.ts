import { afterAll, beforeEach, describe, expect, it } from "vitest";
import type { Emulator } from "../../emulator/index.ts";
import {
  buildLogs,
  createProject,
  createService,
  deploy,
  deploymentStatus,
  items,
  ok,
  type ProjectRef,
  post,
  start,
  text,
  updateInstance,
} from "./helpers.ts";

let emulator: Emulator;
let ref: ProjectRef;

beforeEach(async () => {
  await emulator?.close();
  emulator = await start();
  ref = await createProject(emulator, "deployments");
});
afterAll(() => emulator.close());

describe("deployment lifecycle on the virtual clock", () => {
  it("goes QUEUED → BUILDING → DEPLOYING → SUCCESS as time passes", async () => {
    const api = await createService(emulator, ref, { name: "api" });
    await updateInstance(emulator, api, ref.environmentId, { source: { repo: "acme/omnidoc" } });
    const id = await deploy(emulator, api, ref.environmentId);
    const seen = [await deploymentStatus(emulator, id)];
    for (const step of [2_000, 20_000, 10_000]) {
      emulator.clock.advance(step);
      seen.push(await deploymentStatus(emulator, id));
    }
    expect(seen).toEqual(["QUEUED", "BUILDING", "DEPLOYING", "SUCCESS"]);
  });

  it("follows the clock per request in perRequest mode", async () => {
    const perRequest = await start({ clock: { mode: "perRequest", stepMs: 5000 } });
    try {
      const project = await createProject(perRequest, "p");
      const api = await createService(perRequest, project, { name: "api", repo: "acme/omnidoc" });
      const id = (
        await ok(
          perRequest,
          `{ serviceInstance(serviceId: "${api}", environmentId: "${project.environmentId}") { latestDeployment { id status } } }`,
        )
      ).serviceInstance.latestDeployment;
      // Created at t; this read ran at t+5 s.
      expect(id.status).toBe("BUILDING");
      const statuses: string[] = [];
      for (let i = 0; i < 6; i++) statuses.push(await deploymentStatus(perRequest, text(id.id)));
      // 5 s per request (t+10 … t+35): deterministic for this request sequence.
      expect(statuses).toEqual(["BUILDING", "BUILDING", "BUILDING", "DEPLOYING", "DEPLOYING", "SUCCESS"]);
    } finally {
      await perRequest.close();
    }
  });

  it("refuses to deploy an instance without a source", async () => {
    const bare = await createService(emulator, ref, { name: "bare" });
    const reply = await post(
      emulator,
      `mutation { serviceInstanceDeployV2(serviceId: "${bare}", environmentId: "${ref.environmentId}") }`,
    );
    expect(items(reply.body.errors)[0]?.message).toBe("Cannot deploy a service without a source");
  });

  it("a newer SUCCESS marks the previous one REMOVED; lists are newest first and filter by status", async () => {
    const api = await createService(emulator, ref, { name: "api", repo: "acme/omnidoc" });
    emulator.clock.advance(60_000);
    const second = await deploy(emulator, api, ref.environmentId);
    emulator.clock.advance(60_000);
    const list = await ok(
      emulator,
      `query($i: DeploymentListInput!) { deployments(input: $i, first: 10) { edges { node { id status } } } }`,
      { i: { projectId: ref.projectId, environmentId: ref.environmentId, serviceId: api } },
    );
    const nodes = items(list.deployments.edges).map((e) => e.node);
    expect(nodes.map((n) => n.status)).toEqual(["SUCCESS", "REMOVED"]);
    expect(nodes[0]?.id).toBe(second);
    const active = await ok(
      emulator,
      `query($i: DeploymentListInput!) { deployments(input: $i) { edges { node { id } } } }`,
      { i: { serviceId: api, status: { in: ["SUCCESS"] } } },
    );
    expect(items(active.deployments.edges).map((e) => e.node.id)).toEqual([second]);
  });

  it("cancel and remove end a deployment as REMOVED", async () => {
    const api = await createService(emulator, ref, { name: "api", repo: "acme/omnidoc" });
    const id = await deploy(emulator, api, ref.environmentId);
    await ok(emulator, `mutation { deploymentCancel(id: "${id}") }`);
    expect(await deploymentStatus(emulator, id)).toBe("REMOVED");
    emulator.clock.advance(60_000);
    const first = (
      await ok(
        emulator,
        `{ deployments(input: { serviceId: "${api}", status: { in: [SUCCESS] } }) { edges { node { id } } } }`,
      )
    ).deployments;
    const running = text(items(first.edges)[0]?.node.id ?? ({} as never));
    await ok(emulator, `mutation { deploymentRemove(id: "${running}") }`);
    const data = await ok(emulator, `{ deployment(id: "${running}") { status deploymentStopped } }`);
    expect(data.deployment).toEqual({ status: "REMOVED", deploymentStopped: true });
  });

  it("fails the build for a branch the repo does not have", async () => {
    emulator.seed.repo("acme/branches", { branches: ["main"] });
    const api = await createService(emulator, ref, {
      name: "api",
      repo: "acme/branches",
      branch: "feature-x",
    });
    const id = (
      await ok(
        emulator,
        `{ serviceInstance(serviceId: "${api}", environmentId: "${ref.environmentId}") { latestDeployment { id } } }`,
      )
    ).serviceInstance.latestDeployment.id;
    emulator.clock.advance(10_000);
    expect(await deploymentStatus(emulator, text(id))).toBe("FAILED");
    expect((await buildLogs(emulator, text(id))).join("\n")).toContain("Branch not found");
  });

  it("carries what was deployed in meta", async () => {
    const api = await createService(emulator, ref, { name: "api", repo: "acme/omnidoc" });
    await updateInstance(emulator, api, ref.environmentId, {
      startCommand: "uvicorn src.main:app --port 8080",
      numReplicas: 2,
    });
    const id = await deploy(emulator, api, ref.environmentId);
    const data = await ok(
      emulator,
      `{ deployment(id: "${id}") { meta serviceId environmentId projectId canRedeploy } }`,
    );
    expect(data.deployment.meta.repo).toBe("acme/omnidoc");
    expect(data.deployment.meta.branch).toBe("main");
    expect(text(data.deployment.meta.commitHash)).toMatch(/^[0-9a-f]{40}$/);
    expect(data.deployment.meta.serviceManifest.deploy.startCommand).toBe("uvicorn src.main:app --port 8080");
    expect(data.deployment.meta.serviceManifest.deploy.multiRegionConfig).toEqual({
      "us-west2": { numReplicas: 2 },
    });
  });
});

describe("redeploys replay the old snapshot ", () => {
  it("serviceInstanceRedeploy and deploymentRedeploy keep old settings and variables; DeployV2 takes current ones", async () => {
    const api = await createService(emulator, ref, {
      name: "api",
      repo: "acme/omnidoc",
      variables: { MODE: "old" },
    });
    await updateInstance(emulator, api, ref.environmentId, { startCommand: "uvicorn old:app" });
    const original = await deploy(emulator, api, ref.environmentId);
    await updateInstance(emulator, api, ref.environmentId, { startCommand: "uvicorn new:app" });
    await ok(
      emulator,
      `mutation { variableUpsert(input: { projectId: "${ref.projectId}", environmentId: "${ref.environmentId}", serviceId: "${api}", name: "MODE", value: "new", skipDeploys: true }) }`,
    );
    const manifest = async (id: string) =>
      (await ok(emulator, `{ deployment(id: "${id}") { meta } }`)).deployment.meta.serviceManifest.deploy
        .startCommand;

    await ok(
      emulator,
      `mutation { serviceInstanceRedeploy(serviceId: "${api}", environmentId: "${ref.environmentId}") }`,
    );
    const replayed = (
      await ok(
        emulator,
        `{ serviceInstance(serviceId: "${api}", environmentId: "${ref.environmentId}") { latestDeployment { id } } }`,
      )
    ).serviceInstance.latestDeployment.id;
    expect(await manifest(text(replayed))).toBe("uvicorn old:app");

    const again = await ok(emulator, `mutation { deploymentRedeploy(id: "${original}") { id } }`);
    expect(await manifest(text(again.deploymentRedeploy.id))).toBe("uvicorn old:app");

    const fresh = await deploy(emulator, api, ref.environmentId);
    expect(await manifest(fresh)).toBe("uvicorn new:app");
    const causes = emulator.metrics().deployments.map((d) => d.cause);
    expect(causes.slice(-4)).toEqual([
      "serviceInstanceDeployV2",
      "serviceInstanceRedeploy",
      "deploymentRedeploy",
      "serviceInstanceDeployV2",
    ]);
  });
});

describe("logs", () => {
  it("returns only lines whose time has come, oldest first, limit+1 like the real API, with a substring filter", async () => {
    const api = await createService(emulator, ref, { name: "api", repo: "acme/omnidoc" });
    const id = text(
      (
        await ok(
          emulator,
          `{ serviceInstance(serviceId: "${api}", environmentId: "${ref.environmentId}") { latestDeployment { id } } }`,
        )
      ).serviceInstance.latestDeployment.id,
    );
    expect(await buildLogs(emulator, id)).toEqual([]);
    emulator.clock.advance(60_000);
    const all = await buildLogs(emulator, id);
    expect(all.some((l) => /^Cloning acme\/omnidoc@main \([0-9a-f]{7}\)$/.test(l))).toBe(true);
    expect(all).toContain("Using Detected Dockerfile");
    expect(all.at(-1)).toBe("Build time: 20.00 seconds");
    const limited = await ok(emulator, `{ buildLogs(deploymentId: "${id}", limit: 2) { message } }`);
    expect(items(limited.buildLogs).map((l) => l.message)).toEqual(all.slice(-3));
    const filtered = await ok(
      emulator,
      `{ deploymentLogs(deploymentId: "${id}", filter: "Uvicorn running") { message timestamp severity tags { deploymentId serviceId environmentId projectId } } }`,
    );
    const [line] = items(filtered.deploymentLogs);
    expect(line?.message).toBe("INFO:     Uvicorn running on http://0.0.0.0:8080 (Press CTRL+C to quit)");
    expect(text(line?.timestamp ?? ({} as never))).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/);
    expect(line?.tags).toEqual({
      deploymentId: id,
      serviceId: api,
      environmentId: ref.environmentId,
      projectId: ref.projectId,
    });
  });
});
