/**
 * The reliability matrix: for each write ("mutation") an `up` of the omnidoc stack sends, and each way
 * Railway can fail it, one run with that fault, a re-run when the first did not complete, and then the
 * facts: did it behave as the README's retry rules say, did it converge (a refreshed preview plans
 * nothing), did anything get created twice, was a variable or setting lost or left stale, and did any
 * service deploy more (or less) than a clean run deploys it.
 *
 * Mutations are not listed by hand: a clean run of each scenario records its writes (root field and
 * occurrence), and every one of them becomes a row, so a new write in the providers gets its row.
 */
import type { Emulator, Fault, Metrics } from "../../emulator/index.ts";
import { startEmulator } from "../../emulator/index.ts";
import { deploymentsSince } from "../bench/measure.ts";
import type { TestStack } from "../engine/driver.ts";
import { productionStack, railwayEnv } from "../scenarios/support.ts";
import { duplicates, lostOrStale, readWorld, type World } from "./world.ts";

export type ScenarioName = "first up" | "change up";

export interface FaultSpec {
  /** Column name. */
  name: string;
  fault: Omit<Fault, "field" | "nth">;
  /** What the README's retry rules promise for this fault: the run completes, or it stops cleanly. */
  expect: "completes" | "stops";
}

/** A Retry-After longer than the client waits (components/railway/retryPolicy.ts: 120 s). */
const SPENT_BUDGET_SECONDS = 3600;

export const FAULTS: readonly FaultSpec[] = [
  { name: "429", fault: { kind: "429", retryAfterSeconds: 1 }, expect: "completes" },
  { name: "500", fault: { kind: "500" }, expect: "completes" },
  { name: "reset", fault: { kind: "reset" }, expect: "completes" },
  { name: "timeout", fault: { kind: "timeout" }, expect: "completes" },
  { name: "lost answer", fault: { kind: "dropResponse" }, expect: "completes" },
  {
    name: "spent budget",
    fault: { kind: "429", retryAfterSeconds: SPENT_BUDGET_SECONDS },
    expect: "stops",
  },
];

export interface Mutation {
  field: string;
  /** Which occurrence of that root field in the run, from 1. */
  nth: number;
}

export interface Cell {
  scenario: ScenarioName;
  mutation: string;
  fault: string;
  expected: "completes" | "stops";
  /** What the faulted run did. */
  outcome: "completes" | "stops";
  /** The faulted run's first error, when it stopped. */
  error?: string;
  /** Runs it took to converge (1 when the faulted run completed), or how many were tried. */
  runs: number;
  converged: boolean;
  duplicates: string[];
  lostVariables: string[];
  /** Deployments beyond what a clean run makes, and services a clean run deploys that were not. */
  extraDeployments: number;
  missingDeployments: string[];
  /** True when every fact is as it should be. */
  ok: boolean;
}

interface Baseline {
  mutations: Mutation[];
  world: World;
  deployments: Record<string, number>;
}

const ENV_EXTRA = {
  // A held request is given up on quickly; a real client waits 90 s (components/railway/client.ts).
  RAILWAY_REQUEST_TIMEOUT_MS: "1500",
};

/** A stack in a fresh emulator, brought to the point where the scenario's `up` starts. */
async function prepare(scenario: ScenarioName): Promise<{ emulator: Emulator; stack: TestStack }> {
  const emulator = await startEmulator();
  const stack = productionStack(emulator, { env: { ...railwayEnv(emulator), ...ENV_EXTRA } });
  if (scenario === "change up") {
    const first = await stack.up();
    if (first.errors.length > 0) throw new Error(`preparing "change up": ${first.errors.join("; ")}`);
    // One shared variable and the worker's start command: both kinds of write, two services deployed.
    stack.setConfig({ logLevel: "DEBUG", workerConcurrency: "2" });
  }
  return { emulator, stack };
}

