/**
 * Every bad component or resource argument is found before the first request to Railway, even when the
 * resources declared before it are fine: the run registers nothing at all (components/resources/preflight.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../emulator/index.ts";
import { TestStack } from "../engine/driver.ts";
import { delta, railwayEnv } from "./support.ts";

const CASES: Array<[string, RegExp]> = [
  ["repo as a URL", /settings\.repo must be "owner\/name", not a URL: use "acme\/shop"/],
  ["repo with .git", /settings\.repo must be "owner\/name" without "\.git": use "acme\/shop"/],
  ["Dockerfile outside the repository", /settings\.dockerfilePath leaves the repository/],
  ["branch git refuses", /settings\.branch must not contain "\.\."/],
  ["branch with a space", /settings\.branch must not contain " "/],
  ["healthcheck path without /", /settings\.healthcheckPath must start with "\/"/],
  ["too many replicas", /settings\.numReplicas must be at most 50/],
  ["a port beyond 65535", /targetPort.*must be at most 65535/],
  ["a variable name Railway refuses", /is not a variable name: use a letter or '_'/],
  ["stray whitespace in an image", /settings\.image has leading or trailing whitespace/],
  [
    "two names that are one private host",
    /"worker" and "Worker" are one service to Railway.*worker\.railway\.internal/,
  ],
  ["a service name that is not a DNS label", /may hold letters, digits and inner '-' only/],
  ["a reference in a shared variable", /shared variables must be literal values/],
  ["a Celery worker below INFO", /loglevel "warning" hides the lines that prove the worker is ready/],
  ["a Celery concurrency of 10\^20", /concurrency must be a whole number from 1 to 256/],
  [
    "a second broker variable in a CeleryApp",
    /variables\.CELERY_BROKER_URL would override variables\.REDIS_URL: Celery reads it first\. Declare the broker once/,
  ],
  [
    "an API with its own broker",
    /api\.variables\.REDIS_URL: the broker is the app's variables\.REDIS_URL, shared with the workers/,
  ],
  [
    "a raw variable set with a name Railway refuses",
    /variables\.MY-VAR is not a variable name: use a letter/,
  ],
  ["a half-written reference", /REDIS_URL has a malformed reference; write \$\{\{shared\.KEY\}\}/],
  [
    "a healthcheck timeout beyond what the API takes",
    /settings\.healthcheckTimeout must be at most 2147483647/,
  ],
  ["a cron schedule that is not one", /settings\.cronSchedule has minute "99": use \*, 0-59/],
  ["a start command with stray whitespace", /settings\.startCommand has leading or trailing whitespace/],
  ["a healthcheck path with a space", /settings\.healthcheckPath must not contain whitespace/],
  ["a repository owner GitHub refuses", /settings\.repo has owner "-acme", which GitHub does not allow/],
  ["a project name with stray whitespace", /name has leading or trailing whitespace/],
];

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(async () => {
  await emulator?.close();
});

describe("bad arguments, declared after good resources", () => {
  it.each(CASES)("%s: named with its fix, and not one request sent", async (name, message) => {
    const stack = new TestStack({
      project: "shop",
      stack: "dev",
      program: "test/scenarios/fixtures/argumentErrors.ts",
      config: { case: name.replace("\\^", "^") },
      env: railwayEnv(emulator),
    });
    const before = emulator.metrics();
    const up = await stack.up();
    expect(up.ok).toBe(false);
    const text = up.errors.join("\n");
    expect(text).toMatch(message);
    expect(text).toContain("Nothing was sent to Railway");
    expect(text).not.toMatch(/ZodError|Invalid input|Invalid key|Too big|Too small|expected string/);
    expect(delta(before, emulator.metrics()).requests).toBe(0);
    expect(stack.state().resources.filter((resource) => resource.custom)).toEqual([]);
  });
});
