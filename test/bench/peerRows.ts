/**
 * The community Terraform provider's request pattern (test/bench/peer/terraformReplay.ts, read from its
 * code) for the bench's own stacks, replayed against a fresh emulator each, so the bench prints the
 * ratios. Service variables are one `railway_variable_collection` per service, the provider's cheapest
 * way to declare them (one resource per variable costs more; see test/bench/peer/README.md).
 */
import { type Metrics, startEmulator } from "../../emulator/index.ts";
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
} from "./peer/terraformReplay.ts";

export interface PeerRow {
  stack: string;
  scenario: string;
  requests: number;
  writes: number;
  deployments: number;
}

/** The omnidoc stack of the bench (railway Redis, external Postgres) as the provider's resources. */
function omnidocStack(): PeerStack {
  const shared: Record<string, string> = {
    DATABASE_URL: "postgresql://omnidoc:bench-pw@db.example.com:5432/omnidoc",
    GEMINI_API_KEY: "bench-gemini-key",
    LLM_PROVIDER: "gemini",
    LOG_LEVEL: "INFO",
    LOG_FORMAT: "json",
  };
  const app = {
    ...Object.fromEntries(Object.keys(shared).map((key) => [key, `\${{shared.${key}}}`])),
    REDIS_URL: "${{Redis.REDIS_URL}}",
  };
  return {
    projectName: "omnidoc",
    environment: "production",
    variableResource: "railway_variable_collection",
    shared,
    services: [
      {
        name: "Redis",
        image: "redis:8.2",
        configPath: "railway.redis.json",
        variables: {
          REDIS_PASSWORD: "bench-redis-password",
          REDIS_URL: "redis://default:${{REDIS_PASSWORD}}@${{RAILWAY_PRIVATE_DOMAIN}}:6379",
        },
      },
      {
        name: "omnidoc-backend",
        repo: "omnidoc-app/omnidoc",
        branch: "main",
        configPath: "railway.backend.json",
        domain: "omnidoc-backend-tf",
        variables: app,
      },
      {
        name: "omnidoc-celery-worker",
        repo: "omnidoc-app/omnidoc",
        branch: "main",
        configPath: "railway.worker.json",
        variables: app,
      },
    ],
  };
}

/** test/bench/fleetProgram.ts's fleet: N services, 10 shared keys each references, 10 own variables. */
function fleetStack(size: number): PeerStack {
  const sharedKeys = Array.from({ length: 10 }, (_, index) => `SHARED_${index}`);
  return {
    projectName: `fleet-${size}`,
    environment: "production",
    variableResource: "railway_variable_collection",
    shared: Object.fromEntries(sharedKeys.map((key, index) => [key, index === 0 ? "one" : `value-${index}`])),
    services: Array.from({ length: size }, (_, index) => ({
      name: `svc-${index}`,
      repo: "acme/fleet",
      branch: "main",
      configPath: "railway.json",
      variables: {
        ...Object.fromEntries(Array.from({ length: 10 }, (_, v) => [`VAR_${v}`, `service-${index}-${v}`])),
        ...Object.fromEntries(sharedKeys.map((key) => [key, `\${{shared.${key}}}`])),
      },
    })),
  };
}

function change(before: Metrics, after: Metrics) {
  return {
    requests: after.totalRequests - before.totalRequests,
    writes: after.writes.length - before.writes.length,
    deployments: after.deployments.length - before.deployments.length,
  };
}

async function replay(
  label: string,
  stack: PeerStack,
  runs: Array<[string, (api: PeerApi, state: PeerState) => Promise<unknown>]>,
  sharedKey: string,
): Promise<PeerRow[]> {
  const emulator = await startEmulator({ rateLimits: false });
  emulator.seed.repo("acme/fleet", { defaultBranch: "main" });
  // Paced to Railway Hobby's 10 requests per second; the provider itself does not pace (see its README).
  const api = peerApi(emulator.url, emulator.defaults.accountToken, { perSecond: 10 });
  const rows: PeerRow[] = [];
  try {
    let before = emulator.metrics();
    let state = await terraformFirstApply(api, stack);
    rows.push({ stack: label, scenario: "first up", ...change(before, emulator.metrics()) });
    for (const [scenario, run] of runs) {
      before = emulator.metrics();
      const result = await run(api, state);
      if (result && typeof result === "object" && "state" in result)
        state = (result as { state: PeerState }).state;
      rows.push({ stack: label, scenario, ...change(before, emulator.metrics()) });
    }
    before = emulator.metrics();
    await terraformSharedVariableChange(api, state, sharedKey, "changed");
    rows.push({
      stack: label,
      scenario: "one shared variable changed",
      ...change(before, emulator.metrics()),
    });
  } finally {
    await emulator.close();
  }
  return rows;
}

export async function peerRows(sizes: number[]): Promise<PeerRow[]> {
  const rows: PeerRow[] = [];
  rows.push(
    ...(await replay(
      "omnidoc",
      omnidocStack(),
      [
        ["no-op refresh", (api, state) => terraformRefresh(api, state)],
        ["no-op preview", (api, state) => terraformNoOpPlan(api, state)],
        ["no-op up", (api, state) => terraformApply(api, state, state.stack)],
      ],
      "LOG_LEVEL",
    )),
  );
  for (const size of sizes) {
    rows.push(
      ...(await replay(
        `fleet N=${size}`,
        fleetStack(size),
        [
          ["no-op refresh", (api, state) => terraformRefresh(api, state)],
          ["no-op up", (api, state) => terraformApply(api, state, state.stack)],
        ],
        "SHARED_0",
      )),
    );
  }
  return rows;
}
