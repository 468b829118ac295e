import { AmbiguousWriteError, type EnvironmentConfig, type EnvironmentPatch, ops } from "../railway/index.ts";
import { busyOperations, onActivity, waiting } from "./activity.ts";
import type { ProviderContext } from "./context.ts";

/**
 * One commit per environment per `up`. Every resource that changes an environment (each service's
 * settings and variables, the shared variables) contributes a patch here instead of writing on its own;
 * once no provider operation of this process is busy any more (so nothing else can still contribute), the
 * environment's contributions are written as ONE staged patch and ONE commit, and Railway deploys every
 * affected service once, in reference order (docs/railway-api-notes.md, "Staged changes and commits").
 * That is 4 requests for a whole environment, however many services changed: read it, stage, commit, read
 * which deployments the commit started.
 */

export interface Contribution {
  /** Says what it changes, for the commit message: `settings of api`, `shared variables`. */
  label: string;
  /**
   * The patch this contribution needs against the environment's live config: only what differs (empty
   * when Railway already has it). Computed when the batch is written, from one fresh read.
   */
  patch(live: EnvironmentConfig): EnvironmentPatch;
  /**
   * False for a removal that needs no service started anew (a deleted shared set): what still uses it is
   * either being deleted in the same run or declares its own values, which its Deployment writes and
   * deploys. A commit of such contributions only is sent with `skipDeploys`.
   * @default true
   */
  deploys?: boolean;
}

export interface CommitOutcome {
  /** Whether this contribution's own patch was non-empty (and so written). */
  wrote: boolean;
  /** Whether anything at all was committed for the environment. */
  committed: boolean;
}

/** The environment holds staged changes that are not ours; committing would commit them too. */
export class ForeignStagedChangesError extends Error {
  constructor(environmentName: string) {
    super(
      `Environment "${environmentName}" has staged changes that were not made by this run (from the Railway ` +
        "dashboard, another tool, or an interrupted run). Committing this stack's changes would commit them as " +
        "well, so nothing was written. Deploy or discard the staged changes in the Railway dashboard, then run " +
        "`pulumi up` again.",
    );
    this.name = "ForeignStagedChangesError";
  }
}

/** How long no operation must be busy before a batch is written: covers the engine's own scheduling gap. */
function quietMs(): number {
  const configured = Number(process.env.RAILWAY_BATCH_QUIET_MS);
  return configured >= 0 && process.env.RAILWAY_BATCH_QUIET_MS ? configured : 250;
}

/** The longest a contribution waits for others, so a slow neighbour never holds a commit for long. */
const MAX_WAIT_MS = 15_000;

interface Pending {
  contribution: Contribution;
  resolve(outcome: CommitOutcome): void;
  reject(error: unknown): void;
}

interface Batch {
  context: ProviderContext;
  pending: Pending[];
  firstAt: number;
  timer: ReturnType<typeof setTimeout> | undefined;
  writing: Promise<void> | undefined;
  stopListening: () => void;
}

const batches = new Map<string, Batch>();

/** Deployments that a commit of this process started, by environment and service: a Deployment watches these. */
const started = new Map<string, Map<string, string>>();

/** The deployment a commit of this run started for a service, if one did. */
export function deploymentStartedThisRun(environmentId: string, serviceId: string): string | undefined {
  return started.get(environmentId)?.get(serviceId);
}

/**
 * Adds a contribution to the environment's next commit and waits until that commit is written (or fails,
 * which fails every contribution in it).
 */
export function contribute(
  context: ProviderContext,
  environmentId: string,
  contribution: Contribution,
): Promise<CommitOutcome> {
  const batch = batchOf(context, environmentId);
  const outcome = new Promise<CommitOutcome>((resolve, reject) => {
    batch.pending.push({ contribution, resolve, reject });
  });
  if (batch.pending.length === 1) batch.firstAt = Date.now();
  schedule(environmentId, batch);
  return waiting(outcome);
}

function batchOf(context: ProviderContext, environmentId: string): Batch {
  const existing = batches.get(environmentId);
  if (existing) return existing;
  const batch: Batch = {
    context,
    pending: [],
    firstAt: Date.now(),
    timer: undefined,
    writing: undefined,
    stopListening: () => undefined,
  };
  batch.stopListening = onActivity(() => schedule(environmentId, batch));
  batches.set(environmentId, batch);
  return batch;
}

/** (Re)arms the batch's timer: it fires once nothing has been busy for the quiet time. */
function schedule(environmentId: string, batch: Batch): void {
  if (batch.pending.length === 0 || batch.writing) return;
  if (batch.timer) clearTimeout(batch.timer);
  batch.timer = setTimeout(() => {
    batch.timer = undefined;
    const idle = busyOperations() <= 0;
    if (idle || Date.now() - batch.firstAt >= MAX_WAIT_MS) void write(environmentId, batch);
    else schedule(environmentId, batch);
  }, quietMs());
}

async function write(environmentId: string, batch: Batch): Promise<void> {
  const taken = batch.pending.splice(0);
  if (taken.length === 0) return;
  batch.writing = commitBatch(batch.context, environmentId, taken)
    .then(
      (outcomes) => {
        for (const [index, entry] of taken.entries()) entry.resolve(outcomes[index] as CommitOutcome);
      },
      (error: unknown) => {
        for (const entry of taken) entry.reject(error);
      },
    )
    .finally(() => {
      batch.writing = undefined;
      if (batch.pending.length > 0) {
        batch.firstAt = Date.now();
        schedule(environmentId, batch);
      } else {
        batch.stopListening();
        batches.delete(environmentId);
      }
    });
  await batch.writing;
}

