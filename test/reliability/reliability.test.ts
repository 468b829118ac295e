/**
 * `npm run reliability`, run as a person runs it: every write of omnidoc's first up and of a change up,
 * failed each way Railway can fail it, behaves as the README's retry rules say and converges, with no
 * duplicate, no lost or stale variable or setting, and each service deployed exactly as a clean run
 * deploys it. And the matrix's own judge sees a duplicate, a lost variable and a stale setting.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Cell } from "./matrix.ts";
import { FAULTS } from "./matrix.ts";
import { duplicates, lostOrStale, type World } from "./world.ts";

const ROOT = join(import.meta.dirname, "..", "..");

describe("npm run reliability", () => {
  it("every cell of the matrix is as expected", { timeout: 900_000 }, () => {
    const run = spawnSync(
      process.execPath,
      [join(ROOT, "test/reliability/reliability.ts"), "--json", "--parallel", "2"],
      { cwd: ROOT, encoding: "utf8", timeout: 890_000, maxBuffer: 64 * 1024 * 1024 },
    );
    const cells = JSON.parse(run.stdout) as Cell[];
    const wrong = cells.filter((cell) => !cell.ok);
    expect(wrong).toEqual([]);
    expect(run.status).toBe(0);
    const rows = (scenario: string) =>
      new Set(cells.filter((c) => c.scenario === scenario).map((c) => c.mutation));
    // Every write a first up sends: the project, three services, the stage, the commit, the API's domain.
    expect([...rows("first up")].sort()).toEqual([
      "environmentPatchCommitStaged",
      "environmentStageChanges",
      "projectCreate",
      "serviceCreate #1",
      "serviceCreate #2",
      "serviceCreate #3",
      "serviceDomainCreate",
    ]);
    expect([...rows("change up")].sort()).toEqual([
      "environmentPatchCommitStaged",
      "environmentStageChanges",
    ]);
    expect(cells).toHaveLength((7 + 2) * FAULTS.length);
    // The spent budget really stopped the run, and a re-run finished the job.
    for (const cell of cells.filter((c) => c.fault === "spent budget")) {
      expect(cell.outcome).toBe("stops");
      expect(cell.runs).toBe(2);
    }
  });
});

describe("the matrix's judge", () => {
  const world = (): World => ({
    projects: { omnidoc: 1 },
    environments: { "omnidoc/production": 1 },
    services: { "omnidoc/api": 1 },
    shared: { "omnidoc/production": { LOG_LEVEL: "INFO" } },
    instances: {
      "omnidoc/production/api": { deploy: { startCommand: "x" }, variables: { REDIS_URL: "r" }, domains: 1 },
    },
  });

  it("finds nothing between equal worlds", () => {
    expect(duplicates(world(), world())).toEqual([]);
    expect(lostOrStale(world(), world())).toEqual([]);
  });

  it("names a service and a domain created twice", () => {
    const twice = world();
    twice.services["omnidoc/api"] = 2;
    (twice.instances["omnidoc/production/api"] as { domains: number }).domains = 2;
    expect(duplicates(twice, world())).toEqual([
      "services omnidoc/api ×2",
      "domains of omnidoc/production/api ×2",
    ]);
  });

  it("names a lost variable, a stale shared variable, an extra one and a changed setting", () => {
    const drifted = world();
    drifted.shared["omnidoc/production"] = { LOG_LEVEL: "DEBUG", EXTRA: "1" };
    drifted.instances["omnidoc/production/api"] = {
      deploy: { startCommand: "y" },
      variables: {},
      domains: 1,
    };
    expect(lostOrStale(drifted, world())).toEqual([
      "omnidoc/production LOG_LEVEL stale",
      "omnidoc/production EXTRA extra",
      "omnidoc/production/api REDIS_URL lost",
      "omnidoc/production/api deploy differs",
    ]);
  });
});
