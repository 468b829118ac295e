/**
 * `npm run bench [-- --json] [--quick]`: the side-by-side record of what an `up` costs. Every stack runs
 * through the engine harness against the emulator (real HTTP, Railway's schema): the omnidoc stack, and a
 * fleet of N = 1, 10, 50 services × 20 variables; each row has requests by operation, writes, deployments
 * per service, polls, and the wall time under an injected latency beside requests × latency. The
 * community Terraform provider's request pattern, replayed against the same emulator, gives the ratios.
 * The targets are printed as met or not met. `--quick` leaves out the real-time Hobby run (minutes long).
 * Counts are exact; times depend on the machine and are reported, never asserted.
 */
import { resolve } from "node:path";
import {
  type Emulator,
  type EmulatorOptions,
  HOBBY_RATE_LIMITS,
  startEmulator,
} from "../../emulator/index.ts";
import { parseScriptArgs, usageFailure } from "../../scripts/cli.ts";
import { TestStack } from "../engine/driver.ts";
import { dashboard, idsOf, productionConfig } from "../scenarios/support.ts";
import { type Measurement, measure } from "./measure.ts";
import { evaluateTargets, type Target } from "./targets.ts";

const HELP = `Usage: npm run bench [-- --json] [--quick] [--sizes 1,10,50]

Runs the omnidoc stack and fleets of N services through the engine harness against the Railway emulator
and prints requests, writes, deployments, polls and wall time per run, the Terraform provider's pattern for
the same stacks, and whether each target is met.

Options:
  --json          print every measurement and target as JSON
  --quick         skip the real-time run at Railway Hobby's limits (it takes several minutes)
  --sizes LIST    fleet sizes (default 1,10,50)
  --help          this text

Examples:
  npm run bench
  npm run bench -- --quick --sizes 1,10
  npm run bench -- --json > bench.json`;

const values = parseScriptArgs("bench", HELP, {
  json: { type: "boolean" },
  quick: { type: "boolean" },
  sizes: { type: "string", default: "1,10,50" },
});
const sizes = (values.sizes ?? "").split(",").map(Number);
if (sizes.some((size) => !Number.isInteger(size) || size < 1))
  usageFailure("bench", `--sizes must be positive whole numbers, not ${values.sizes}`);

const REPO = resolve(import.meta.dirname, "../..");
/** Virtual time runs this much faster than wall time, and polls scale with it: 3 s of Railway time. */
const SPEED = 10;
const LATENCY_MS = 100;
const log = (text: string) => {
  if (!values.json) process.stderr.write(`${text}\n`);
};

function env(emulator: Emulator, pollMs: number) {
  return {
    RAILWAY_API_URL: emulator.url,
    RAILWAY_API_TOKEN: emulator.defaults.accountToken,
    RAILWAY_POLL_INTERVAL_MS: String(pollMs),
  };
}

async function emulatorFor(options: {
  latencyMs: number;
  hobby?: boolean;
  speed?: number;
}): Promise<Emulator> {
  const emulatorOptions: EmulatorOptions = {
    clock: { mode: "realtime", speed: options.speed ?? SPEED },
    rateLimits: options.hobby ? HOBBY_RATE_LIMITS : false,
  };
  const emulator = await startEmulator(emulatorOptions);
  emulator.latency(options.latencyMs);
  emulator.seed.repo("acme/fleet", { defaultBranch: "main" });
  return emulator;
}

function fleet(emulator: Emulator, size: number, pollMs: number): TestStack {
  return new TestStack({
    project: "fleet",
    stack: `fleet-${size}`,
    program: "test/bench/fleetProgram.ts",
    programDir: REPO,
    config: { services: String(size), projectName: `fleet-${size}` },
    env: env(emulator, pollMs),
  });
}

const results: Measurement[] = [];