function mutationsOf(writes: Metrics["writes"]): Mutation[] {
  const seen: Record<string, number> = {};
  return writes.map((write) => {
    seen[write.field] = (seen[write.field] ?? 0) + 1;
    return { field: write.field, nth: seen[write.field] ?? 1 };
  });
}

/** A clean run of the scenario: its writes become the matrix's rows; its result is what every cell must reach. */
export async function baseline(scenario: ScenarioName): Promise<Baseline> {
  const { emulator, stack } = await prepare(scenario);
  try {
    const before = emulator.metrics();
    const up = await stack.up();
    if (up.errors.length > 0) throw new Error(`clean "${scenario}" failed: ${up.errors.join("; ")}`);
    const after = emulator.metrics();
    return {
      mutations: mutationsOf(after.writes.slice(before.writes.length)),
      world: await readWorld(emulator),
      deployments: deploymentsSince(before, after),
    };
  } finally {
    await emulator.close();
  }
}

export const mutationName = (mutation: Mutation, all: readonly Mutation[]) =>
  all.filter((other) => other.field === mutation.field).length > 1
    ? `${mutation.field} #${mutation.nth}`
    : mutation.field;

/** One cell: the fault on one mutation, then as many re-runs as it takes (at most two), then the facts. */
export async function runCell(
  scenario: ScenarioName,
  clean: Baseline,
  mutation: Mutation,
  spec: FaultSpec,
): Promise<Cell> {
  const { emulator, stack } = await prepare(scenario);
  try {
    const before = emulator.metrics();
    emulator.faults.inject({ ...spec.fault, field: mutation.field, nth: mutation.nth } as Fault);
    const first = await stack.up();
    emulator.faults.clear();
    let runs = 1;
    let last = first;
    while (last.errors.length > 0 && runs < 3) {
      last = await stack.up();
      runs += 1;
    }
    const plan = await stack.preview({ refresh: true });
    const world = await readWorld(emulator);
    const deployed = deploymentsSince(before, emulator.metrics());
    let extra = 0;
    for (const [service, times] of Object.entries(deployed))
      extra += Math.max(0, times - (clean.deployments[service] ?? 0));
    const missing = Object.keys(clean.deployments).filter((service) => !deployed[service]);
    const cell: Cell = {
      scenario,
      mutation: mutationName(mutation, clean.mutations),
      fault: spec.name,
      expected: spec.expect,
      outcome: first.errors.length === 0 ? "completes" : "stops",
      ...(first.errors[0] ? { error: first.errors[0].slice(0, 300) } : {}),
      runs,
      converged: last.errors.length === 0 && plan.errors.length === 0 && plan.changes === 0,
      duplicates: duplicates(world, clean.world),
      lostVariables: lostOrStale(world, clean.world),
      extraDeployments: extra,
      missingDeployments: missing,
      ok: false,
    };
    cell.ok =
      cell.outcome === cell.expected &&
      cell.converged &&
      cell.duplicates.length === 0 &&
      cell.lostVariables.length === 0 &&
      cell.extraDeployments === 0 &&
      cell.missingDeployments.length === 0;
    return cell;
  } finally {
    await emulator.close();
  }
}

export interface MatrixOptions {
  scenarios: readonly ScenarioName[];
  faults: readonly FaultSpec[];
  /** Cells run at once (each in its own emulator and engine processes). */
  parallel: number;
  onCell?: (cell: Cell) => void;
}

export async function runMatrix(options: MatrixOptions): Promise<Cell[]> {
  const jobs: Array<() => Promise<Cell>> = [];
  for (const scenario of options.scenarios) {
    const clean = await baseline(scenario);
    for (const mutation of clean.mutations)
      for (const spec of options.faults) jobs.push(() => runCell(scenario, clean, mutation, spec));
  }
  const cells: Cell[] = new Array(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const index = next;
      next += 1;
      const cell = await (jobs[index] as () => Promise<Cell>)();
      cells[index] = cell;
      options.onCell?.(cell);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.parallel) }, worker));
  return cells;
}
