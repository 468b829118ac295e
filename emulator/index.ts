import { VirtualClock } from "./control/clock.ts";
import { FaultBook } from "./control/faults.ts";
import { LatencyTable } from "./control/latency.ts";
import { MetricsRecorder } from "./control/metrics.ts";
import { RateLimiter } from "./control/rate-limiter.ts";
import { seedExternalRedis, seedProjectToken, seedRepo, seedUser, seedWorkspace } from "./model/seed.ts";
import { worldFromJson, worldToJson } from "./model/snapshot.ts";
import { World } from "./model/world.ts";
import { ProcessSupervisor } from "./processes/supervisor.ts";
import { simulateRequest } from "./runtime/simulate-request.ts";
import { type EmulatorCore, runAsDashboard } from "./server/core.ts";
import { ADMIN_PATH, GRAPHQL_PATH, listen } from "./server/http-server.ts";
import type { Emulator, EmulatorOptions } from "./types.ts";

export type {
  ClockOptions,
  Emulator,
  EmulatorOptions,
  Fault,
  FaultKind,
  GraphQLResponseBody,
  Metrics,
  ProcessLogLine,
  RateLimitOptions,
  RealDeploymentOptions,
  RepoProfile,
  RunningProcess,
  SimulatedRequest,
  SimulateRequestInput,
} from "./types.ts";

/**
 * Hobby plan budgets and Cloudflare's edge limit (docs/railway-api-notes.md, "Rate limits", "Endpoint and the
 * source tag").
 */
export const HOBBY_RATE_LIMITS = { perHour: 1000, perSecond: 10, edgePerSecond: 10 } as const;

/** Starts a local Railway API on 127.0.0.1 that executes against Railway's real schema. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const restored = options.world ? restoredClockStart(options.world) : undefined;
  const clockOptions = options.clock ?? { mode: "perRequest", stepMs: 5000 };
  // A restored world goes on from its own time, so every timestamp stays after the ones it holds.
  const clock = new VirtualClock(restored ? { ...clockOptions, startAt: restored } : clockOptions);
  const world = new World(clock, new MetricsRecorder());
  const supervisor = options.realDeployments ? new ProcessSupervisor(world, options.realDeployments) : null;
  world.realRuntime = supervisor;
  const limits = options.rateLimits === undefined ? HOBBY_RATE_LIMITS : options.rateLimits;
  const core: EmulatorCore = {
    world,
    faults: new FaultBook(),
    latency: new LatencyTable(),
    rateLimiter: limits === false ? null : new RateLimiter(limits),
    heldSockets: new Set(),
  };
  let defaults = { userId: "", accountToken: "", workspaceId: "" };
  if (options.world) {
    defaults = worldFromJson(world, options.world).defaults;
  } else if (options.seedDefaults !== false) {
    const user = seedUser(world, "dev@example.com");
    const workspace = seedWorkspace(world, "Personal", user.userId);
    defaults = { userId: user.userId, accountToken: user.accountToken, workspaceId: workspace.workspaceId };
  }
  let emulator: Emulator | undefined;
  const running = await listen(
    core,
    () => {
      if (!emulator) throw new Error("emulator not ready");
      return emulator;
    },
    options.port ?? 0,
  ).catch(async (error: unknown) => {
    await supervisor?.close();
    throw error;
  });
  const base = `http://127.0.0.1:${running.port}`;
  emulator = {
    url: `${base}${GRAPHQL_PATH}`,
    adminUrl: `${base}${ADMIN_PATH}`,
    defaults,
    close: async () => {
      // Every process it started stops before the API goes away.
      await supervisor?.close();
      await running.close();
    },
    seed: {
      user: (email) => seedUser(world, email),
      workspace: (name, ownerUserId) => seedWorkspace(world, name, ownerUserId),
      projectToken: (projectId, environmentId) => seedProjectToken(world, projectId, environmentId),
      repo: (fullName, profile) => seedRepo(world, fullName, profile),
      externalRedis: (host, redisOptions) => seedExternalRedis(world, host, redisOptions),
    },
    faults: {
      inject: (fault) => core.faults.inject(fault),
      clear: () => core.faults.clear(),
    },
    latency: (ms, field) => core.latency.set(ms, field),
    clock: {
      now: () => clock.now(),
      advance: (ms) => clock.advance(ms),
    },
    metrics: () => world.metrics.snapshot(),
    resetMetrics: () => world.metrics.reset(),
    exportWorld: () => worldToJson(world, defaults),
    dashboard: (query, variables) => runAsDashboard(core, query, variables),
    simulateRequest: (input) => simulateRequest(world, input),
    processes: {
      list: () => supervisor?.list() ?? [],
      onLine: (listener) => supervisor?.onLine(listener) ?? (() => {}),
    },
  };
  return emulator;
}

function restoredClockStart(text: string): number {
  const { now } = JSON.parse(text) as { now?: unknown };
  if (typeof now !== "number") throw new Error("world snapshot has no clock time");
  return now + 1000;
}
