/**
 * The community Terraform provider's counts for the runs test/bench/omnidocCounts.ts measures, row for
 * row (same labels, same stack: ./omnidocPeerStack.ts), so the bench can print them side by side.
 * `node test/bench/peer/runTerraformCounts.ts` prints them alone.
 */
import { type Metrics, startEmulator } from "../../../emulator/index.ts";
import { omnidocPeerStack } from "./omnidocPeerStack.ts";
import {
  type PeerApi,
  type PeerStack,
  type PeerState,
  peerApi,
  terraformApply,
  terraformFirstApply,
  terraformNoOpPlan,
  terraformRefresh,
  terraformSharedVariableChange,
  terraformStartCommandChange,
} from "./terraformReplay.ts";

export interface TerraformRow {
  /** The label of the matching row of test/bench/omnidocCounts.ts. */
  label: string;
  /** The Terraform command replayed. */
  command: string;
  requests: number;
  byOperation: Record<string, number>;
  writes: number;
  /** `<environment>/<service>` per deployment the API made, sorted. */
  deployments: string[];
  /** Deployments a git push would start (reported, not counted: see terraformStartCommandChange). */
  deploysOutsideApi: string[];
}

function delta(before: Metrics, after: Metrics) {
  const byOperation: Record<string, number> = {};
  for (const [name, count] of Object.entries(after.requestsByOperationName)) {
    const change = count - (before.requestsByOperationName[name] ?? 0);
    if (change > 0) byOperation[name] = change;
  }
  return {
    requests: after.totalRequests - before.totalRequests,
    byOperation,
    writes: after.writes.length - before.writes.length,
    deployments: after.deployments
      .slice(before.deployments.length)
      .map((d) => `${d.environmentName}/${d.serviceName}`)
      .sort(),
  };
}

/**
 * Replays every run against a fresh emulator with its default options (Hobby rate limits, as the bench
 * uses), pacing requests to the Hobby budget of 10 per second (the provider itself does not pace; see
 * README.md). The worker's start command changes as the bench's does (workerConcurrency 1 → 2).
 */
export async function measureTerraformReplay(
  variableResource: PeerStack["variableResource"] = "railway_variable",
): Promise<TerraformRow[]> {
  const emulator = await startEmulator();
  const rows: TerraformRow[] = [];
  try {
    const api: PeerApi = peerApi(emulator.url, emulator.defaults.accountToken, { perSecond: 10 });
    const measure = async <T>(
      label: string,
      command: string,
      run: () => Promise<T>,
      outside = (_: T) => [] as string[],
    ) => {
      const before = emulator.metrics();
      const result = await run();
      const after = emulator.metrics();
      if (after.rateLimited > before.rateLimited) throw new Error(`${label}: rate limited`);
      rows.push({ label, command, ...delta(before, after), deploysOutsideApi: outside(result) });
      return result;
    };
    let state: PeerState = await measure("first up", "terraform apply", () =>
      terraformFirstApply(api, omnidocPeerStack(variableResource)),
    );
    await measure("no-op refresh", "terraform apply -refresh-only", () => terraformRefresh(api, state));
    await measure("no-op preview", "terraform plan", () => terraformNoOpPlan(api, state));
    await measure("no-op up", "terraform apply", () => terraformApply(api, state, state.stack));
    const shared = await measure("one shared variable changed (up)", "terraform apply", () =>
      terraformSharedVariableChange(api, state, "LOG_LEVEL", "DEBUG"),
    );
    state = shared.state;
    await measure(
      "worker start command changed (up)",
      "git push of railway.worker.json + terraform apply",
      () =>
        terraformStartCommandChange(
          api,
          state,
          "omnidoc-celery-worker",
          "celery -A src.tasks.celery_app worker --loglevel=info --concurrency=2",
        ),
      (result) => result.deploysOutsideApi,
    );
  } finally {
    await emulator.close();
  }
  return rows;
}
