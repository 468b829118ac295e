/**
 * `node test/live/sweep.ts [--older-than-minutes N]`: deletes the projects live runs create
 * (`omnidoc-live-<8 hex>`, test/live/target.ts) that are older than N minutes (default 90, longer than a
 * run's 60-minute limit, so a run in progress is never touched). A run deletes its own project in its
 * teardown; this catches the ones a cancelled or timed-out job could not. The live workflow runs it before
 * and after the suite. Reads RAILWAY_API_TOKEN (and RAILWAY_API_URL) like every script.
 */
import { allProjects, createRailwayClient, ops } from "../../components/railway/index.ts";
import { parseScriptArgs, usageFailure } from "../../scripts/cli.ts";

const HELP = `Usage: node test/live/sweep.ts [--older-than-minutes N]

Deletes the live suite's leftover projects (named omnidoc-live-<8 hex>) older than N minutes (default 90).

  --older-than-minutes N   only projects created at least this long ago
  --help                   this text

Examples:
  RAILWAY_API_TOKEN=… node test/live/sweep.ts
  RAILWAY_API_TOKEN=… node test/live/sweep.ts --older-than-minutes 180`;

/** Only what a live run names its project: never a project a person made. */
export const LIVE_PROJECT = /^omnidoc-live-[0-9a-f]{8}$/;

const values = parseScriptArgs("live-sweep", HELP, { "older-than-minutes": { type: "string" } });
const minutes = Number(values["older-than-minutes"] ?? 90);
if (!Number.isFinite(minutes) || minutes < 0)
  usageFailure("live-sweep", "--older-than-minutes must be a number ≥ 0");

const client = createRailwayClient();
const cutoff = Date.now() - minutes * 60_000;
const stale = (await allProjects(client)).filter(
  (project) => LIVE_PROJECT.test(project.name) && Date.parse(project.createdAt) <= cutoff,
);
for (const project of stale) {
  await client.run(ops.projectDelete, { id: project.id });
  console.log(`deleted ${project.name} (${project.id})`);
}
console.log(`live sweep: ${stale.length} leftover project(s) older than ${minutes} min deleted`);
