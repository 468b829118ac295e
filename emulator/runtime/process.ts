import type { BrokerAddress, EnvironmentRecord, RelativeLine } from "../model/records.ts";
import type { ResolvedRepoProfile } from "../model/repos.ts";
import type { World } from "../model/world.ts";

/** What a container's process is given: its environment and where it runs. */
export interface ProcessContext {
  world: World;
  environment: EnvironmentRecord;
  env: Record<string, string>;
  /** The repo's app profile; null for image sources. */
  profile: ResolvedRepoProfile | null;
  containerStart: number;
  /** Container hostname (a 12-hex container id), as Celery prints it. */
  hostname: string;
}

export interface HttpListener {
  host: string;
  port: number;
  paths: string[];
}

/** What the process does once started: its output, whether it exits, what it serves. */
export interface ProcessProgram {
  lines: RelativeLine[];
  exits: boolean;
  http: HttpListener | null;
  celeryBroker: BrokerAddress | null;
  redis: { port: number; password: string | null } | null;
}

export function idleProgram(lines: RelativeLine[] = []): ProcessProgram {
  return { lines, exits: false, http: null, celeryBroker: null, redis: null };
}

export function crashProgram(lines: RelativeLine[]): ProcessProgram {
  return { lines, exits: true, http: null, celeryBroker: null, redis: null };
}

export function info(offset: number, message: string): RelativeLine {
  return { offset, message, severity: "info" };
}

export function error(offset: number, message: string): RelativeLine {
  return { offset, message, severity: "error" };
}

/** The port Railway gives the container: the PORT variable, else 8080. */
export function containerPort(env: Record<string, string>): number {
  const port = Number.parseInt(env.PORT ?? "", 10);
  return Number.isNaN(port) ? 8080 : port;
}
