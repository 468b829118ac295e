import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { providerContext } from "./context.ts";
import {
  explainingLines,
  startDeployment,
  waitUntilCeleryReady,
  waitUntilSettled,
} from "./deploymentWatch.ts";
import { readOrGone } from "./gone.ts";
import { changedKeys, checkInputs, type Implementation } from "./implementation.ts";
import { providerFor } from "./provider.ts";
import { containsUnknown } from "./unknown.ts";

/** How a deployment is judged ready beyond Railway's own status. */
export type Verification =
  | { kind: "status" }
  | {
      kind: "celery";
      /** Host the worker must report `Connected to redis://…` for: the declared broker's. */
      brokerHost: string;
      /** Seconds to wait for `celery@… ready.` after the deployment is up. */
      readyTimeoutSeconds?: number | undefined;
    };

export interface DeploymentInputs {
  projectId: string;
  environmentId: string;
  serviceId: string;
  serviceName: string;
  /** A digest of everything the deployment depends on: a new value deploys again. */
  trigger: string;
  verify: Verification;
  deployTimeoutSeconds?: number | undefined;
}

export interface DeploymentOutputs extends DeploymentInputs {
  deploymentId: string;
  status: string;
  readyLine?: string | undefined;
}

const inputsSchema = z.object({
  projectId: z.string().min(1),
  environmentId: z.string().min(1),
  serviceId: z.string().min(1),
  serviceName: z.string().min(1),
  trigger: z.string().min(1),
  verify: z.discriminatedUnion("kind", [
    z.object({ kind: z.literal("status") }),
    z.object({
      kind: z.literal("celery"),
      brokerHost: z.string().min(1, "must name the broker host the worker should connect to"),
      readyTimeoutSeconds: z.number().int().positive().optional(),
    }),
  ]),
  deployTimeoutSeconds: z.number().int().positive().optional(),
});

const DEFAULT_DEPLOY_TIMEOUT_SECONDS = 1800;
const DEFAULT_READY_TIMEOUT_SECONDS = 120;

/** Deploys, waits, verifies; fails with the status and the log lines that explain it. */
async function deployAndVerify(inputs: DeploymentInputs): Promise<DeploymentOutputs> {
  const { client, snapshots } = await providerContext();
  snapshots.invalidateEnvironment(inputs.environmentId);
  const deploymentId = await startDeployment(client, inputs);
  const timeoutMs = (inputs.deployTimeoutSeconds ?? DEFAULT_DEPLOY_TIMEOUT_SECONDS) * 1000;
  const status = await waitUntilSettled(client, deploymentId, timeoutMs);
  const fail = async (reason: string) => {
    const lines = await explainingLines(client, inputs, deploymentId);
    const shown = lines.length > 0 ? `\nLast log lines:\n${lines.map((line) => `  ${line}`).join("\n")}` : "";
    return new Error(`Deployment ${deploymentId} of service "${inputs.serviceName}" ${reason}.${shown}`);
  };
  if (status !== "SUCCESS") {
    const reason =
      status === "FAILED" || status === "CRASHED" || status === "REMOVED" || status === "SKIPPED"
        ? `ended ${status}`
        : `was still ${status} after ${Math.round(timeoutMs / 1000)} s`;
    throw await fail(reason);
  }
  if (inputs.verify.kind === "celery") {
    const readyTimeoutMs = (inputs.verify.readyTimeoutSeconds ?? DEFAULT_READY_TIMEOUT_SECONDS) * 1000;
    const readiness = await waitUntilCeleryReady(
      client,
      deploymentId,
      inputs.verify.brokerHost,
      readyTimeoutMs,
    );
    if (!readiness.ready) throw await fail(`is not a ready Celery worker: ${readiness.reason}`);
    return { ...inputs, deploymentId, status, readyLine: readiness.line };
  }
  return { ...inputs, deploymentId, status };
}

export const deploymentImplementation: Implementation<DeploymentInputs, DeploymentOutputs> = {
  async check(_olds, news) {
    return checkInputs(inputsSchema, news);
  },

  async diff(_id, olds, news) {
    const replaces = changedKeys(olds, news, ["projectId", "environmentId", "serviceId"]);
    const changed = changedKeys(olds, news, ["serviceName", "trigger", "verify", "deployTimeoutSeconds"]);
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
    return readOrGone(id, async () => {
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
      containsUnknown(news.trigger) ||
      news.trigger !== olds.trigger ||
      olds.status !== "SUCCESS" ||
      JSON.stringify(news.verify) !== JSON.stringify(olds.verify);
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

export type VerificationArgs =
  | { kind: "status" }
  | { kind: "celery"; brokerHost: pulumi.Input<string>; readyTimeoutSeconds?: pulumi.Input<number> };

export interface DeploymentArgs {
  /** Changing it replaces the resource (and deploys). */
  projectId: pulumi.Input<string>;
  /** Changing it replaces the resource (and deploys). */
  environmentId: pulumi.Input<string>;
  /** Changing it replaces the resource (and deploys). */
  serviceId: pulumi.Input<string>;
  /** Used in messages. */
  serviceName: pulumi.Input<string>;
  /**
   * A digest of the service's settings and variables (and the shared variables it references). The
   * service deploys when it changes, and only then: an unchanged `pulumi up` deploys nothing.
   */
  trigger: pulumi.Input<string>;
  /**
   * How readiness is judged. `status`: Railway's status SUCCESS (after its healthcheck, if one is set).
   * `celery`: also the worker's own log lines `Connected to redis://<brokerHost>…` and
   * `celery@<host> ready.` within `readyTimeoutSeconds` (default 120); a worker has no healthcheck.
   */
  verify: pulumi.Input<VerificationArgs>;
  /**
   * Seconds to wait for the build and deploy to settle.
   * @default 1800
   */
  deployTimeoutSeconds?: pulumi.Input<number>;
}

/**
 * One deployment of a service in an environment: started after its settings and variables are in place,
 * awaited, and verified. `pulumi up` fails with the deployment's status and the log lines that explain it.
 */
export class Deployment extends pulumi.dynamic.Resource {
  declare readonly deploymentId: pulumi.Output<string>;
  declare readonly status: pulumi.Output<string>;
  declare readonly readyLine: pulumi.Output<string | undefined>;

  constructor(name: string, args: DeploymentArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      providerFor("Deployment"),
      name,
      { deploymentId: undefined, status: undefined, readyLine: undefined, ...args },
      pulumi.mergeOptions(opts, { additionalSecretOutputs: ["trigger"] }),
      "railway",
      "Deployment",
    );
  }
}
