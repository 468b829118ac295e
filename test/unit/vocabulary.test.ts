import { describe, expect, it } from "vitest";
import {
  branchNameProblems,
  collidingServiceNames,
  cronScheduleProblems,
  hasUrlCredentials,
  imageReferenceProblems,
  isReference,
  isSecretName,
  isSecretVariable,
  privateHost,
  projectNameProblems,
  referencesIn,
  repoProblems,
  repositoryPathProblems,
  serviceNameProblems,
  soleReference,
  variableProblems,
} from "../../components/railway/vocabulary.ts";

describe("the Railway vocabulary", () => {
  it("reads references of every namespace", () => {
    expect(referencesIn("redis://default:${{REDIS_PASSWORD}}@${{ Redis.HOST }}:${{shared.PORT}}")).toEqual([
      { namespace: undefined, key: "REDIS_PASSWORD", text: "${{REDIS_PASSWORD}}" },
      { namespace: "Redis", key: "HOST", text: "${{ Redis.HOST }}" },
      { namespace: "shared", key: "PORT", text: "${{shared.PORT}}" },
    ]);
    expect(soleReference(" ${{Redis.REDIS_URL}} ")?.namespace).toBe("Redis");
    expect(soleReference("redis://${{Redis.HOST}}")).toBeUndefined();
    expect(isReference("plain")).toBe(false);
  });

  it.each([
    ["acme/shop", []],
    ["acme/shop.git", ['must be "owner/name" without ".git": use "acme/shop"']],
    ["https://github.com/acme/shop", ['must be "owner/name", not a URL: use "acme/shop"']],
    ["git@github.com:acme/shop.git", ['must be "owner/name", not a URL: use "acme/shop"']],
    [" acme/shop", ["has leading or trailing whitespace"]],
    ["shop", ['must be a GitHub repository "owner/name", e.g. acme/shop']],
  ])("repo %j", (repo, problems) => {
    expect(repoProblems(repo)).toEqual(problems);
  });

  it.each([
    ["main", 0],
    ["feature/faster-pdf", 0],
    ["feature/../main", 2],
    ["my branch", 1],
    ["-x", 1],
    ["a.lock", 1],
    ["HEAD", 1],
    ["", 1],
  ])("branch %j has %i problem(s)", (branch, count) => {
    expect(branchNameProblems(branch)).toHaveLength(count);
  });

  it("names Railway treats as one service: the same private host", () => {
    expect(collidingServiceNames(["omnidoc-backend", "Omnidoc-Backend", "Redis"])).toEqual([
      ["omnidoc-backend", "Omnidoc-Backend"],
    ]);
    expect(privateHost("Redis")).toBe("redis.railway.internal");
    expect(serviceNameProblems("celery_worker!")[0]).toMatch(/letters, digits and inner '-'/);
    expect(serviceNameProblems("x".repeat(64))[0]).toMatch(/at most 63/);
  });

  it("paths that leave the repository", () => {
    expect(repositoryPathProblems("../../Dockerfile", { absolute: false })).toEqual([
      "leaves the repository (too many '..')",
    ]);
    expect(repositoryPathProblems("docker/../Dockerfile", { absolute: false })).toEqual([]);
    expect(repositoryPathProblems("backend", { absolute: true })).toEqual([
      'must start with "/" (the repository root)',
    ]);
  });

  it("secrets by name or by credentials in a URL, never references", () => {
    expect(isSecretVariable("GEMINI_API_KEY", "x")).toBe(true);
    expect(isSecretVariable("DATABASE_URL", "postgresql://u:pw@h/db")).toBe(true);
    expect(isSecretVariable("REDIS_URL", "${{Redis.REDIS_URL}}")).toBe(false);
    expect(isSecretVariable("LOG_LEVEL", "INFO")).toBe(false);
    expect(hasUrlCredentials("redis://default@h:6379")).toBe(false);
  });

  it.each(["PGPASSWORD", "REDISPASSWORD", "MYSQLPASSWORD", "MONGOPASSWORD", "OPENAI_APIKEY", "GITHUBTOKEN"])(
    "takes the glued spelling %s for a secret name",
    (name) => expect(isSecretName(name)).toBe(true),
  );

  it.each(["MONKEY", "BYPASS_CACHE", "PGUSER", "PASSENGER_COUNT", "TOKENIZER_MODEL"])(
    "does not take %s for a secret name",
    (name) => expect(isSecretName(name)).toBe(false),
  );
});

describe("images, schedules, projects and variables", () => {
  it.each([
    "redis:8.2",
    "bitnami/redis:7.4",
    "localhost:5000/redis:8",
    "ghcr.io/acme/app:1.4",
    `ghcr.io/acme/redis@sha256:${"a".repeat(64)}`,
  ])("accepts the image %s", (image) => expect(imageReferenceProblems(image)).toEqual([]));

  it.each(["Redis:8", "redis:", "a//b", "redis 8"])("refuses the image %s with the form to use", (image) =>
    expect(imageReferenceProblems(image)).toEqual([
      "is not a Docker image reference: use [registry[:port]/]name[:tag], e.g. redis:8.2 or ghcr.io/acme/app:1.4",
    ]),
  );

  it("judges every cron field by its range, and the count of fields", () => {
    expect(cronScheduleProblems("*/15 * * * *")).toEqual([]);
    expect(cronScheduleProblems("0 3 1-15,20 */2 1-5")).toEqual([]);
    expect(cronScheduleProblems("60 3 * * *")).toEqual([
      'has minute "60": use *, 0-59, a range, a step (*/n) or a list',
    ]);
    expect(cronScheduleProblems("0 3 * * 1-")).toEqual([
      'has day of week "1-": use *, 0-7, a range, a step (*/n) or a list',
    ]);
    expect(cronScheduleProblems("0 3 * *")[0]).toMatch(/^must be a 5-field crontab expression in UTC/);
  });

  it("refuses repository owners and names GitHub never allowed, and keeps old accounts' hyphens", () => {
    expect(repoProblems("old--account-/repo")).toEqual([]);
    expect(repoProblems("-acme/shop")[0]).toMatch(/owner "-acme", which GitHub does not allow/);
    expect(repoProblems(`${"a".repeat(40)}/shop`)[0]).toMatch(/which GitHub does not allow/);
    expect(repoProblems("acme/..")[0]).toMatch(/name "\.\.", which GitHub does not allow/);
  });

  it("wants a project name literal and without stray whitespace", () => {
    expect(projectNameProblems("omnidoc")).toEqual([]);
    expect(projectNameProblems("omnidoc ")).toEqual(["has leading or trailing whitespace; remove it"]);
    expect(projectNameProblems("${{shared.NAME}}")[0]).toMatch(/^must be a literal name/);
  });

  it("names a variable's bad name and its half-written reference under variables.<name>", () => {
    expect(variableProblems("REDIS_URL", "${{Redis.REDIS_URL}}")).toEqual([]);
    expect(variableProblems("REDIS_URL", "${{Redis.REDIS_URL}")).toEqual([
      "variables.REDIS_URL has a malformed reference; write ${{shared.KEY}}, ${{Service.KEY}} or ${{KEY}}",
    ]);
    expect(variableProblems("MY-VAR", undefined)[0]).toMatch(/^variables\.MY-VAR is not a variable name/);
  });
});
