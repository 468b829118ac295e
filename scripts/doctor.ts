/**
 * `npm run doctor -- [--stack NAME | --project ID --environment NAME] [--api SERVICE] [--worker SERVICE] [--json]`
 *
 * The troubleshooting guide (docs/troubleshooting-guide.md) as one command: reads the live services, variables and logs from
 * Railway and names each failure's cause and fix. Exit 0 when every check passes, 1 when one fails, 2 when
 * it could not check (no token, Railway unreachable, no such project or environment). Never prints a
 * secret: URLs are shown without credentials and log lines with variable values redacted.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import dotenv from "dotenv";
import { createRailwayClient } from "../components/railway/index.ts";
import { formatReport } from "./doctor/report.ts";
import { runDoctor } from "./doctor/run.ts";
import { parseDoctorArgs } from "./doctor/target.ts";

const directory = process.cwd();
const envFile = join(directory, ".env");
if (existsSync(envFile)) dotenv.config({ path: envFile, quiet: true, override: false });

let json = process.argv.includes("--json");
try {
  const args = parseDoctorArgs(process.argv.slice(2));
  json = args.json;
  const report = await runDoctor(createRailwayClient(), args, directory);
  console.log(json ? JSON.stringify(report, null, 2) : formatReport(report));
  process.exit(report.ok ? 0 : 1);
} catch (error) {
  const message = (error as Error).message;
  if (json) console.log(JSON.stringify({ ok: false, error: message, checks: [] }, null, 2));
  else console.error(`doctor could not check: ${message}`);
  process.exit(2);
}
