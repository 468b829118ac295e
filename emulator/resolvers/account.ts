import { invalidInput, notAuthorized, notFound } from "../graphql/errors.ts";
import { iso, newId } from "../model/ids.ts";
import {
  canSeeWorkspace,
  forbidProjectToken,
  getEnvironment,
  getProject,
  requireSignedIn,
} from "./access.ts";
import { type Args, inputObject, requiredString } from "./args.ts";
import { type RequestContext, recordWrite } from "./context.ts";
import { environmentView } from "./views/environment.ts";
import { projectView, userView, workspaceView } from "./views/project.ts";

// Who is asking (docs/railway-api-notes.md, "Tokens"): `me` needs an account token, `projectToken` a project
// token.

export const accountQueries = {
  me(_args: Args, ctx: RequestContext) {
    const grant = ctx.grant;
    const userId =
      grant.kind === "account"
        ? grant.userId
        : grant.kind === "dashboard"
          ? [...ctx.world.users.keys()][0]
          : undefined;
    const user = userId ? ctx.world.users.get(userId) : undefined;
    if (!user) throw notAuthorized();
    return userView(ctx.world, user);
  },

  workspace(args: Args, ctx: RequestContext) {
    requireSignedIn(ctx);
    const workspace = ctx.world.workspaces.get(requiredString(args, "workspaceId"));
    if (!workspace) throw notFound("Workspace");
    if (!canSeeWorkspace(ctx.world, ctx.grant, workspace.id)) throw notAuthorized();
    return workspaceView(ctx.world, workspace);
  },

  projectToken(_args: Args, ctx: RequestContext) {
    const grant = ctx.grant;
    if (grant.kind !== "project") throw notAuthorized();
    const record = [...ctx.world.projectTokens.values()].find((t) => t.id === grant.tokenId);
    if (!record) throw notAuthorized();
    return {
      id: record.id,
      name: record.name,
      projectId: record.projectId,
      environmentId: record.environmentId,
      displayToken: `${record.token.slice(0, 4)}****`,
      createdAt: iso(record.createdAt),
      project: () => projectView(ctx.world, getProject(ctx, record.projectId)),
      environment: () => environmentView(ctx.world, getEnvironment(ctx, record.environmentId)),
    };
  },
};

export const accountMutations = {
  projectTokenCreate(args: Args, ctx: RequestContext) {
    forbidProjectToken(ctx);
    const input = inputObject(args);
    const project = getProject(ctx, requiredString(input, "projectId"));
    const environment = getEnvironment(ctx, requiredString(input, "environmentId"));
    if (environment.projectId !== project.id)
      throw invalidInput("Environment does not belong to the project");
    const token = newId();
    const id = newId();
    ctx.world.projectTokens.set(token, {
      id,
      token,
      name: requiredString(input, "name"),
      projectId: project.id,
      environmentId: environment.id,
      createdAt: ctx.world.now(),
    });
    recordWrite(ctx, { field: "projectTokenCreate", projectId: project.id, environmentId: environment.id });
    return token;
  },
};
