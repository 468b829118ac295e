import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { statusAt } from "../model/deployment-status.ts";
import type { DeploymentRecord, DeploySnapshot, LogLine } from "../model/records.ts";
import type { RealRuntime, World } from "../model/world.ts";
import type { ProcessLogLine, RealDeploymentOptions, RunningProcess } from "../types.ts";
import { realSourceOf } from "./launch-plan.ts";
import { OrphanGuard } from "./orphan-guard.ts";
import { PrivateNetwork } from "./private-network.ts";
import { RealDeployment } from "./real-deployment.ts";
import { findExecutable } from "./system-support.ts";

// Runs the deployments that EmulatorOptions.realDeployments claims as processes on this machine. A tick
// (every 100 ms) starts the ones created since (after what they wait for in their batch), and stops the
// ones Railway would stop: replaced by a newer SUCCESS, removed, cancelled, or whose service or environment
// was deleted. close() stops them all.

const TICK_MS = 100;
const SETTLED = new Set(["SUCCESS", "FAILED", "CRASHED", "REMOVED", "SKIPPED"]);

/** The redis image's redis-server: Debian's, bound to loopback and the assigned port, keeping nothing on disk. */
const REDIS_SHIM = `#!/bin/sh
exec "$OMNIDOC_EMULATOR_REDIS_SERVER" "$@" --bind 127.0.0.1 --port "$OMNIDOC_EMULATOR_LISTEN_PORT" --dir "$OMNIDOC_EMULATOR_DATA_DIR" --save "" --appendonly no
`;

export class ProcessSupervisor implements RealRuntime {
  readonly #world: World;
  readonly #repos: Readonly<Record<string, string>>;
  readonly #runs = new Map<string, RealDeployment>();
  readonly #never = new Set<string>();
  readonly #runDir: string;
  readonly #network: PrivateNetwork;
  readonly #guard: OrphanGuard;
  readonly #listeners = new Set<(line: ProcessLogLine) => void>();
  readonly #timer: NodeJS.Timeout;
  readonly #redisShimDir: string;
  readonly #redisServer: string;
  readonly #stopGraceMs: number;
  #closed = false;

  constructor(world: World, options: RealDeploymentOptions) {
    this.#world = world;
    this.#repos = options.repos;
    this.#stopGraceMs = (options.stopGraceSeconds ?? 5) * 1000;
    this.#runDir = mkdtempSync(join(tmpdir(), "omnidoc-emulator-"));
    this.#network = new PrivateNetwork(join(this.#runDir, "network"));
    this.#guard = new OrphanGuard(join(this.#runDir, "process-groups"), this.#runDir);
    this.#redisShimDir = join(this.#runDir, "bin");
    mkdirSync(this.#redisShimDir, { recursive: true });
    writeFileSync(join(this.#redisShimDir, "redis-server"), REDIS_SHIM);
    chmodSync(join(this.#redisShimDir, "redis-server"), 0o755);
    this.#redisServer = findExecutable("redis-server") ?? "/usr/bin/redis-server";
    this.#timer = setInterval(() => this.tick(), TICK_MS);
    this.#timer.unref();
  }

  claims(source: DeploySnapshot["source"]): boolean {
    return !this.#closed && realSourceOf(this.#repos, source) !== null;
  }

  restart(deployment: DeploymentRecord): boolean {
    const run = this.#runs.get(deployment.id);
    if (!run) return false;
    void run.restart();
    return true;
  }

  onLine(listener: (line: ProcessLogLine) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  list(): RunningProcess[] {
    const now = this.#world.now();
    return [...this.#runs.values()]
      .filter((run) => run.pid !== null)
      .map((run) => ({
        deploymentId: run.deployment.id,
        serviceName: run.deployment.serviceName,
        environmentId: run.deployment.environmentId,
        environmentName: run.deployment.environmentName,
        status: statusAt(this.#world, run.deployment, now).status,
        pid: run.pid ?? -1,
        port: run.port,
        privateDomain: run.deployment.snapshot.variables.RAILWAY_PRIVATE_DOMAIN ?? "",
      }));
  }

  tick(): void {
    if (this.#closed) return;
    const now = this.#world.now();
    for (const deployment of this.#world.deployments.values()) {
      if (!deployment.plan.real || this.#runs.has(deployment.id) || this.#never.has(deployment.id)) continue;
      if (this.#stopReason(deployment, now)) {
        this.#never.add(deployment.id);
        continue;
      }
      if (!this.#dependenciesSettled(deployment, now)) continue;
      const source = realSourceOf(this.#repos, deployment.snapshot.source);
      if (!source) continue;
      const run = new RealDeployment(deployment, source, this.#runtime());
      this.#runs.set(deployment.id, run);
      void run.begin();
    }
    for (const run of this.#runs.values()) {
      if (run.finished) continue;
      const reason = this.#stopReason(run.deployment, now);
      if (reason === "service deleted") run.deployment.removedAt ??= now;
      if (reason) void run.stop();
    }
    this.#pruneNetwork();
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#timer);
    await Promise.all([...this.#runs.values()].map((run) => run.stop()));
    this.#guard.close();
    rmSync(this.#runDir, { recursive: true, force: true });
  }

  /** Why Railway would have stopped this deployment's container by now, if it would. */
  #stopReason(deployment: DeploymentRecord, now: number): string | null {
    const world = this.#world;
    const environment = world.environments.get(deployment.environmentId);
    if (!world.deployments.has(deployment.id) || !environment) return "environment deleted";
    if (!environment.instances.has(deployment.serviceId)) return "service deleted";
    if (statusAt(world, deployment, now).status === "REMOVED") return "removed or replaced";
    return null;
  }

  /** A deployment in a batch waits until what it references has settled (Railway's reference order). */
  #dependenciesSettled(deployment: DeploymentRecord, now: number): boolean {
    return (deployment.plan.real?.waitFor ?? []).every((id) => {
      const other = this.#world.deployments.get(id);
      return !other || SETTLED.has(statusAt(this.#world, other, now).status);
    });
  }

  #pruneNetwork(): void {
    for (const environmentId of this.#network.environments()) {
      const environment = this.#world.environments.get(environmentId);
      if (!environment) {
        this.#network.drop(environmentId);
        continue;
      }
      const hosts = new Set(
        [...environment.instances.keys()].map(
          (serviceId) =>
            `${(this.#world.services.get(serviceId)?.name ?? "").toLowerCase()}.railway.internal`,
        ),
      );
      this.#network.keepOnly(environmentId, hosts);
    }
  }

  #runtime() {
    return {
      world: this.#world,
      network: this.#network,
      guard: this.#guard,
      runDir: this.#runDir,
      pythonDir: join(import.meta.dirname, "python"),
      redisShimDir: this.#redisShimDir,
      redisServer: this.#redisServer,
      stopGraceMs: this.#stopGraceMs,
      onLine: (deployment: DeploymentRecord, line: LogLine) => {
        for (const listener of this.#listeners) {
          listener({
            deploymentId: deployment.id,
            serviceName: deployment.serviceName,
            environmentName: deployment.environmentName,
            message: line.message,
            severity: line.severity,
          });
        }
      },
    };
  }
}
