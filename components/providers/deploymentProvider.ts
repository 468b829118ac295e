import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { hasSource, type SettingKey, type ServiceSettings as Settings } from "../railway/index.ts";
import { providerContext } from "./context.ts";
import { SETTLED } from "./deploymentPoller.ts";
import {
  explainingLines,
  judgeRunningDeployment,
  startDeployment,
  waitUntilLogsMatch,
} from "./deploymentWatch.ts";
import { contribute, deploymentStartedThisRun } from "./environmentBatch.ts";
import { readOrGone } from "./gone.ts";
import { changedKeys, checkInputs } from "./inputChecks.ts";
import { instancePatch } from "./instancePatch.ts";
import { type Verification, verificationProblems } from "./logVerification.ts";
import { containsUnknown } from "./unknown.ts";

export interface DeploymentInputs {
  /** Changing it replaces the resource (and deploys). */
  projectId: string;
  /** Changing it replaces the resource (and deploys). */
  environmentId: string;
  /** Changing it replaces the resource (and deploys). */
  serviceId: string;
  /** The service's name, used in messages. Changing it deploys nothing (unless `declared` is omitted). */
  serviceName: string;
  /**
   * A digest of everything the deployment depends on (the revisions of the service's settings and
   * variables, the shared variables it references, other services it references). The service deploys
   * when it changes, and only then: an unchanged `pulumi up` deploys nothing.
   */
  trigger: string;
  /**
   * What the service must run with in this environment: its declared settings, its whole variable set, and
   * the shared variables it references. Written, only where Railway differs, in the environment's one
   * commit of the run, which deploys the service (and every other changed one) once. Kept secret.
   * @default none: the Deployment writes nothing and deploys the service as Railway has it, on creation
   * and on any change of its inputs but `verify`
   */
  declared?: InstanceState | undefined;
  /**
   * A digest of the revisions of other services this one references (`${{Redis.REDIS_URL}}`): when it
   * changes, the service deploys again even if its own declaration did not change.
   * @default none (only `trigger` and `declared` cause a deployment)
   */
  dependencies?: string | undefined;
  /**
   * How readiness is judged. `status`: Railway's status SUCCESS (after its healthcheck, if one is set).
   * `logs`: also the service's own log lines (a worker serves no HTTP, so nothing else can tell). A change
   * of verification alone deploys nothing; it applies to the next deployment.
   * @default { kind: "status" }
   */
  verify: Verification;
  /**
   * Seconds to wait for the build and deploy to settle. Changing it deploys nothing (unless `declared` is
   * omitted).
   * @default 1800
   */
  deployTimeoutSeconds?: number | undefined;
}

/**
 * A service's declaration in one environment, as a Deployment carries it (its `declared`).
 * @example { settings: { repo: "acme/shop" }, variables: { QUEUE: "orders" }, shared: {} }
 */
