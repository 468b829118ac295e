import { AmbiguousWriteError, type EnvironmentPatch, ops } from "../railway/index.ts";
import type { ProviderContext } from "./context.ts";

/** The environment holds staged changes that are not ours; committing would commit them too
 * (docs/railway-api-notes.md, "Staged changes and commits"). */
export class ForeignStagedChangesError extends Error {
  constructor(environmentName: string) {
    super(
      `Environment "${environmentName}" has staged changes that were not made by this stack (from the Railway ` +
        "dashboard or another tool). Committing this stack's change would commit them as well, so nothing was " +
        "written. Deploy or discard the staged changes in the Railway dashboard, then run `pulumi up` again.",
    );
    this.name = "ForeignStagedChangesError";
  }
}

function isEmptyPatch(patch: unknown): boolean {
  if (patch === null || patch === undefined) return true;
  if (typeof patch !== "object") return false;
  return Object.values(patch).every((value) => isEmptyPatch(value));
}

/**
 * Applies a config patch to one environment as one commit WITHOUT deploying: stage it, then commit the
 * staged patch with `skipDeploys: true` (docs/railway-api-notes.md, "Staged changes and commits"). `environmentPatchCommit` has no skipDeploys, and this
 * project deploys exactly once per changed service, from its Deployment resource. Refuses to run when
 * someone else's staged changes are waiting, because the commit would take them along.
 */
export function commitWithoutDeploy(
  context: ProviderContext,
  environmentId: string,
  patch: EnvironmentPatch,
  commitMessage: string,
): Promise<void> {
  // One commit at a time per environment in this process: the engine runs resources in parallel, and
  // another resource's staged patch must not look like someone else's (or be committed by our commit).
  const previous = environmentLocks.get(environmentId) ?? Promise.resolve();
  const next = previous.then(() => stageAndCommit(context, environmentId, patch, commitMessage));
  const settled = next.catch(() => undefined);
  environmentLocks.set(environmentId, settled);
  void settled.then(() => {
    if (environmentLocks.get(environmentId) === settled) environmentLocks.delete(environmentId);
  });
  return next;
}

const environmentLocks = new Map<string, Promise<unknown>>();

async function stageAndCommit(
  context: ProviderContext,
  environmentId: string,
  patch: EnvironmentPatch,
  commitMessage: string,
): Promise<void> {
  const { client, snapshots } = context;
  const staged = await client.run(ops.environmentStagedChanges, { environmentId });
  if (!isEmptyPatch(staged.patch)) {
    const environment = await snapshots.environment(environmentId);
    throw new ForeignStagedChangesError(environment.name);
  }
  snapshots.invalidateEnvironment(environmentId);
  await client.run(ops.environmentStageChanges, { environmentId, input: patch, merge: true });
  try {
    await client.run(ops.environmentPatchCommitStaged, { environmentId, commitMessage, skipDeploys: true });
  } catch (error) {
    if (!(error instanceof AmbiguousWriteError)) throw error;
    // The answer was lost: if nothing is staged any more, the commit happened.
    const after = await client.run(ops.environmentStagedChanges, { environmentId });
    if (!isEmptyPatch(after.patch)) {
      await client.run(ops.environmentPatchCommitStaged, { environmentId, commitMessage, skipDeploys: true });
    }
  } finally {
    snapshots.invalidateEnvironment(environmentId);
  }
}
