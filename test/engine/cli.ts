/**
 * One engine run in its own process, as `pulumi up` would be: `node test/engine/cli.ts <job.json> <result.json>`.
 * The stack config reaches the program the way the CLI passes it (PULUMI_CONFIG, PULUMI_CONFIG_SECRET_KEYS).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { type EngineJob, runEngine } from "./engine.ts";

const [jobPath, resultPath] = process.argv.slice(2);
if (!jobPath || !resultPath) {
  console.error("usage: node test/engine/cli.ts <job.json> <result.json>");
  process.exit(2);
}
const job = JSON.parse(readFileSync(jobPath, "utf8")) as EngineJob;
const config = Object.fromEntries(Object.entries(job.config).map(([key, entry]) => [key, entry.value]));
const secretKeys = Object.entries(job.config)
  .filter(([, entry]) => entry.secret)
  .map(([key]) => key);
// The provider host must not see the program's config env (the engine passes config through Configure).
const hostEnv = { ...process.env };
process.env.PULUMI_CONFIG = JSON.stringify(config);
process.env.PULUMI_CONFIG_SECRET_KEYS = JSON.stringify(secretKeys);
process.env.PULUMI_NODEJS_PROJECT = job.project;
process.env.PULUMI_NODEJS_STACK = job.stack;

try {
  const result = await runEngine(job, hostEnv);
  writeFileSync(resultPath, JSON.stringify(result, null, 2));
  process.exit(0);
} catch (error) {
  writeFileSync(
    resultPath,
    JSON.stringify({
      ok: false,
      operation: job.operation,
      steps: [],
      changes: 0,
      errors: [String((error as Error).stack ?? error)],
      outputs: {},
      hostStderr: "",
    }),
  );
  process.exit(1);
}
