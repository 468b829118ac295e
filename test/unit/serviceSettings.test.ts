import { describe, expect, it } from "vitest";
import {
  normalizeSetting,
  SETTING_KEYS,
  settingEquals,
  settingsFromConfig,
  settingsPatch,
  validateSettings,
} from "../../components/railway/settingFields.ts";

describe("the service settings table", () => {
  it("covers every build and deploy setting this project manages", () => {
    expect(SETTING_KEYS).toEqual(
      expect.arrayContaining([
        "startCommand",
        "builder",
        "dockerfilePath",
        "healthcheckPath",
        "branch",
        "repo",
        "numReplicas",
      ]),
    );
  });

  it.each([
    ["restartPolicyType", "ON_FAILURE", undefined],
    ["restartPolicyMaxRetries", 10, undefined],
    ["numReplicas", 1, undefined],
    ["builder", "RAILPACK", undefined],
    ["dockerfilePath", "./Dockerfile", "Dockerfile"],
    ["dockerfilePath", "Dockerfile", undefined],
    ["rootDirectory", "/", ""],
    ["preDeployCommand", "python manage.py migrate", ["python manage.py migrate"]],
    ["startCommand", "", undefined],
    ["sleepApplication", false, undefined],
    ["healthcheckTimeout", 300, undefined],
  ] as const)("%s: %j and %j mean the same to Railway (no perpetual diff)", (key, a, b) => {
    expect(settingEquals(key, a, b)).toBe(true);
  });

  it.each([
    ["startCommand", "celery -A app worker", undefined],
    ["restartPolicyType", "ALWAYS", undefined],
    ["numReplicas", 2, 1],
  ] as const)("%s: %j and %j differ", (key, a, b) => {
    expect(settingEquals(key, a, b)).toBe(false);
  });

  it("reads declared settings from an EnvironmentConfig entry, defaults filled in", () => {
    const entry = {
      source: { repo: "acme/omnidoc", branch: "main" },
      build: { builder: "DOCKERFILE" },
      deploy: { startCommand: "celery -A x worker", multiRegionConfig: { "us-west2": { numReplicas: 2 } } },
    };
    expect(
      settingsFromConfig(entry, ["repo", "builder", "startCommand", "numReplicas", "restartPolicyType"]),
    ).toEqual({
      repo: "acme/omnidoc",
      builder: "DOCKERFILE",
      startCommand: "celery -A x worker",
      numReplicas: 2,
      restartPolicyType: "ON_FAILURE",
    });
  });

  it("writes changes into their sections of the patch; null resets a setting", () => {
    expect(
      settingsPatch({ startCommand: "celery", builder: "DOCKERFILE", branch: "feat", healthcheckPath: null }),
    ).toEqual({
      deploy: { startCommand: "celery", healthcheckPath: null },
      build: { builder: "DOCKERFILE" },
      source: { branch: "feat" },
    });
  });

  it.each([
    [{ healthcheckPath: "health" }, 'settings.healthcheckPath must start with "/"'],
    [{ numReplicas: 0 }, "settings.numReplicas"],
    [{ repo: "not a repo" }, 'settings.repo must be a GitHub repository "owner/name"'],
    [{ repo: "https://github.com/acme/shop.git" }, 'use "acme/shop"'],
    [{ dockerfilePath: "../../Dockerfile" }, "settings.dockerfilePath leaves the repository"],
    [{ repo: "a/b", image: "redis:8" }, "are exclusive"],
    [{ branch: "main" }, "settings.branch needs settings.repo"],
    [{ builder: "DOCKERFILE", buildCommand: "make" }, "buildCommand is ignored"],
    [{ cronSchedule: "*/5 * * * *", numReplicas: 2 }, "must be 1 for a cron service"],
    [{ cronSchedule: "hourly" }, "5-field crontab"],
    [{ restartPolicyType: "SOMETIMES" }, "settings.restartPolicyType"],
    [{ startComand: "typo" }, "settings.startComand is not a Railway service setting"],
  ])("rejects %j, naming the field", (settings, message) => {
    expect(validateSettings(settings).join("\n")).toContain(message);
  });

  it("accepts a worker's settings", () => {
    expect(
      validateSettings({
        repo: "acme/omnidoc",
        branch: "main",
        builder: "DOCKERFILE",
        startCommand: "celery -A a worker",
      }),
    ).toEqual([]);
    expect(normalizeSetting("watchPatterns", undefined)).toEqual([]);
  });
});
