import { numberAt, stringAt } from "../model/json.ts";
import type {
  DeploymentPlan,
  DeploySnapshot,
  EnvironmentRecord,
  LogLine,
  RelativeLine,
} from "../model/records.ts";
import type { ResolvedRepoProfile } from "../model/repos.ts";
import { repoProfile } from "../model/repos.ts";
import type { World } from "../model/world.ts";
import { BUILD_MS, planBuild } from "./build.ts";
import {
  DEFAULT_HEALTHCHECK_TIMEOUT_S,
  healthcheckFailed,
  healthcheckSucceeded,
  healthOutcome,
} from "./healthcheck.ts";
import { idleProgram, info } from "./process.ts";
import { runProcess } from "./run-process.ts";
import { resolveCommand } from "./start-command.ts";

// A deployment's whole future, computed once at creation from its snapshot (docs/railway-api-notes.md,
// "Deployments"): QUEUED → BUILDING (+2 s) → DEPLOYING (+20 s) → SUCCESS (+10 s), or FAILED (build or
// healthcheck), or CRASHED a few seconds after SUCCESS when the process exits.

export const QUEUE_MS = 2_000;
export const DEPLOY_MS = 10_000;
export const CRASH_AFTER_SUCCESS_MS = 3_000;

export interface PlanInput {
  world: World;
  environment: EnvironmentRecord;
  snapshot: DeploySnapshot;
  createdAt: number;
  /** When the build may start (later than createdAt when it waits for a dependency in its batch). */
  startAt: number;
  hostname: string;
}

export function planDeployment(input: PlanInput): DeploymentPlan {
  const { snapshot, startAt } = input;
  const profile = snapshot.source.repo ? repoProfile(input.world, snapshot.source.repo) : null;
  const plan: DeploymentPlan = {
    startAt,
    statuses: [{ at: input.createdAt, status: "QUEUED" }],
    buildLogs: [],
    deployLogs: [],
    stopAt: null,
    successAt: null,
    celeryBroker: null,
    servesHttp: false,
    redis: null,
    runtimeLines: [],
    exits: false,
  };
  const buildingAt = startAt + QUEUE_MS;
  plan.statuses.push({ at: buildingAt, status: "BUILDING" });
  const build = planBuild(snapshot, profile);
  plan.buildLogs.push(...absolute(build.lines, buildingAt));
  if (build.failAt !== null) {
    const failedAt = buildingAt + build.failAt;
    plan.statuses.push({ at: failedAt, status: "FAILED" });
    plan.stopAt = failedAt;
    return plan;
  }
  const deployingAt = buildingAt + BUILD_MS;
  plan.statuses.push({ at: deployingAt, status: "DEPLOYING" });

  const env = { PORT: "8080", ...snapshot.variables };
  const command = resolveCommand({
    startCommand: stringAt(snapshot.deploy, "startCommand") ?? null,
    defaultCommand: defaultCommand(snapshot, profile),
    execForm: build.kind === "dockerfile" || build.kind === "image",
    env,
  });
  const context = {
    world: input.world,
    environment: input.environment,
    env,
    profile,
    containerStart: deployingAt,
    hostname: input.hostname,
  };
  const program = command ? runProcess(command.argv, context) : idleProgram();
  plan.runtimeLines = [info(0, "Starting Container"), ...program.lines];
  plan.deployLogs.push(...absolute(plan.runtimeLines, deployingAt));
  plan.exits = program.exits;
  plan.redis = program.exits ? null : program.redis;
  plan.celeryBroker = program.exits ? null : program.celeryBroker;
  plan.servesHttp = program.http !== null && !program.exits;

  const path = stringAt(snapshot.deploy, "healthcheckPath");
  const successAt = deployingAt + DEPLOY_MS;
  if (path) {
    const timeoutS = numberAt(snapshot.deploy, "healthcheckTimeout") ?? DEFAULT_HEALTHCHECK_TIMEOUT_S;
    const outcome = healthOutcome(program, env, path);
    if (outcome !== "ok") {
      plan.buildLogs.push(...absolute(healthcheckFailed(path, timeoutS, outcome), deployingAt));
      const failedAt = deployingAt + timeoutS * 1000;
      plan.statuses.push({ at: failedAt, status: "FAILED" });
      plan.stopAt = failedAt;
      return plan;
    }
    plan.buildLogs.push(...absolute(healthcheckSucceeded(path, timeoutS, DEPLOY_MS - 500), deployingAt));
    plan.deployLogs.push({
      at: successAt - 500,
      message: `INFO:     100.64.0.2:41234 - "GET ${path} HTTP/1.1" 200 OK`,
      severity: "info",
    });
  }
  plan.statuses.push({ at: successAt, status: "SUCCESS" });
  plan.successAt = successAt;
  if (program.exits) {
    // No healthcheck: the container started, so Railway reports SUCCESS, then the process exits.
    const crashedAt = successAt + CRASH_AFTER_SUCCESS_MS;
    plan.statuses.push({ at: crashedAt, status: "CRASHED" });
    plan.stopAt = crashedAt;
  }
  return plan;
}

function defaultCommand(snapshot: DeploySnapshot, profile: ResolvedRepoProfile | null): string | null {
  if (profile) return profile.defaultCommand;
  const image = snapshot.source.image?.toLowerCase() ?? "";
  return image.includes("redis") ? "redis-server" : null;
}

export function absolute(lines: readonly RelativeLine[], base: number): LogLine[] {
  return lines.map((l) => ({ at: base + l.offset, message: l.message, severity: l.severity }));
}
