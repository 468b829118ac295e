import type { IncomingHttpHeaders } from "node:http";
import type { Grant } from "../model/records.ts";
import type { World } from "../model/world.ts";

export interface Caller {
  grant: Grant;
  /** Rate-limit bucket: the token itself, or one shared bucket for unauthenticated callers. */
  key: string;
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * docs/railway-api-notes.md, "Tokens": `Project-Access-Token: <t>` for project tokens (it wins when both are
 * sent, like the CLI), `Authorization: Bearer <t>` for account and workspace tokens. A token sent in the
 * other header is a wrong token.
 */
export function callerOf(world: World, headers: IncomingHttpHeaders): Caller {
  const projectToken = header(headers, "project-access-token")?.trim();
  if (projectToken) {
    const record = world.projectTokens.get(projectToken);
    const grant: Grant = record
      ? {
          kind: "project",
          projectId: record.projectId,
          environmentId: record.environmentId,
          tokenId: record.id,
        }
      : { kind: "anonymous" };
    return { grant, key: `token:${projectToken}` };
  }
  const bearer = header(headers, "authorization")
    ?.match(/^Bearer\s+(.+)$/i)?.[1]
    ?.trim();
  if (bearer)
    return { grant: world.bearerTokens.get(bearer) ?? { kind: "anonymous" }, key: `token:${bearer}` };
  return { grant: { kind: "anonymous" }, key: "anonymous" };
}
