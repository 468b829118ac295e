/**
 * `npm run local -- --real`: the emulator runs the stack's deployments as real processes on this machine
 * (examples/omnidoc-app for the stack's repository, Debian's redis-server for the Redis image), and this
 * shows a person where to send a request and where each service's logs are.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parse } from "yaml";
import { type Emulator, startEmulator } from "../emulator/index.ts";
import { realProcessSupport } from "../emulator/processes/system-support.ts";

const APP = resolve(import.meta.dirname, "../examples/omnidoc-app");

/** A setting of Pulumi.prod.yaml, which `npm run local` tells a person to copy for the local stack. */
export function prodSetting(directory: string, key: string, fallback: string): string {
  const file = join(directory, "Pulumi.prod.yaml");
  const config = existsSync(file)
    ? ((parse(readFileSync(file, "utf8")) as { config?: Record<string, unknown> }).config ?? {})
    : {};
  const value = config[`omnidoc:${key}`];
  return typeof value === "string" ? value : fallback;
}

/** The emulator with the stack's repository (omnidoc:repo) mapped to the sample app. */
export async function startRealEmulator(port: number, directory: string): Promise<Emulator> {
  const support = realProcessSupport();
  if (!support.ok) throw new Error(`--real cannot run here: ${support.reason}`);
  return startEmulator({
    port,
    clock: { mode: "realtime" },
    realDeployments: { repos: { [prodSetting(directory, "repo", "omnidoc-app/omnidoc")]: APP } },
  });
}

/**
 * Streams every process's lines here (prefixed with its service) and into <logsDir>/<service>.log, and
 * says how to reach the API once a deployment of it listens.
 */
export function watchProcesses(
  emulator: Emulator,
  logsDir: string,
  apiService: string,
  quiet: boolean,
): void {
  mkdirSync(logsDir, { recursive: true });
  emulator.processes.onLine((line) => {
    appendFileSync(join(logsDir, `${line.serviceName}.log`), `${line.message}\n`);
    if (!quiet) console.log(`[${line.serviceName}] ${line.message}`);
  });
  const announced = new Set<string>();
  const timer = setInterval(() => {
    for (const process of emulator.processes.list()) {
      if (process.status !== "SUCCESS" || announced.has(process.deploymentId)) continue;
      announced.add(process.deploymentId);
      const base = `http://127.0.0.1:${process.port}`;
      const reach =
        process.serviceName === apiService
          ? `\n  send a request:  curl -X POST ${base}/projects/demo/generate\n  its progress:    curl ${base}/tasks/<task_id from the answer>`
          : "";
      console.log(
        `\n==> ${process.serviceName} is running (pid ${process.pid}, ${process.privateDomain} → 127.0.0.1:${process.port})${reach}\n  its logs:        tail -f ${join(logsDir, `${process.serviceName}.log`)}\n`,
      );
    }
  }, 500);
  timer.unref();
}
