import { buildLogLines, deployLogLines } from "../model/deployment-status.ts";
import type { DeploymentRecord, LogLine } from "../model/records.ts";
import { getDeployment } from "./access.ts";
import { type Args, optionalInt, optionalString, requiredString } from "./args.ts";
import type { RequestContext } from "./context.ts";
import { logView } from "./views/deployment.ts";

// buildLogs / deploymentLogs (docs/railway-api-notes.md, "Pagination and ids", "Deployments"): oldest first,
// only lines whose time has come, a plain substring filter, and the last `limit` lines plus one, as the real
// API returns.

function select(deployment: DeploymentRecord, lines: LogLine[], args: Args) {
  const filter = optionalString(args, "filter");
  const start = optionalString(args, "startDate");
  const end = optionalString(args, "endDate");
  const startMs = start ? Date.parse(start) : Number.NEGATIVE_INFINITY;
  const endMs = end ? Date.parse(end) : Number.POSITIVE_INFINITY;
  let out = lines.filter((l) => l.at >= startMs && l.at <= endMs);
  if (filter) out = out.filter((l) => l.message.includes(filter.replace(/^"(.*)"$/, "$1")));
  const limit = optionalInt(args, "limit");
  if (limit !== undefined && limit >= 0) out = out.slice(Math.max(0, out.length - (limit + 1)));
  return out.map((line) => logView(deployment, line));
}

export const logQueries = {
  buildLogs(args: Args, ctx: RequestContext) {
    const deployment = getDeployment(ctx, requiredString(args, "deploymentId"));
    return select(deployment, buildLogLines(deployment, ctx.world.now()), args);
  },

  deploymentLogs(args: Args, ctx: RequestContext) {
    const deployment = getDeployment(ctx, requiredString(args, "deploymentId"));
    return select(deployment, deployLogLines(ctx.world, deployment, ctx.world.now()), args);
  },
};
