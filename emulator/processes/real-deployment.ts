import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { numberAt, stringAt } from "../model/json.ts";
import type { DeploymentRecord, DeploymentStatus, LogLine } from "../model/records.ts";
import type { World } from "../model/world.ts";
import { DEFAULT_HEALTHCHECK_TIMEOUT_S } from "../runtime/healthcheck.ts";
import { ContainerProcess, type ProcessExit } from "./container-process.ts";
import { type LaunchPlan, planLaunch, type RealSource } from "./launch-plan.ts";
import type { CapturedLine } from "./log-capture.ts";
import { acceptsConnections, freeLoopbackPort, httpStatus } from "./loopback.ts";
import type { OrphanGuard } from "./orphan-guard.ts";
import type { PrivateNetwork } from "./private-network.ts";

// One deployment run as a real process, its status following what the process does (Railway's lifecycle):
// BUILDING → DEPLOYING (process started) → SUCCESS once its healthcheck answers 200 (or, without one, once
// it runs; a redis image once its port accepts connections) → CRASHED when it exits on its own, restarted
// by the restart policy (default ON_FAILURE, 10 times). A healthcheck that never passes, or a process that
// exits before it does, is FAILED.

const RESTART_BACKOFF_MS = [1000, 2000, 4000, 8000, 10_000];
const READY_TIMEOUT_MS = 30_000;

export interface RuntimeEnvironment {
  world: World;
  network: PrivateNetwork;
  guard: OrphanGuard;
  runDir: string;
  pythonDir: string;
  redisShimDir: string;
  redisServer: string;
  stopGraceMs: number;
  onLine(deployment: DeploymentRecord, line: LogLine): void;
}

export class RealDeployment {
  readonly deployment: DeploymentRecord;
  readonly #source: RealSource;
  readonly #runtime: RuntimeEnvironment;
  #process: ContainerProcess | null = null;
  #launch: Extract<LaunchPlan, { ok: true }> | null = null;
  #stopped = false;
  #restarts = 0;
  #restartTimer: NodeJS.Timeout | null = null;

  constructor(deployment: DeploymentRecord, source: RealSource, runtime: RuntimeEnvironment) {
    this.deployment = deployment;
    this.#source = source;
    this.#runtime = runtime;
  }

  /** Whether it is over: stopped by the emulator, or ended for good on its own. */
  get finished(): boolean {
    return this.#stopped;
  }

  get pid(): number | null {
    return this.#process?.running ? this.#process.pid : null;
  }

  get port(): number | null {
    return this.#launch?.route.target ?? null;
  }

