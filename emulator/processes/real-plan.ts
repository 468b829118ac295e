import type { DeploymentPlan } from "../model/records.ts";

/**
 * The plan of a deployment that runs as a real process: only QUEUED is known at creation; the supervisor
 * adds every later status, log line and time as the process gets there.
 */
export function realPlan(createdAt: number, startAt: number, waitFor: string[]): DeploymentPlan {
  return {
    startAt,
    statuses: [{ at: createdAt, status: "QUEUED" }],
    buildLogs: [],
    deployLogs: [],
    stopAt: null,
    successAt: null,
    celeryBroker: null,
    servesHttp: false,
    redis: null,
    runtimeLines: [],
    exits: false,
    real: { waitFor },
  };
}