async function omnidocRows(): Promise<void> {
  const emulator = await emulatorFor({ latencyMs: LATENCY_MS });
  const stack = new TestStack({
    stack: "prod",
    config: productionConfig(),
    env: env(emulator, 3000 / SPEED),
  });
  const row = async (scenario: string, run: () => Promise<{ errors: string[] }>) => {
    log(`omnidoc: ${scenario}`);
    results.push(await measure(emulator, { stack: "omnidoc", scenario, latencyMs: LATENCY_MS }, run));
  };
  await row("first up", () => stack.up());
  const ids = idsOf(stack.state().outputs);
  await row("no-op refresh", () => stack.refresh());
  await row("no-op preview", () => stack.preview());
  await row("no-op up", () => stack.up());
  stack.setConfig({ logLevel: "DEBUG" });
  await row("one shared variable changed", () => stack.up());
  stack.setConfig({ workerConcurrency: "2" });
  await row("worker start command changed", () => stack.up());
  await dashboard(
    emulator,
    `mutation($e: String!, $patch: EnvironmentConfig!) { environmentPatchCommit(environmentId: $e, patch: $patch) }`,
    {
      e: ids.environmentId,
      patch: {
        services: { [ids.serviceIds["omnidoc-celery-worker"] ?? ""]: { deploy: { startCommand: "" } } },
      },
    },
  );
  await row("dashboard edit repaired (up --refresh)", () => stack.up({ refresh: true }));
  await emulator.close();
}

async function fleetRows(size: number, latencyMs: number, scenarios: "all" | "first"): Promise<void> {
  const emulator = await emulatorFor({ latencyMs });
  const stack = fleet(emulator, size, 3000 / SPEED);
  const label = latencyMs === LATENCY_MS ? `fleet N=${size}` : `fleet N=${size} @${latencyMs} ms`;
  const row = async (scenario: string, run: () => Promise<{ errors: string[] }>) => {
    log(`${label}: ${scenario}`);
    results.push(await measure(emulator, { stack: label, scenario, latencyMs }, run));
  };
  await row("first up", () => stack.up());
  if (scenarios === "all") {
    await row("no-op refresh", () => stack.refresh());
    await row("no-op up", () => stack.up());
    stack.setConfig({ sharedValue: "two" });
    await row("one shared variable changed", () => stack.up());
  }
  await emulator.close();
}

/** N = 50 at Railway Hobby's limits, on a real-time clock with 3 s polls: a first up, then 5 changes. */
async function hobbyRows(): Promise<void> {
  const emulator = await emulatorFor({ latencyMs: 0, hobby: true, speed: 1 });
  const stack = fleet(emulator, 50, 3000);
  const label = "fleet N=50, Hobby limits, real time";
  const row = async (scenario: string, run: () => Promise<{ errors: string[] }>) => {
    log(`${label}: ${scenario}`);
    results.push(await measure(emulator, { stack: label, scenario, latencyMs: 0 }, run));
  };
  await row("first up", () => stack.up());
  for (let change = 1; change <= 5; change += 1) {
    stack.setConfig({ sharedValue: `change-${change}` });
    await row(`shared variable change ${change}`, () => stack.up());
  }
  await emulator.close();
}

await omnidocRows();
for (const size of sizes) await fleetRows(size, LATENCY_MS, "all");
// The wall-time target compares N = 50 with N = 1 at 200 ms per request.
await fleetRows(1, 200, "first");
await fleetRows(50, 200, "first");
if (!values.quick) await hobbyRows();

const { peerRows } = await import("./peerRows.ts");
const peers = await peerRows(sizes);
const targets: Target[] = evaluateTargets(results, { quick: Boolean(values.quick) });

if (values.json) {
  console.log(JSON.stringify({ measurements: results, peers, targets }, null, 2));
} else {
  const { renderTables } = await import("./render.ts");
  console.log(renderTables(results, peers, targets));
}
process.exit(targets.every((target) => target.met !== false) ? 0 : 1);
