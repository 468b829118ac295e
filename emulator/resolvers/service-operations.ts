import { invalidInput } from "../graphql/errors.ts";
import { commitDocument } from "../model/commit.ts";
import { readDocument } from "../model/config-document.ts";
import { newId } from "../model/ids.ts";
import type { JsonObject } from "../model/json.ts";
import { generatedName } from "../model/names.ts";
import type { EnvironmentRecord, ProjectRecord, ServiceRecord } from "../model/records.ts";
import { repoProfile, validateRepoName } from "../model/repos.ts";
import type { RequestContext } from "./context.ts";

export interface NewService {
  name?: string;
  icon?: string;
  repo?: string;
  image?: string;
  branch?: string;
  variables?: Record<string, string>;
  registryCredentials?: JsonObject;
  /** The environment named in the input, if any. */
  environment?: EnvironmentRecord;
}

/**
 * A private repo the Railway GitHub app cannot see (docs/railway-api-notes.md, "Projects, environments and
 * services").
 */
export function checkRepoAccess(ctx: RequestContext, repo: string): void {
  validateRepoName(repo);
  if (repoProfile(ctx.world, repo).private) throw invalidInput("User does not have access to the repo");
}

/**
 * serviceCreate (docs/railway-api-notes.md, "Projects, environments and services"): per the schema
 * description the instance goes only into the given environment when it is a fork, otherwise into every
 * non-fork environment; with a source each new instance deploys right away (inferred).
 */
export function createService(ctx: RequestContext, project: ProjectRecord, input: NewService) {
  const world = ctx.world;
  if (input.repo && input.image)
    throw invalidInput("A service source is either a repo or an image, not both");
  if (input.repo) checkRepoAccess(ctx, input.repo);
  const now = world.now();
  const service: ServiceRecord = {
    id: newId(),
    projectId: project.id,
    name:
      input.name?.trim() ||
      (input.repo?.split("/")[1] ?? input.image?.split("/").at(-1)?.split(":")[0] ?? generatedName()),
    icon: input.icon ?? null,
    createdAt: now,
    updatedAt: now,
  };
  world.services.set(service.id, service);
  const environments = input.environment?.sourceEnvironmentId
    ? [input.environment]
    : world.environmentsOf(project.id).filter((e) => e.sourceEnvironmentId === null);
  const source: JsonObject = {};
  if (input.repo) source.repo = input.repo;
  if (input.repo && input.branch) source.branch = input.branch;
  if (input.image) source.image = input.image;
  const deployments = [];
  for (const environment of environments) {
    const entry: JsonObject = {};
    if (Object.keys(source).length > 0) entry.source = { ...source };
    if (input.registryCredentials) entry.deploy = { registryCredentials: input.registryCredentials };
    const writeVariables = input.environment === undefined || input.environment.id === environment.id;
    if (input.variables && writeVariables) {
      entry.variables = Object.fromEntries(
        Object.entries(input.variables).map(([k, v]) => [k, { value: v }]),
      );
    }
    const doc = readDocument(environment);
    doc.services = { ...(doc.services as JsonObject), [service.id]: entry };
    const outcome = commitDocument(world, environment, doc, {
      deploy: true,
      cause: "serviceCreate",
      recordMetrics: ctx.recordMetrics,
      serviceReferrers: false,
      ordered: false,
    });
    deployments.push(...outcome.deployments);
  }
  return { service, environments, deployments };
}
