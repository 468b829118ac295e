/** The bench's targets, judged from its measurements: each met, not met, or not run. */
import type { Measurement } from "./measure.ts";

export interface Target {
  name: string;
  /** undefined: not run (e.g. `--quick`). */
  met: boolean | undefined;
  detail: string;
}

const find = (rows: Measurement[], stack: string, scenario: string) =>
  rows.find((row) => row.stack === stack && row.scenario === scenario);

function fleetSizes(rows: Measurement[]): number[] {
  const sizes = new Set<number>();
  for (const row of rows) {
    const match = /^fleet N=(\d+)$/.exec(row.stack);
    if (match) sizes.add(Number(match[1]));
  }
  return [...sizes].sort((a, b) => a - b);
}

const onceEach = (row: Measurement, count: number) =>
  Object.keys(row.deploymentsByService).length === count &&
  Object.values(row.deploymentsByService).every((deployments) => deployments === 1);

export function evaluateTargets(rows: Measurement[], options: { quick: boolean }): Target[] {
  const targets: Target[] = [];
  const sizes = fleetSizes(rows);

  for (const size of sizes) {
    const first = find(rows, `fleet N=${size}`, "first up");
    targets.push({
      name: `N=${size} first up: ≤ N + 10 requests before polls, one stage and one commit, each service deployed once`,
      met: first
        ? first.ok &&
          first.beforePolls <= size + 10 &&
          first.stages === 1 &&
          first.commits === 1 &&
          onceEach(first, size)
        : undefined,
      detail: first
        ? `${first.beforePolls} requests before polls (limit ${size + 10}), ${first.stages} stage(s), ${first.commits} commit(s), ${first.deployments} deployment(s)`
        : "not run",
    });
  }

  const smallest = sizes[0];
  const largest = sizes.at(-1);
  if (smallest !== undefined && largest !== undefined && largest !== smallest) {
    const small = find(rows, `fleet N=${smallest}`, "first up");
    const large = find(rows, `fleet N=${largest}`, "first up");
    const ticks = (row: Measurement | undefined) => row?.byOperation.EnvironmentDeployments ?? 0;
    targets.push({
      name: "deploy waiting: one poll per tick for the environment, not per service",
      met:
        small && large
          ? ticks(large) <= 2 * ticks(small) + 2 && (large.byOperation.Deployment ?? 0) === 0
          : undefined,
      detail: `environment polls: ${ticks(small)} at N=${smallest}, ${ticks(large)} at N=${largest}; per-deployment polls at N=${largest}: ${large?.byOperation.Deployment ?? 0}`,
    });
  }

  const shared50 = find(rows, "fleet N=50", "one shared variable changed");
  targets.push({
    name: "N=50, one shared variable changed: ≤ 5 requests before polls, 50 deployments, none elsewhere",
    met: shared50 ? shared50.ok && shared50.beforePolls <= 5 && onceEach(shared50, 50) : undefined,
    detail: shared50
      ? `${shared50.beforePolls} requests before polls, ${shared50.deployments} deployments across ${Object.keys(shared50.deploymentsByService).length} services`
      : "not run",
  });

  const hobby = rows.filter((row) => row.stack.startsWith("fleet N=50, Hobby limits"));
  const hobbyRequests = hobby.reduce((sum, row) => sum + row.requests, 0);
  targets.push({
    name: "N=50, real-time clock, 3 s polls, Hobby limits: first up and 5 shared-variable changes within 1,000 requests",
    met:
      options.quick || hobby.length === 0
        ? undefined
        : hobby.length === 6 &&
          hobby.every((row) => row.ok) &&
          hobbyRequests <= 1000 &&
          hobby.every((row) => row.rateLimited === 0),
    detail:
      hobby.length === 0
        ? "not run (--quick)"
        : `${hobbyRequests} requests in all, ${hobby.filter((row) => row.ok).length}/6 runs succeeded, ${hobby.reduce((sum, row) => sum + row.rateLimited, 0)} answered 429`,
  });

  const wall1 = find(rows, "fleet N=1 @200 ms", "first up");
  const wall50 = find(rows, "fleet N=50 @200 ms", "first up");
  targets.push({
    name: "N=50 first up wall time ≤ 3 × N=1 at 200 ms per request",
    met: wall1 && wall50 ? wall1.ok && wall50.ok && wall50.wallMs <= 3 * wall1.wallMs : undefined,
    detail:
      wall1 && wall50
        ? `${(wall50.wallMs / 1000).toFixed(1)} s vs ${(wall1.wallMs / 1000).toFixed(1)} s (ratio ${(wall50.wallMs / wall1.wallMs).toFixed(2)})`
        : "not run",
  });

  const refreshes = rows.filter((row) => row.scenario === "no-op refresh");
  const noops = rows.filter((row) => row.scenario === "no-op up" || row.scenario === "no-op preview");
  targets.push({
    name: "refresh stays 2 requests; no-op up and preview stay 0",
    met: refreshes.every((row) => row.requests === 2) && noops.every((row) => row.requests === 0),
    detail: `refresh: ${refreshes.map((row) => `${row.stack} ${row.requests}`).join(", ")}; no-op: ${noops.map((row) => `${row.stack} ${row.scenario.replace("no-op ", "")} ${row.requests}`).join(", ")}`,
  });
  return targets;
}
