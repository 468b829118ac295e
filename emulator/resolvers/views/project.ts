import { iso } from "../../model/ids.ts";
import type { ProjectRecord, UserRecord, WorkspaceRecord } from "../../model/records.ts";
import type { World } from "../../model/world.ts";
import { canSeeEnvironment, canSeeProject } from "../access.ts";
import type { Args } from "../args.ts";
import { connection, emptyConnection } from "../connection.ts";
import type { RequestContext } from "../context.ts";
import { deploymentView } from "./deployment.ts";
import { environmentView, triggerViews } from "./environment.ts";
import { serviceView } from "./service.ts";

export function projectView(world: World, project: ProjectRecord) {
  const environments = () => world.environmentsOf(project.id);
  return {
    id: project.id,
    name: project.name,
    description: project.description,
    workspaceId: project.workspaceId,
    teamId: project.workspaceId,
    createdAt: iso(project.createdAt),
    updatedAt: iso(project.updatedAt),
    deletedAt: null,
    expiredAt: null,
    isPublic: project.isPublic,
    isTempProject: false,
    prDeploys: project.prDeploys,
    botPrEnvironments: project.botPrEnvironments,
    focusedPrEnvironments: project.focusedPrEnvironments,
    baseEnvironmentId: project.baseEnvironmentId,
    tracingEnabled: false,
    tracingSampleRate: null,
    subscriptionType: "hobby",
    subscriptionPlanLimit: {},
    featureFlags: [],
    members: [],
    viewerRole: null,
    team: null,
    primaryEnvironmentId: () => environments().find((e) => !e.isEphemeral)?.id ?? null,
    baseEnvironment: (_args: Args, ctx: RequestContext) => {
      const env = project.baseEnvironmentId ? world.environments.get(project.baseEnvironmentId) : undefined;
      return env && canSeeEnvironment(world, ctx.grant, env) ? environmentView(world, env) : null;
    },
    environments: (args: Args, ctx: RequestContext) => {
      let list = environments().filter((e) => canSeeEnvironment(world, ctx.grant, e));
      if (typeof args.isEphemeral === "boolean")
        list = list.filter((e) => e.isEphemeral === args.isEphemeral);
      if (args.sort === "DESC") list = list.reverse();
      return connection(
        list.map((e) => environmentView(world, e)),
        args,
        (e) => e.id,
      );
    },
    services: (args: Args) =>
      connection(
        world.servicesOf(project.id).map((s) => serviceView(world, s)),
        args,
        (s) => s.id,
      ),
    deployments: (args: Args, ctx: RequestContext) => {
      const nodes = [...world.deployments.values()]
        .filter((d) => d.projectId === project.id)
        .filter((d) => {
          const env = world.environments.get(d.environmentId);
          return env !== undefined && canSeeEnvironment(world, ctx.grant, env);
        })
        .reverse()
        .map((d) => deploymentView(world, d));
      return connection(nodes, args, (n) => n.id);
    },
    deploymentTriggers: (args: Args, ctx: RequestContext) => {
      const triggers = environments()
        .filter((e) => canSeeEnvironment(world, ctx.grant, e))
        .flatMap((e) => triggerViews(world, e));
      return connection(triggers, args, (t) => t.id);
    },
    volumes: () => emptyConnection(),
    buckets: () => emptyConnection(),
    groups: () => emptyConnection(),
    workspace: () => {
      const workspace = world.workspaces.get(project.workspaceId);
      return workspace ? workspaceView(world, workspace) : null;
    },
  };
}

export function workspaceView(world: World, workspace: WorkspaceRecord) {
  const projects = () => [...world.projects.values()].filter((p) => p.workspaceId === workspace.id);
  return {
    id: workspace.id,
    name: workspace.name,
    createdAt: iso(workspace.createdAt),
    updatedAt: iso(workspace.createdAt),
    avatar: null,
    preferredRegion: null,
    discordRole: null,
    slackChannelId: null,
    plan: "HOBBY",
    has2FAEnforcement: false,
    hasAutomaticDiagnosis: false,
    hasGuardrailsAccess: false,
    hasHipaaBAA: false,
    hasSAML: false,
    redactedDueTo2FAPending: false,
    restrictProjectVisibilityToGroups: false,
    usersWithout2FA: [],
    referredUsers: [],
    adoptionHistory: [],
    adoptionLevel: 0,
    projectCount: () => projects().length,
    members: () =>
      workspace.memberUserIds.flatMap((id) => {
        const user = world.users.get(id);
        return user ? [{ id: user.id, email: user.email, name: user.name, avatar: null, role: "ADMIN" }] : [];
      }),
    projects: (args: Args, ctx: RequestContext) =>
      connection(
        projects()
          .filter((p) => canSeeProject(world, ctx.grant, p))
          .map((p) => projectView(world, p)),
        args,
        (p) => p.id,
      ),
  };
}

export function userView(world: World, user: UserRecord) {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    username: null,
    avatar: null,
    githubUsername: null,
    githubProviderId: null,
    createdAt: iso(user.createdAt),
    lastLogin: iso(world.now()),
    termsAgreedOn: iso(user.createdAt),
    agreedFairUse: true,
    has2FA: false,
    hasPasskeys: false,
    isAdmin: false,
    isConductor: false,
    isVerified: true,
    riskLevel: null,
    banReason: null,
    profile: null,
    registrationStatus: "ONBOARDED",
    featureFlags: [],
    flags: [],
    platformFeatureFlags: [],
    workspaces: () =>
      [...world.workspaces.values()]
        .filter((w) => w.memberUserIds.includes(user.id))
        .map((w) => workspaceView(world, w)),
  };
}
