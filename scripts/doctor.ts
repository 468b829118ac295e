/**
 * `npm run doctor -- [--stack NAME | --project ID --environment NAME] [--api SERVICE] [--worker SERVICE]
 * [--format table|json|markdown | --json]` (`--help` for the whole text)
 *
 * The troubleshooting guide (docs/troubleshooting-guide.md) as one command: reads the live services,
 * variables and logs from Railway and names each failure's cause and fix. Exit 0 when every check passes,
 * 1 when one fails, 2 when it could not check (no token, Railway unreachable, no such project or
 * environment, bad arguments). Never prints a secret: URLs are shown without credentials and log lines
 * with variable values redacted. `.env` and the stack files are read from the project folder (the
 * folder of Pulumi.yaml above this script), wherever the command runs.
 */
import { createRailwayClient, railwayEndpoint, withoutCredentials } from "../components/railway/index.ts";
import {
  type DoctorError,
  formatError,
  formatMarkdown,
  formatReport,
  type ReportFormat,
} from "./doctor/report.ts";
import { runDoctor } from "./doctor/run.ts";
import { DOCTOR_HELP, parseDoctorArgs, UsageError } from "./doctor/target.ts";
import { loadProjectEnv, projectFolderOf } from "./projectFolder.ts";

const projectFolder = projectFolderOf(import.meta.url);
loadProjectEnv(projectFolder);

let format: ReportFormat = process.argv.includes("--json") ? "json" : "table";
try {
  const args = parseDoctorArgs(process.argv.slice(2));
  if (args.help) {
    console.log(DOCTOR_HELP);
    process.exit(0);
  }
  format = args.format;
  const report = await runDoctor(createRailwayClient(), args, projectFolder);
  const print = {
    table: formatReport,
    json: (r: typeof report) => JSON.stringify(r, null, 2),
    markdown: formatMarkdown,
  };
  console.log(print[format](report));
  process.exit(report.ok ? 0 : 1);
} catch (error) {
  const message = (error as Error).message;
  if (error instanceof UsageError) {
    console.error(`doctor: ${message}. See npm run doctor -- --help`);
    process.exit(2);
  }
  // The endpoint as the client uses it, without its query string or any credentials.
  let endpoint: string | undefined;
  try {
    endpoint = withoutCredentials(railwayEndpoint(process.env));
  } catch {
    endpoint = undefined;
  }
  const problem: DoctorError = endpoint ? { error: message, endpoint } : { error: message };
  if (format === "table") console.error(formatError(problem, format));
  else console.log(formatError(problem, format));
  process.exit(2);
}