  async begin(): Promise<void> {
    const { world } = this.#runtime;
    this.#status("BUILDING");
    const dataDir = join(this.#runtime.runDir, "deployments", this.deployment.id);
    mkdirSync(dataDir, { recursive: true });
    const launch = planLaunch(this.deployment, this.#source, {
      listenPort: await freeLoopbackPort(),
      networkFile: this.#runtime.network.fileFor(this.deployment.environmentId),
      dataDir,
      pythonDir: this.#runtime.pythonDir,
      redisShimDir: this.#runtime.redisShimDir,
      redisServer: this.#runtime.redisServer,
    });
    for (const message of launch.buildLines) this.deployment.plan.buildLogs.push(this.#line(message));
    if (this.#stopped) return;
    if (!launch.ok) {
      this.deployment.plan.buildLogs.push(this.#line("Build failed", "error"));
      this.#end("FAILED");
      return;
    }
    this.#launch = launch;
    this.#status("DEPLOYING");
    this.#spawn();
    const path = stringAt(this.deployment.snapshot.deploy, "healthcheckPath");
    const up = path ? await this.#healthcheck(path) : await this.#ready();
    if (this.#stopped || !up) return;
    this.#status("SUCCESS");
    this.deployment.plan.successAt = world.now();
    this.#runtime.network.set(this.deployment.environmentId, this.#privateDomain(), launch.route);
  }

  /** Stops the process for good (a newer deployment, a removal, the emulator closing). */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#restartTimer) clearTimeout(this.#restartTimer);
    const running = this.#process;
    if (running?.running) await running.stop(this.#runtime.stopGraceMs);
  }

  /** deploymentRestart: the same process again, no rebuild. */
  async restart(): Promise<void> {
    if (!this.#launch || this.#stopped) return;
    if (this.#restartTimer) clearTimeout(this.#restartTimer);
    const running = this.#process;
    this.#process = null;
    if (running?.running) await running.stop(this.#runtime.stopGraceMs);
    this.#spawn();
    this.#status("SUCCESS");
  }

  #spawn(): void {
    const launch = this.#launch;
    if (!launch) return;
    this.deployment.extraDeployLogs.push(this.#line("Starting Container"));
    const child = new ContainerProcess(launch, (line) => this.#log(line));
    this.#process = child;
    if (child.pid > 0) this.#runtime.guard.add(child.pid);
    void child.exited.then((exit) => {
      if (child.pid > 0) this.#runtime.guard.remove(child.pid);
      if (this.#process === child) this.#exited(exit);
    });
  }

  #exited(exit: ProcessExit): void {
    if (exit.stopped || this.#stopped) return;
    const deploy = this.deployment.snapshot.deploy;
    const policy = stringAt(deploy, "restartPolicyType") ?? "ON_FAILURE";
    const maxRetries = numberAt(deploy, "restartPolicyMaxRetries") ?? 10;
    const failed = exit.code !== 0;
    if (this.deployment.plan.successAt === null) {
      // Exited before it was up: the deployment fails, as a failed healthcheck does.
      this.#end("FAILED");
      return;
    }
    const restarts = policy === "ALWAYS" || (policy === "ON_FAILURE" && failed);
    if (!failed && !restarts) {
      // Exit code 0 without ALWAYS: Railway leaves the deployment SUCCESS, with nothing running.
      this.#end(null);
      return;
    }
    if (!restarts || this.#restarts >= maxRetries) {
      this.#end("CRASHED");
      return;
    }
    this.#status("CRASHED");
    const delay = RESTART_BACKOFF_MS[Math.min(this.#restarts, RESTART_BACKOFF_MS.length - 1)] ?? 10_000;
    this.#restarts += 1;
    this.#restartTimer = setTimeout(() => {
      this.#restartTimer = null;
      if (this.#stopped) return;
      this.#spawn();
      this.#status("SUCCESS");
    }, delay);
  }

  /** Railway's healthcheck: GET <path> on $PORT until 200, with backoff, within healthcheckTimeout. */
  async #healthcheck(path: string): Promise<boolean> {
    const timeoutS =
      numberAt(this.deployment.snapshot.deploy, "healthcheckTimeout") ?? DEFAULT_HEALTHCHECK_TIMEOUT_S;
    const logs = this.deployment.plan.buildLogs;
    logs.push(
      ...["====================", "Starting Healthcheck", "====================", `Path: ${path}`].map((m) =>
        this.#line(m),
      ),
      this.#line(`Retry window: ${timeoutS}s`),
    );
    const deadline = Date.now() + timeoutS * 1000;
    let wait = 250;
    for (let attempt = 1; ; attempt++) {
      await sleep(wait);
      if (this.#stopped || !this.#process?.running) {
        if (!this.#stopped) logs.push(this.#line("Healthcheck failed: the process exited", "error"));
        return false;
      }
      const status = await httpStatus(this.#launch?.route.target ?? 0, path);
      if (status === 200) {
        logs.push(this.#line("[1/1] Healthcheck succeeded!"));
        return true;
      }
      const left = Math.round((deadline - Date.now()) / 1000);
      if (left <= 0) {
        logs.push(
          this.#line("1/1 replicas never became healthy!", "error"),
          this.#line("Healthcheck failed!", "error"),
        );
        await this.#process?.stop(this.#runtime.stopGraceMs);
        this.#end("FAILED");
        return false;
      }
      const reason = status === null ? "service unavailable" : `status ${status}`;
      logs.push(this.#line(`Attempt #${attempt} failed with ${reason}. Continuing to retry for ${left}s`));
      wait = Math.min(wait * 2, 10_000, Math.max(0, deadline - Date.now()));
    }
  }

  /** Without a healthcheck: up once started, or, for a server, once its port accepts connections. */
  async #ready(): Promise<boolean> {
    if (this.#launch?.readiness !== "port") return this.#process?.running ?? false;
    const deadline = Date.now() + READY_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if (this.#stopped || !this.#process?.running) return false;
      if (await acceptsConnections(this.#launch.route.target)) return true;
      await sleep(100);
    }
    return this.#process?.running ?? false;
  }

  #end(status: DeploymentStatus | null): void {
    this.#stopped = true;
    if (status) this.#status(status);
    this.deployment.plan.stopAt = this.#runtime.world.now();
  }

  #status(status: DeploymentStatus): void {
    this.deployment.plan.statuses.push({ at: this.#runtime.world.now(), status });
  }

  #privateDomain(): string {
    return (
      this.deployment.snapshot.variables.RAILWAY_PRIVATE_DOMAIN ??
      `${this.deployment.serviceName.toLowerCase()}.railway.internal`
    );
  }

  #log(captured: CapturedLine): void {
    const line: LogLine = { ...this.#line(captured.message, captured.severity) };
    if (captured.attributes && Object.keys(captured.attributes).length > 0)
      line.attributes = captured.attributes;
    this.deployment.extraDeployLogs.push(line);
    this.#runtime.onLine(this.deployment, line);
  }

  #line(message: string, severity: LogLine["severity"] = "info"): LogLine {
    return { at: this.#runtime.world.now(), message, severity };
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
