import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { providerContext } from "./context.ts";
import { explainingLines, startDeployment, waitUntilLogsMatch, waitUntilSettled } from "./deploymentWatch.ts";
import { readOrGone } from "./gone.ts";
import { changedKeys, checkInputs } from "./inputChecks.ts";
import { type Verification, verificationProblems } from "./logVerification.ts";
import { containsUnknown } from "./unknown.ts";

export interface DeploymentInputs {
  /** Changing it replaces the resource (and deploys). */
  projectId: string;
  /** Changing it replaces the resource (and deploys). */
  environmentId: string;
  /** Changing it replaces the resource (and deploys). */
  serviceId: string;
  /** The service's name, used in messages. */
  serviceName: string;
  /**
   * A digest of everything the deployment depends on (the revisions of the service's settings and
   * variables, the shared variables it references, other services it references). The service deploys
   * when it changes, and only then: an unchanged `pulumi up` deploys nothing.
   */
  trigger: string;
  /**
   * How readiness is judged. `status`: Railway's status SUCCESS (after its healthcheck, if one is set).
   * `logs`: also the service's own log lines (a worker serves no HTTP, so nothing else can tell). A change
   * of verification alone deploys nothing; it applies to the next deployment.
   * @default { kind: "status" }
   */
  verify: Verification;
  /**
   * Seconds to wait for the build and deploy to settle. Changing it deploys nothing.
   * @default 1800
   */
  deployTimeoutSeconds?: number | undefined;
}

export interface DeploymentOutputs extends DeploymentInputs {
  deploymentId: string;
  /** The deployment's status when last seen (on `up` or `refresh`). */
  status: string;
  /** The last log line that proved readiness, when the verification reads logs. */
  readyLine?: string | undefined;
}

const ruleSchema = z.object({
  pattern: z.string().min(1, "must not be empty"),
  flags: z
    .string()
    .regex(/^[dimsuy]*$/, "may hold the regular-expression flags d, i, m, s, u, y")
    .optional(),
});

const inputsSchema = z.object({
  projectId: z.string().min(1),
  environmentId: z.string().min(1),
  serviceId: z.string().min(1),
  serviceName: z.string().min(1),
  trigger: z.string().min(1),
  verify: z.discriminatedUnion("kind", [
    z.object({ kind: z.literal("status") }),
    z.object({
      kind: z.literal("logs"),
      expect: z.array(
        ruleSchema.extend({
          description: z.string().min(1, "must say what the line means"),
          capture: z
            .object({
              group: z.number().int().min(0),
              equals: z.string().min(1, "must name the value the line has to show"),
              mismatch: z.string().min(1),
            })
            .optional(),
        }),
      ),
      hints: z.array(ruleSchema.extend({ cause: z.string(), fix: z.string() })).optional(),
      timeoutSeconds: z.number().int().positive().max(86_400, "must be at most 86400 (a day)").optional(),
    }),
  ]),
  deployTimeoutSeconds: z.number().int().positive().max(86_400, "must be at most 86400 (a day)").optional(),
});

const DEFAULT_DEPLOY_TIMEOUT_SECONDS = 1800;
const DEFAULT_LOG_TIMEOUT_SECONDS = 120;

/** A failed deployment, with the log lines that explain it (already redacted). */
export class DeploymentFailedError extends Error {
  readonly deploymentId: string;
  readonly status: string;
  readonly lines: string[];
  constructor(serviceName: string, deploymentId: string, status: string, reason: string, lines: string[]) {
    const shown = lines.length > 0 ? `\nLast log lines:\n${lines.map((line) => `  ${line}`).join("\n")}` : "";
    super(`Deployment ${deploymentId} of service "${serviceName}" ${reason}.${shown}`);
    this.name = "DeploymentFailedError";
    this.deploymentId = deploymentId;
    this.status = status;
    this.lines = lines;
  }
}

/** Deploys, waits, verifies; fails with the status and the log lines that explain it. */
async function deployAndVerify(inputs: DeploymentInputs): Promise<DeploymentOutputs> {
  const { client, snapshots } = await providerContext();
  snapshots.invalidateEnvironment(inputs.environmentId);
  const deploymentId = await startDeployment(client, inputs);
  const timeoutMs = (inputs.deployTimeoutSeconds ?? DEFAULT_DEPLOY_TIMEOUT_SECONDS) * 1000;
  const status = await waitUntilSettled(client, deploymentId, timeoutMs);
  const fail = async (failedStatus: string, reason: string) =>
    new DeploymentFailedError(
      inputs.serviceName,
      deploymentId,
      failedStatus,
      reason,
      await explainingLines(client, inputs, deploymentId),
    );
  if (status !== "SUCCESS") {
    const reason =
      status === "FAILED" || status === "CRASHED" || status === "REMOVED" || status === "SKIPPED"
        ? `ended ${status}`
        : `was still ${status} after ${Math.round(timeoutMs / 1000)} s`;
    throw await fail(status, reason);
  }
  if (inputs.verify.kind === "logs") {
    const logTimeoutMs = (inputs.verify.timeoutSeconds ?? DEFAULT_LOG_TIMEOUT_SECONDS) * 1000;
    const readiness = await waitUntilLogsMatch(client, deploymentId, inputs.verify, logTimeoutMs);
    if (!readiness.ready) throw await fail(readiness.status, `is not ready: ${readiness.reason}`);
    return { ...inputs, deploymentId, status, readyLine: readiness.lines.at(-1) };
  }
  return { ...inputs, deploymentId, status };
}

export const deploymentProvider: pulumi.dynamic.ResourceProvider<DeploymentInputs, DeploymentOutputs> = {
  async check(_olds, news) {
    return checkInputs(inputsSchema, news, (inputs) =>
      verificationProblems(inputs.verify as Verification).map((reason) => ({ property: "verify", reason })),
    );
  },

  async diff(_id, olds, news) {
    const replaces = changedKeys(olds, news, ["projectId", "environmentId", "serviceId"]);
    // `verify` is not compared: how the next deployment is judged is no reason to deploy.
    const changed = changedKeys(olds, news, ["serviceName", "trigger", "deployTimeoutSeconds"]);
    // A deployment that crashed or was removed since (seen on refresh) is deployed again.
    const unhealthy = olds.status !== "SUCCESS" ? ["status"] : [];
    const all = [...replaces, ...changed, ...unhealthy];
    return { changes: all.length > 0, replaces, deleteBeforeReplace: false };
  },

  async create(inputs) {
    const outs = await deployAndVerify(inputs);
    return { id: outs.deploymentId, outs };
  },

  async read(id, props) {
    const { snapshots } = await providerContext();
    return readOrGone(id, props, async (props) => {
      const environment = await snapshots.environment(props.environmentId);
      const instance = environment.serviceInstances.find(
        (candidate) => candidate.serviceId === props.serviceId,
      );
      if (!instance) return undefined;
      const latest = instance.latestDeployment;
      return { ...props, deploymentId: latest?.id ?? props.deploymentId, status: latest?.status ?? "NONE" };
    });
  },

  async update(_id, olds, news) {
    const redeploy =
      containsUnknown(news.trigger) || news.trigger !== olds.trigger || olds.status !== "SUCCESS";
    if (!redeploy) {
      return {
        outs: { ...news, deploymentId: olds.deploymentId, status: olds.status, readyLine: olds.readyLine },
      };
    }
    return { outs: await deployAndVerify(news) };
  },

  // Deployments are history: removing the resource undeploys nothing (delete the Service for that).
  async delete() {},
};
