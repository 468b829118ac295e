import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

// Railway's private network, one per environment (<service>.railway.internal), as files the emulator's
// Python shim (python/sitecustomize.py) reads at each lookup: host → the port the service listens on in its
// container, and the loopback port its running deployment really listens on here.

export interface Route {
  /** The port clients use with the private domain (6379 for Redis, $PORT for a web app). */
  port: number;
  /** The 127.0.0.1 port the process listens on. */
  target: number;
}

export class PrivateNetwork {
  readonly #dir: string;
  readonly #routes = new Map<string, Map<string, Route>>();

  constructor(dir: string) {
    this.#dir = dir;
    mkdirSync(dir, { recursive: true });
  }

  /** The table's path for one environment, written (empty) on first use. */
  fileFor(environmentId: string): string {
    if (!this.#routes.has(environmentId)) {
      this.#routes.set(environmentId, new Map());
      this.#write(environmentId);
    }
    return join(this.#dir, `${environmentId}.json`);
  }

  set(environmentId: string, host: string, route: Route): void {
    this.fileFor(environmentId);
    this.#routes.get(environmentId)?.set(host.toLowerCase(), route);
    this.#write(environmentId);
  }

  /** Forgets the names of services that no longer exist in the environment. */
  keepOnly(environmentId: string, hosts: ReadonlySet<string>): void {
    const table = this.#routes.get(environmentId);
    if (!table) return;
    const stale = [...table.keys()].filter((host) => !hosts.has(host));
    for (const host of stale) table.delete(host);
    if (stale.length > 0) this.#write(environmentId);
  }

  environments(): string[] {
    return [...this.#routes.keys()];
  }

  drop(environmentId: string): void {
    this.#routes.delete(environmentId);
    rmSync(join(this.#dir, `${environmentId}.json`), { force: true });
  }

  #write(environmentId: string): void {
    const table = Object.fromEntries(this.#routes.get(environmentId) ?? []);
    const path = join(this.#dir, `${environmentId}.json`);
    // Readers never see half a file: write aside, then rename over.
    writeFileSync(`${path}.tmp`, JSON.stringify(table));
    renameSync(`${path}.tmp`, path);
  }
}
