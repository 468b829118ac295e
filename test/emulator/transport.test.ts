import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../../emulator/index.ts";
import { items, post, start } from "./helpers.ts";

let emulator: Emulator;
beforeAll(async () => {
  emulator = await start();
});
afterAll(() => emulator.close());

describe("transport and schema", () => {
  it("rejects an unknown field with HTTP 400 and graphql-js's message", async () => {
    const reply = await post(emulator, "{ me { id emailAddress } }");
    expect(reply.status).toBe(400);
    const [error] = items(reply.body.errors);
    expect(error?.message).toBe('Cannot query field "emailAddress" on type "User".');
    expect(error?.extensions.code).toBe("GRAPHQL_VALIDATION_FAILED");
  });

  it("rejects an unknown argument with HTTP 400", async () => {
    const reply = await post(
      emulator,
      'mutation { serviceCreate(input: { projectId: "p" }, dryRun: true) { id } }',
    );
    expect(reply.status).toBe(400);
    expect(items(reply.body.errors)[0]?.message).toBe(
      'Unknown argument "dryRun" on field "Mutation.serviceCreate".',
    );
  });

  it("rejects a field the input type lacks (serviceCreate with a made-up field)", async () => {
    const reply = await post(
      emulator,
      'mutation { serviceCreate(input: { projectId: "p", startCommand: "x" }) { id } }',
    );
    expect(reply.status).toBe(400);
    expect(items(reply.body.errors)[0]?.message).toContain(
      'Field "startCommand" is not defined by type "ServiceCreateInput"',
    );
  });

  it("rejects a wrong variable type with HTTP 400", async () => {
    const reply = await post(emulator, "query($id: String!) { project(id: $id) { id } }", { id: 42 });
    expect(reply.status).toBe(400);
    expect(items(reply.body.errors)[0]?.extensions.code).toBe("GRAPHQL_VALIDATION_FAILED");
  });

  it("answers a root field it does not implement with NOT_EMULATED, never a fake success", async () => {
    const reply = await post(emulator, '{ template(code: "redis") { id } }');
    expect(reply.status).toBe(200);
    expect(reply.body.data).toBeNull();
    const [error] = items(reply.body.errors);
    expect(error?.message).toBe('"template" is not emulated');
    expect(error?.extensions.code).toBe("NOT_EMULATED");
    expect(error?.path).toEqual(["template"]);
  });

  it("does not emulate subscriptions", async () => {
    const reply = await post(emulator, 'subscription { deployment(id: "x") { id } }');
    expect(items(reply.body.errors)[0]?.extensions.code).toBe("NOT_EMULATED");
  });

  it("answers a domain error Railway-style: HTTP 200, data null, INTERNAL_SERVER_ERROR", async () => {
    const reply = await post(emulator, '{ project(id: "8107edff-4b8e-44fc-b43a-04566e847a2a") { id } }');
    expect(reply.status).toBe(200);
    expect(reply.body.data).toBeNull();
    const [error] = items(reply.body.errors);
    expect(error?.message).toBe("Project not found");
    expect(error?.extensions.code).toBe("INTERNAL_SERVER_ERROR");
    expect(error?.path).toEqual(["project"]);
    expect(error?.locations).toEqual([{ line: 1, column: 3 }]);
  });

  it("accepts any query string on the URL", async () => {
    const reply = await post(emulator, "{ me { email } }", {}, { search: "?query=Me&x=1" });
    expect(reply.status).toBe(200);
    expect(reply.body.data.me.email).toBe("dev@example.com");
  });

  it("counts every request by root field and operation name, rejected ones included", async () => {
    emulator.resetMetrics();
    await post(emulator, "query Two { me { id } projects { edges { node { id } } } }");
    await post(emulator, "query Bad { me { nope } }");
    const metrics = emulator.metrics();
    expect(metrics.totalRequests).toBe(2);
    expect(metrics.requests).toEqual({ me: 2, projects: 1 });
    expect(metrics.requestsByOperationName).toEqual({ Two: 1, Bad: 1 });
  });
});
