import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../../emulator/index.ts";
import { items, post, start } from "./helpers.ts";

// Rate limits (docs/railway-api-notes.md, "Rate limits") on an injected wall clock, so no test depends on timing.

let emulator: Emulator;
let wall = Date.parse("2026-09-01T00:00:00.250Z");

beforeAll(async () => {
  emulator = await start({ rateLimits: { perHour: 6, perSecond: 3, edgePerSecond: 2, now: () => wall } });
});
afterAll(() => emulator.close());

const ME = "{ me { id } }";

describe("per-token budgets", () => {
  it("serves the per-second budget with X-RateLimit headers, then answers 429 without executing", async () => {
    for (let i = 0; i < 3; i++) {
      const reply = await post(emulator, ME);
      expect(reply.status).toBe(200);
      expect(reply.headers.get("x-ratelimit-limit")).toBe("6");
      expect(reply.headers.get("x-ratelimit-remaining")).toBe(String(5 - i));
      expect(Number(reply.headers.get("x-ratelimit-reset"))).toBe(Math.ceil((wall + 3_600_000) / 1000));
    }
    emulator.resetMetrics();
    const limited = await post(emulator, 'mutation { projectCreate(input: { name: "x" }) { id } }');
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("1");
    expect(limited.headers.get("x-ratelimit-remaining")).toBe("3");
    expect(items(limited.body.errors)[0]).toEqual({
      message: "You are being rate limited. Try again in 1 seconds",
      extensions: { code: "RATE_LIMITED" },
    });
    expect(emulator.metrics()).toMatchObject({ rateLimited: 1, writes: [], requests: { projectCreate: 1 } });
  });

  it("keeps a separate budget per token", async () => {
    const other = emulator.seed.user("other@example.com");
    expect((await post(emulator, ME, {}, { token: other.accountToken })).status).toBe(200);
  });

  it("refills next second, until the hourly budget is spent", async () => {
    wall += 1000;
    expect((await post(emulator, ME)).status).toBe(200);
    expect((await post(emulator, ME)).status).toBe(200);
    expect((await post(emulator, ME)).status).toBe(200);
    wall += 1000;
    const spent = await post(emulator, ME);
    expect(spent.status).toBe(429);
    expect(Number(spent.headers.get("retry-after"))).toBeGreaterThan(3000);
  });
});

describe("Cloudflare's edge limit without a query string", () => {
  it("answers 429 text/html `error code: 1015` with no X-RateLimit headers and no Retry-After", async () => {
    wall += 10_000;
    const token = emulator.seed.user("edge@example.com").accountToken;
    const bare = { token, search: "" };
    expect((await post(emulator, ME, {}, bare)).status).toBe(200);
    expect((await post(emulator, ME, {}, bare)).status).toBe(200);
    const blocked = await post(emulator, ME, {}, bare);
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get("content-type")).toContain("text/html");
    expect(blocked.body).toBe("error code: 1015");
    expect(blocked.headers.get("x-ratelimit-limit")).toBeNull();
    expect(blocked.headers.get("retry-after")).toBeNull();
    // With a query string the same caller goes through.
    expect((await post(emulator, ME, {}, { token })).status).toBe(200);
  });
});

describe("rateLimits: false", () => {
  it("disables every limit", async () => {
    const open = await start({ rateLimits: false });
    try {
      for (let i = 0; i < 25; i++) expect((await post(open, ME, {}, { search: "" })).status).toBe(200);
    } finally {
      await open.close();
    }
  });
});
