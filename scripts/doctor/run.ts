import type { RailwayClient } from "../../components/railway/index.ts";
import { runChecks } from "./checks.ts";
import { gatherFacts } from "./facts.ts";
import type { DoctorReport } from "./report.ts";
import { type DoctorArgs, resolveTarget } from "./target.ts";

/** The whole doctor: find the environment, read the facts, run the checks. */
export async function runDoctor(
  client: RailwayClient,
  args: DoctorArgs,
  directory: string,
): Promise<DoctorReport> {
  const { target, options } = await resolveTarget(client, args, directory);
  const facts = await gatherFacts(client, target);
  const checks = runChecks(facts, options);
  return {
    ok: checks.every((check) => check.ok),
    project: facts.projectName,
    environment: facts.environmentName,
    checks,
  };
}
