import { describe, expect, it } from "vitest";
import {
  branchNameProblems,
  collidingServiceNames,
  hasUrlCredentials,
  isReference,
  isSecretVariable,
  privateHost,
  referencesIn,
  repoProblems,
  repositoryPathProblems,
  serviceNameProblems,
  soleReference,
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
});
