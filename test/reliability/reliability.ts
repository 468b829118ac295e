/**
 * `npm run reliability [-- --json] [--scenario first|change] [--faults LIST] [--parallel N]`: every write of
 * omnidoc's first `up` and of a change `up`, failed each way Railway can fail it, against the emulator
 * through the engine harness; prints the matrix (test/reliability/matrix.ts says what each cell checks).
 * Exit 0 when every cell is as expected, 1 otherwise, 2 on bad arguments.
 */
import { parseScriptArgs, usageFailure } from "../../scripts/cli.ts";
import { type Cell, FAULTS, runMatrix, type ScenarioName } from "./matrix.ts";
import { renderMatrix } from "./render.ts";

const HELP = `Usage: npm run reliability [-- --json] [--scenario first|change] [--faults LIST] [--parallel N]

Runs omnidoc's first up and a change up (one shared variable and the worker's start command) against the
Railway emulator through the engine harness, once per write the run sends and per fault, re-runs until it
converges, and prints the matrix: as the README's retry rules say (completes or stops), converged,
duplicate objects, lost or stale variables and settings, extra deployments.

Options:
  --json            print the cells as JSON
  --scenario NAME   first or change (default: both)
  --faults LIST     comma-separated, from: ${FAULTS.map((fault) => fault.name).join(", ")}
  --parallel N      cells run at once (default 2)
  --help            this text

Examples:
  npm run reliability
  npm run reliability -- --scenario change --faults "lost answer,timeout"
  npm run reliability -- --json > matrix.json`;

const values = parseScriptArgs("reliability", HELP, {
  json: { type: "boolean" },
  scenario: { type: "string" },
  faults: { type: "string" },
  parallel: { type: "string" },
});

const SCENARIOS: Record<string, ScenarioName> = { first: "first up", change: "change up" };
const scenarios = values.scenario ? [SCENARIOS[values.scenario]] : Object.values(SCENARIOS);
if (scenarios.some((scenario) => scenario === undefined))
  usageFailure("reliability", `--scenario must be first or change, not "${values.scenario}"`);
const wanted = values.faults?.split(",").map((name) => name.trim());
const unknown = wanted?.filter((name) => !FAULTS.some((fault) => fault.name === name)) ?? [];
if (unknown.length > 0) usageFailure("reliability", `unknown fault(s): ${unknown.join(", ")}`);
const faults = wanted ? FAULTS.filter((fault) => wanted.includes(fault.name)) : FAULTS;
const parallel = Number(values.parallel ?? 2);
if (!Number.isInteger(parallel) || parallel < 1 || parallel > 8)
  usageFailure("reliability", "--parallel must be a whole number from 1 to 8");

const progress = (cell: Cell) => {
  if (!values.json)
    process.stderr.write(`${cell.ok ? "✓" : "✗"} ${cell.scenario} / ${cell.mutation} / ${cell.fault}\n`);
};
const cells = await runMatrix({
  scenarios: scenarios as ScenarioName[],
  faults,
  parallel,
  onCell: progress,
});
console.log(values.json ? JSON.stringify(cells, null, 2) : renderMatrix(cells));
process.exit(cells.every((cell) => cell.ok) ? 0 : 1);