/** No change at all: no patch, or only empty objects. A `null` inside is a deletion, so it counts. */
function isEmptyPatch(patch: unknown): boolean {
  if (patch === null || patch === undefined) return true;
  return isEmptyObject(patch);
}

function isEmptyObject(value: unknown): boolean {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  return Object.values(value).every((inner) => inner !== null && isEmptyObject(inner));
}

/** Whether every change in `staged` is also in `ours`, with the same value (a deletion counts as a value). */
export function coveredBy(staged: unknown, ours: unknown): boolean {
  if (staged === null || typeof staged !== "object" || Array.isArray(staged))
    return JSON.stringify(staged) === JSON.stringify(ours);
  if (ours === null || typeof ours !== "object" || Array.isArray(ours)) return isEmptyObject(staged);
  return Object.entries(staged).every(([key, value]) =>
    value !== null && typeof value === "object" && isEmptyObject(value)
      ? true
      : coveredBy(value, (ours as Record<string, unknown>)[key]),
  );
}

/** Deep-merges `next` into `into` (objects merge; a null or a value replaces). */
export function mergePatch(
  into: Record<string, unknown>,
  next: Record<string, unknown>,
): Record<string, unknown> {
  for (const [key, value] of Object.entries(next)) {
    const current = into[key];
    if (
      value &&
      typeof value === "object" &&
      !Array.isArray(value) &&
      current &&
      typeof current === "object" &&
      !Array.isArray(current)
    ) {
      mergePatch(current as Record<string, unknown>, value as Record<string, unknown>);
    } else {
      into[key] = value;
    }
  }
  return into;
}

function commitMessage(labels: string[]): string {
  const text = `pulumi up: ${labels.join(", ")}`;
  return text.length > 400 ? `${text.slice(0, 397)}...` : text;
}

/** Writes one environment's contributions as one staged patch and one commit, with deploys. */
async function commitBatch(
  context: ProviderContext,
  environmentId: string,
  taken: Pending[],
): Promise<CommitOutcome[]> {
  const { client, snapshots } = context;
  snapshots.invalidateEnvironment(environmentId);
  const before = await snapshots.environment(environmentId);
  const patches = taken.map((entry) => entry.contribution.patch(before.config));
  const wrote = patches.map((patch) => !isEmptyPatch(patch));
  if (!wrote.some(Boolean)) return wrote.map(() => ({ wrote: false, committed: false }));
  const patch = patches.reduce<Record<string, unknown>>(
    (merged, next) => mergePatch(merged, structuredClone(next) as Record<string, unknown>),
    {},
  ) as EnvironmentPatch;
  // Someone's staged changes would be committed with ours: refuse before writing anything. Staged changes
  // that this run would write anyway (an earlier run of this stack staged them and was stopped before its
  // commit, e.g. by a spent rate-limit budget) are taken over: committing them commits nothing else.
  if ((before.unmergedChangesCount ?? 0) > 0) {
    const staged = await client.run(ops.environmentStagedChanges, { environmentId });
    if (!isEmptyPatch(staged.patch) && !coveredBy(staged.patch, patch))
      throw new ForeignStagedChangesError(before.name);
  }
  const labels = taken.filter((_, index) => wrote[index]).map((entry) => entry.contribution.label);
  const skipDeploys = taken.every((entry, index) => !wrote[index] || entry.contribution.deploys === false);
  // Stage, commit and read back must all be paid for before the first of them is sent.
  client.reserve(3, `write ${labels.join(", ")} to environment "${before.name}" (stage, commit, read back)`);
  const message = commitMessage(labels);
  try {
    await client.run(ops.environmentStageChanges, { environmentId, input: patch, merge: true });
    await commitStaged(context, environmentId, message, skipDeploys);
  } finally {
    snapshots.invalidateEnvironment(environmentId);
  }
  if (!skipDeploys) await recordStartedDeployments(context, environmentId, before.serviceInstances);
  return wrote.map((own) => ({ wrote: own, committed: true }));
}

async function commitStaged(
  context: ProviderContext,
  environmentId: string,
  message: string,
  skipDeploys: boolean,
): Promise<void> {
  const { client } = context;
  const commit = { environmentId, commitMessage: message, ...(skipDeploys ? { skipDeploys } : {}) };
  try {
    await client.run(ops.environmentPatchCommitStaged, commit);
  } catch (error) {
    if (error instanceof AmbiguousWriteError) {
      // The answer was lost: if nothing is staged any more, the commit happened.
      const after = await client.run(ops.environmentStagedChanges, { environmentId });
      if (isEmptyPatch(after.patch)) return;
      await client.run(ops.environmentPatchCommitStaged, commit);
      return;
    }
    // Not committed: take our staged patch back, so it neither lingers nor blocks the next run.
    await client
      .run(ops.environmentStageChanges, { environmentId, input: {}, merge: false })
      .catch(() => undefined);
    throw error;
  }
}

/** Which services got a new latest deployment from the commit, read once for the whole environment. */
async function recordStartedDeployments(
  context: ProviderContext,
  environmentId: string,
  before: ReadonlyArray<{ serviceId: string; latestDeployment: { id: string } | null }>,
): Promise<void> {
  const previous = new Map(before.map((instance) => [instance.serviceId, instance.latestDeployment?.id]));
  const after = await context.client.run(ops.environmentDeployments, { id: environmentId });
  const byService = started.get(environmentId) ?? new Map<string, string>();
  for (const instance of after) {
    const latest = instance.latestDeployment?.id;
    if (latest && latest !== previous.get(instance.serviceId)) byService.set(instance.serviceId, latest);
  }
  started.set(environmentId, byService);
  context.poller.observe(environmentId, after);
}
