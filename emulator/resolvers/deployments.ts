import { DomainError } from "../graphql/errors.ts";
import { deployBatch } from "../model/deploy.ts";
import { statusAt } from "../model/deployment-status.ts";
import { hasSource } from "../model/instance-config.ts";
import type { DeploymentRecord, DeploymentStatus } from "../model/records.ts";
import { absolute, CRASH_AFTER_SUCCESS_MS } from "../runtime/plan-deployment.ts";
import {
  canSeeEnvironment,
  getDeployment,
  getEnvironment,
  getInstance,
  getProject,
  getService,
  type InstanceRef,
  requireSignedIn,
} from "./access.ts";
import { type Args, inputObject, optionalObject, optionalString, requiredString } from "./args.ts";
import { connection } from "./connection.ts";
import { type RequestContext, recordWrite } from "./context.ts";
import { deploymentView } from "./views/deployment.ts";

// Deployments (docs/railway-api-notes.md, "Deployments"): deploy from the current state, or replay an old
// snapshot.

const IN_PROGRESS: ReadonlySet<DeploymentStatus> = new Set([
  "QUEUED",
  "WAITING",
  "INITIALIZING",
  "BUILDING",
  "DEPLOYING",
]);

function deployCurrent(
  ctx: RequestContext,
  ref: InstanceRef,
  field: string,
  commitSha: string | undefined,
): DeploymentRecord {
  if (!hasSource(ref.instance.config)) throw new DomainError("Cannot deploy a service without a source");
  if (commitSha !== undefined && !/^[0-9a-f]{7,40}$/i.test(commitSha))
    throw new DomainError("Commit not found");
  const [deployment] = deployBatch(ctx.world, ref.environment, [{ serviceId: ref.service.id, commitSha }], {
    cause: field,
    recordMetrics: ctx.recordMetrics,
    ordered: false,
  });
  if (!deployment) throw new DomainError("Cannot deploy a service without a source");
  recordWrite(ctx, {
    field,
    projectId: ref.environment.projectId,
    environmentId: ref.environment.id,
    serviceId: ref.service.id,
  });
  return deployment;
}

function replay(ctx: RequestContext, old: DeploymentRecord, field: string): DeploymentRecord {
  const ref = getInstance(ctx, old.environmentId, old.serviceId);
  const [deployment] = deployBatch(
    ctx.world,
    ref.environment,
    [{ serviceId: old.serviceId, snapshot: old.snapshot }],
    {
      cause: field,
      recordMetrics: ctx.recordMetrics,
      ordered: false,
    },
  );
  if (!deployment) throw new DomainError("Deployment cannot be redeployed");
  recordWrite(ctx, { field, projectId: old.projectId, environmentId: old.environmentId });
  return deployment;
}

function instanceArgs(args: Args, ctx: RequestContext): InstanceRef {
  return getInstance(ctx, requiredString(args, "environmentId"), requiredString(args, "serviceId"));
}

export const deploymentQueries = {
  deployment(args: Args, ctx: RequestContext) {
    return deploymentView(ctx.world, getDeployment(ctx, requiredString(args, "id")));
  },

  deployments(args: Args, ctx: RequestContext) {
    requireSignedIn(ctx);
    const world = ctx.world;
    const input = inputObject(args);
    const environmentId = optionalString(input, "environmentId");
    const projectId = optionalString(input, "projectId");
    const serviceId = optionalString(input, "serviceId");
    if (environmentId !== undefined) getEnvironment(ctx, environmentId);
    if (projectId !== undefined) getProject(ctx, projectId);
    if (serviceId !== undefined) getService(ctx, serviceId);
    const status = optionalObject(input, "status");
    const only = Array.isArray(status?.in) ? status.in : null;
    const except = Array.isArray(status?.notIn) ? status.notIn : [];
    const now = world.now();
    const list = [...world.deployments.values()]
      .filter((d) => environmentId === undefined || d.environmentId === environmentId)
      .filter((d) => projectId === undefined || d.projectId === projectId)
      .filter((d) => serviceId === undefined || d.serviceId === serviceId)
      .filter((d) => {
        const env = world.environments.get(d.environmentId);
        return env !== undefined && canSeeEnvironment(world, ctx.grant, env);
      })
      .filter((d) => {
        const current = statusAt(world, d, now).status;
        return (only === null || only.includes(current)) && !except.includes(current);
      })
      .reverse()
      .map((d) => deploymentView(world, d));
    return connection(list, args, (d) => d.id);
  },
};

