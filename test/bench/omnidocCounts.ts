/**
 * `npm run bench`: requests, writes and deployments for the omnidoc-sized stack (1 environment, 2 services,
 * 6 shared variables: Upstash broker, external Postgres) through the engine-faithful harness and the
 * emulator. Counts only, never times: they are exact and repeatable on any machine.
 */
import { startEmulator } from "../../emulator/index.ts";
import { TestStack } from "../engine/driver.ts";
import { delta, productionConfig, railwayEnv } from "../scenarios/support.ts";

const emulator = await startEmulator();
const stack = new TestStack({
  stack: "prod",
  config: productionConfig({
    redisMode: "upstash",
    redisUrl: {
      value: "rediss://default:bench-pw@fluent-cat-12345.upstash.io:6379?ssl_cert_reqs=none",
      secret: true,
    },
  }),
  env: railwayEnv(emulator),
});
stack.removeConfig("redisPassword");

const rows: Array<[string, ReturnType<typeof delta>]> = [];
async function measure(label: string, run: () => Promise<{ errors: string[] }>) {
  const before = emulator.metrics();
  const result = await run();
  if (result.errors.length > 0) throw new Error(`${label}: ${result.errors.join("; ")}`);
  rows.push([label, delta(before, emulator.metrics())]);
}

await measure("first up", () => stack.up());
await measure("no-op refresh", () => stack.refresh());
await measure("no-op preview", () => stack.preview());
await measure("no-op up", () => stack.up());
stack.setConfig({ logLevel: "DEBUG" });
await measure("one shared variable changed (up)", () => stack.up());
stack.setConfig({ workerConcurrency: "2" });
await measure("worker start command changed (up)", () => stack.up());
await emulator.close();

console.log("| run | requests | writes | deployments | polls (Deployment, DeploymentLogs) |");
console.log("|---|---|---|---|---|");
for (const [label, change] of rows) {
  const polls = (change.byOperation.Deployment ?? 0) + (change.byOperation.DeploymentLogs ?? 0);
  const deployments =
    change.deployments.length > 0 ? `${change.deployments.length} (${change.deployments.join(", ")})` : "0";
  console.log(`| ${label} | ${change.requests} | ${change.writes.length} | ${deployments} | ${polls} |`);
}
console.log("\nFirst up, by operation:", JSON.stringify(rows[0]?.[1].byOperation));