export interface InstanceState {
  /** The declared settings; undeclared ones stay as Railway has them. */
  settings: Settings;
  /** The service's whole variable set (others are removed). */
  variables: Record<string, string>;
  /** The shared variables it references (`${{shared.KEY}}`), with their declared values. */
  shared: Record<string, string>;
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
  declared: z
    .object({
      settings: z.record(z.string(), z.unknown()),
      variables: z.record(z.string(), z.string()),
      shared: z.record(z.string(), z.string()),
    })
    .optional(),
  dependencies: z.string().optional(),
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

const HEALTHY = new Set(["SUCCESS", "SLEEPING"]);
/**
 * The status a Deployment reports for a service with no repository and no image: Railway has nothing to
 * build, so nothing is deployed, and that is as settled as a success (docs/railway-api-notes.md,
 * "Deployments"). Connecting a source later deploys on the next `up`.
 */
export const NO_SOURCE = "NO_SOURCE";
/** Statuses that need no new deployment on the next `up`. */
const SETTLED_WELL = new Set([...HEALTHY, NO_SOURCE]);

interface RolloutOptions {
  /** Settings declared before and no longer (they return to Railway's default). */
  dropped: string[];
  /** Deploy even when nothing of the service's own declaration changed (unhealthy, or a dependency changed). */
  force: boolean;
}

/**
 * Writes the service's declaration in the environment's one commit, finds the deployment that commit
 * started (or the current one, when nothing needed writing; or starts one when it must), waits for it
 * with the environment's shared poll, and verifies it. Fails with the status and the lines that explain it.
 */
async function rollout(inputs: DeploymentInputs, options: RolloutOptions): Promise<DeploymentOutputs> {
  const context = await providerContext();
  const { client, snapshots, poller } = context;
  const environmentId = inputs.environmentId;
  const declared = inputs.declared;
  const outcome = declared
    ? await contribute(context, environmentId, {
        label: inputs.serviceName,
        patch: (live) =>
          instancePatch(live, {
            serviceId: inputs.serviceId,
            settings: declared.settings,
            variables: declared.variables,
            shared: declared.shared,
            dropped: options.dropped as SettingKey[],
          }),
      })
    : { wrote: false, committed: false };
  let deploymentId = deploymentStartedThisRun(environmentId, inputs.serviceId);
  let status: string | undefined;
  /** The deployment Railway was already running, healthy, before this run (kept, not started). */
  let running = false;
  if (!deploymentId) {
    const environment = await snapshots.environment(environmentId);
    const latest = environment.serviceInstances.find(
      (instance) => instance.serviceId === inputs.serviceId,
    )?.latestDeployment;
    // Nothing to build: no commit deploys such a service, and a deploy of it is refused.
    if (!hasSource(environment.config.services?.[inputs.serviceId]))
      return { ...inputs, deploymentId: latest?.id ?? noSourceId(inputs.serviceId), status: NO_SOURCE };
    // After a write, only a deployment of what was written counts: none started, so one is started below.
    const current = outcome.wrote ? undefined : latest;
    if (current && !SETTLED.has(current.status)) {
      // Still deploying what Railway already has (started by an interrupted run, or by Railway itself):
      // that is the deployment to wait for, not a second one.
      deploymentId = current.id;
    } else if (current && HEALTHY.has(current.status) && declared && !options.force) {
      // Railway already runs this declaration: the current deployment is the one to verify, not a new one.
      deploymentId = current.id;
      status = current.status;
      running = true;
    }
  }
  // A commit that changed nothing of this service, or a service whose commit Railway did not deploy.
  deploymentId ??= await startDeployment(client, inputs);
  const timeoutMs = (inputs.deployTimeoutSeconds ?? DEFAULT_DEPLOY_TIMEOUT_SECONDS) * 1000;
  status ??= await poller.settle(environmentId, inputs.serviceId, deploymentId, timeoutMs);
  const id = deploymentId;
  const fail = async (failedStatus: string, reason: string) =>
    new DeploymentFailedError(
      inputs.serviceName,
      id,
      failedStatus,
      reason,
      await explainingLines(client, inputs, id),
    );
  if (status !== "SUCCESS" && status !== "SLEEPING") {
    const reason =
      status === "FAILED" || status === "CRASHED" || status === "REMOVED" || status === "SKIPPED"
        ? `ended ${status}`
        : `was still ${status} after ${Math.round(timeoutMs / 1000)} s`;
    throw await fail(status, reason);
  }
  if (inputs.verify.kind === "logs") {
    const logTimeoutMs = (inputs.verify.timeoutSeconds ?? DEFAULT_LOG_TIMEOUT_SECONDS) * 1000;
    const readiness = running
      ? await judgeRunningDeployment(client, id, inputs.verify)
      : await waitUntilLogsMatch(client, id, inputs.verify, logTimeoutMs);
    if (!readiness.ready) throw await fail(readiness.status, `is not ready: ${readiness.reason}`);
    // No ready line when a running deployment's start-up lines are gone (an undefined output is no struct).
    const readyLine = readiness.lines.at(-1);
    return { ...inputs, deploymentId: id, status, ...(readyLine === undefined ? {} : { readyLine }) };
  }
  return { ...inputs, deploymentId: id, status };
}

/** The resource id of a Deployment that found nothing to deploy (Pulumi needs one; Railway has none). */
function noSourceId(serviceId: string): string {
  return `no-source-${serviceId}`;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The rules of check(): run by the provider host, and by the program before anything is registered. */
export function checkDeploymentInputs(news: DeploymentInputs) {
  // `inputs` holds only known values: a verification not known yet is judged once it is.
  return checkInputs(inputsSchema, news, (inputs) =>
    inputs.verify === undefined
      ? []
      : verificationProblems(inputs.verify as Verification).map((reason) => ({ property: "verify", reason })),
  );
}

export const deploymentProvider: pulumi.dynamic.ResourceProvider<DeploymentInputs, DeploymentOutputs> = {
  async check(_olds, news) {
    return checkDeploymentInputs(news);
  },

  async diff(_id, olds, news) {
    const replaces = changedKeys(olds, news, ["projectId", "environmentId", "serviceId"]);
    // `verify` is not compared: how the next deployment is judged is no reason to deploy. A state written
    // before `declared` and `dependencies` existed (0.1.0) has none: only the trigger speaks for it then.
    const changed = changedKeys(olds, news, ["serviceName", "trigger", "deployTimeoutSeconds"]);
    if (olds.declared !== undefined && !same(olds.declared, news.declared)) changed.push("declared");
    if (olds.dependencies !== undefined && olds.dependencies !== news.dependencies)
      changed.push("dependencies");
    // A deployment that crashed or was removed since (seen on refresh) is deployed again.
    const unhealthy = SETTLED_WELL.has(olds.status) ? [] : ["status"];
    const all = [...replaces, ...changed, ...unhealthy];
    return { changes: all.length > 0, replaces, deleteBeforeReplace: false };
  },

  async create(inputs) {
    // A hand-composed Deployment declares nothing: it only deploys.
    const outs = await rollout(inputs, { dropped: [], force: inputs.declared === undefined });
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
      if (latest) return { ...props, deploymentId: latest.id, status: latest.status };
      const source = hasSource(environment.config.services?.[props.serviceId]);
      return { ...props, status: source ? "NONE" : NO_SOURCE };
    });
  },

  async update(_id, olds, news) {
    const unhealthy = !SETTLED_WELL.has(olds.status);
    const dependencyChanged = olds.dependencies !== undefined && olds.dependencies !== news.dependencies;
    const declarationChanged = olds.declared === undefined || !same(olds.declared, news.declared);
    const act =
      containsUnknown(news.trigger) ||
      news.trigger !== olds.trigger ||
      unhealthy ||
      dependencyChanged ||
      declarationChanged;
    if (!act) {
      return {
        outs: {
          ...news,
          deploymentId: olds.deploymentId,
          status: olds.status,
          ...(olds.readyLine === undefined ? {} : { readyLine: olds.readyLine }),
        },
      };
    }
    const before = Object.keys(olds.declared?.settings ?? {});
    const dropped = before.filter((key) => news.declared?.settings?.[key as keyof Settings] === undefined);
    const force = unhealthy || dependencyChanged || news.declared === undefined;
    return { outs: await rollout(news, { dropped, force }) };
  },

  // Deployments are history: removing the resource undeploys nothing (delete the Service for that).
  async delete() {},
};
