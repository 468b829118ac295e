import { afterAll, beforeEach, describe, expect, it } from "vitest";
import type { Emulator } from "../../emulator/index.ts";
import { items, ok, post, start } from "./helpers.ts";

// Every fault kind, matched by root field and counted from injection.

let emulator: Emulator;
beforeEach(async () => {
  await emulator?.close();
  emulator = await start();
});
afterAll(() => emulator.close());

const CREATE = 'mutation Create { projectCreate(input: { name: "f" }) { id } }';

async function projectCount(): Promise<number> {
  const data = await emulator.dashboard("{ projects { edges { node { id } } } }");
  return items((data.data as { projects: { edges: unknown } }).projects.edges).length;
}

/** A raw request, so transport failures surface as rejections. */
function raw(query: string, signal?: AbortSignal) {
  return fetch(`${emulator.url}?source=faults`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      authorization: `Bearer ${emulator.defaults.accountToken}`,
    },
    body: JSON.stringify({ query }),
    ...(signal ? { signal } : {}),
  });
}

describe("fault injection", () => {
  it("429: not executed, Retry-After set", async () => {
    emulator.faults.inject({ field: "projectCreate", kind: "429", retryAfterSeconds: 7 });
    const reply = await post(emulator, CREATE);
    expect(reply.status).toBe(429);
    expect(reply.headers.get("retry-after")).toBe("7");
    expect(items(reply.body.errors)[0]?.extensions.code).toBe("RATE_LIMITED");
    expect(await projectCount()).toBe(0);
    expect(emulator.metrics().rateLimited).toBe(1);
    // Only the next call: the one after succeeds.
    await ok(emulator, CREATE);
    expect(await projectCount()).toBe(1);
  });

  it("500 answers JSON errors; 502 and 503 answer plain text; none executes", async () => {
    emulator.faults.inject({ field: "projectCreate", kind: "500" });
    const internal = await post(emulator, CREATE);
    expect(internal.status).toBe(500);
    expect(items(internal.body.errors)[0]?.extensions.code).toBe("INTERNAL_SERVER_ERROR");
    emulator.faults.inject({ field: "projectCreate", kind: "502" });
    const gateway = await raw(CREATE);
    expect(gateway.status).toBe(502);
    expect(gateway.headers.get("content-type")).toContain("text/plain");
    expect(await gateway.text()).toBe("502 Bad Gateway");
    emulator.faults.inject({ field: "projectCreate", kind: "503" });
    expect((await raw(CREATE)).status).toBe(503);
    expect(await projectCount()).toBe(0);
  });

  it("reset destroys the socket before executing", async () => {
    emulator.faults.inject({ field: "projectCreate", kind: "reset" });
    await expect(raw(CREATE)).rejects.toThrow();
    expect(await projectCount()).toBe(0);
  });

  it("timeout never answers and never executes", async () => {
    emulator.faults.inject({ field: "projectCreate", kind: "timeout" });
    await expect(raw(CREATE, AbortSignal.timeout(300))).rejects.toThrow();
    expect(await projectCount()).toBe(0);
  });

  it("dropResponse executes and commits, then drops the response", async () => {
    emulator.faults.inject({ field: "projectCreate", kind: "dropResponse" });
    await expect(raw(CREATE)).rejects.toThrow();
    expect(await projectCount()).toBe(1);
    expect(emulator.metrics().writes.map((w) => w.field)).toEqual(["projectCreate"]);
  });

  it("graphqlError answers HTTP 200 with Railway's opaque error and a trace id", async () => {
    emulator.faults.inject({ field: "projectCreate", kind: "graphqlError" });
    const reply = await post(emulator, CREATE);
    expect(reply.status).toBe(200);
    expect(reply.body.data).toBeNull();
    const [error] = items(reply.body.errors);
    expect(error?.message).toBe("Problem processing request");
    expect(error?.extensions.code).toBe("INTERNAL_SERVER_ERROR");
    expect(error?.extensions.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(await projectCount()).toBe(0);
  });

  it("nth and times pick which consecutive calls of that field fail; other fields are untouched", async () => {
    emulator.faults.inject({ field: "projectCreate", kind: "500", nth: 2, times: 2 });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      statuses.push((await post(emulator, CREATE)).status);
      expect((await post(emulator, "{ me { id } }")).status).toBe(200);
    }
    expect(statuses).toEqual([200, 500, 500, 200]);
  });

  it("clear disarms every fault", async () => {
    emulator.faults.inject({ field: "projectCreate", kind: "500", times: 5 });
    emulator.faults.clear();
    expect((await post(emulator, CREATE)).status).toBe(200);
  });

  it("latency delays only the named field's requests", async () => {
    emulator.latency(50, "projectCreate");
    // Only behaviour is asserted, never durations: the request still completes normally.
    expect((await post(emulator, CREATE)).status).toBe(200);
    emulator.latency(0, "projectCreate");
  });
});