export const deploymentMutations = {
  serviceInstanceDeployV2(args: Args, ctx: RequestContext) {
    return deployCurrent(
      ctx,
      instanceArgs(args, ctx),
      "serviceInstanceDeployV2",
      optionalString(args, "commitSha"),
    ).id;
  },

  serviceInstanceDeploy(args: Args, ctx: RequestContext) {
    deployCurrent(ctx, instanceArgs(args, ctx), "serviceInstanceDeploy", optionalString(args, "commitSha"));
    return true;
  },

  serviceInstanceRedeploy(args: Args, ctx: RequestContext) {
    const ref = instanceArgs(args, ctx);
    const latest = ctx.world.latestDeployment(ref.environment.id, ref.service.id);
    if (!latest) throw new DomainError("No deployment found to redeploy");
    replay(ctx, latest, "serviceInstanceRedeploy");
    return true;
  },

  deploymentRedeploy(args: Args, ctx: RequestContext) {
    const old = getDeployment(ctx, requiredString(args, "id"));
    return deploymentView(ctx.world, replay(ctx, old, "deploymentRedeploy"));
  },

  deploymentCancel(args: Args, ctx: RequestContext) {
    const deployment = getDeployment(ctx, requiredString(args, "id"));
    const now = ctx.world.now();
    if (!IN_PROGRESS.has(statusAt(ctx.world, deployment, now).status)) {
      throw new DomainError("Deployment is not building or queued");
    }
    // DeploymentStatus has no CANCELLED, so a cancelled deployment reads as REMOVED (inferred).
    deployment.cancelledAt = now;
    recordWrite(ctx, {
      field: "deploymentCancel",
      projectId: deployment.projectId,
      environmentId: deployment.environmentId,
    });
    return true;
  },

  deploymentRemove(args: Args, ctx: RequestContext) {
    return remove(args, ctx, "deploymentRemove");
  },

  deploymentStop(args: Args, ctx: RequestContext) {
    return remove(args, ctx, "deploymentStop");
  },

  /** Restarts the containers of a running (or crashed) deployment: same image, no rebuild. */
  deploymentRestart(args: Args, ctx: RequestContext) {
    const deployment = getDeployment(ctx, requiredString(args, "id"));
    const now = ctx.world.now();
    const status = statusAt(ctx.world, deployment, now).status;
    if (status !== "SUCCESS" && status !== "CRASHED")
      throw new DomainError("Only a running deployment can be restarted");
    const plan = deployment.plan;
    if (ctx.world.realRuntime?.restart(deployment)) {
      recordWrite(ctx, {
        field: "deploymentRestart",
        projectId: deployment.projectId,
        environmentId: deployment.environmentId,
      });
      return true;
    }
    deployment.extraDeployLogs.push(...absolute(plan.runtimeLines, now));
    plan.statuses.push({ at: now, status: "SUCCESS" });
    if (plan.exits) {
      plan.statuses.push({ at: now + CRASH_AFTER_SUCCESS_MS, status: "CRASHED" });
      plan.stopAt = now + CRASH_AFTER_SUCCESS_MS;
    } else {
      plan.stopAt = null;
    }
    recordWrite(ctx, {
      field: "deploymentRestart",
      projectId: deployment.projectId,
      environmentId: deployment.environmentId,
    });
    return true;
  },
};

function remove(args: Args, ctx: RequestContext, field: string): boolean {
  const deployment = getDeployment(ctx, requiredString(args, "id"));
  deployment.removedAt ??= ctx.world.now();
  recordWrite(ctx, { field, projectId: deployment.projectId, environmentId: deployment.environmentId });
  return true;
}
