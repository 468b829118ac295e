import { type ChildProcess, spawn } from "node:child_process";
import { type CapturedLine, lineSplitter, railwayLogLine } from "./log-capture.ts";

// One run of a container's process: started in its own process group (so stopping it reaches every
// child, such as Celery's pool), its stdout and stderr turned into log lines, stopped as Railway stops a
// container: SIGTERM to the group, SIGKILL after a grace period.

export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** True when the emulator stopped it (a redeploy, a removal, close), not the process itself. */
  stopped: boolean;
}

export interface ProcessSpec {
  argv: string[];
  cwd: string;
  env: Record<string, string>;
}

export class ContainerProcess {
  readonly pid: number;
  readonly exited: Promise<ProcessExit>;
  readonly #child: ChildProcess;
  #stopping = false;
  #done = false;

  constructor(spec: ProcessSpec, onLine: (line: CapturedLine) => void) {
    const [file, ...args] = spec.argv;
    this.#child = spawn(file ?? "", args, {
      cwd: spec.cwd,
      env: spec.env,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.pid = this.#child.pid ?? -1;
    for (const stream of ["stdout", "stderr"] as const) {
      const splitter = lineSplitter((text) => onLine(railwayLogLine(text, stream)));
      this.#child[stream]?.on("data", (chunk: Buffer) => splitter.push(chunk));
      this.#child[stream]?.on("end", () => splitter.end());
    }
    this.exited = new Promise((resolve) => {
      // A command that cannot be started (ENOENT) is what a container reports as its first error line.
      this.#child.once("error", (error: NodeJS.ErrnoException) => {
        if (this.#done) return;
        onLine({ message: startError(file ?? "", error), severity: "error" });
        this.#done = true;
        resolve({ code: 127, signal: null, stopped: this.#stopping });
      });
      this.#child.once("close", (code, signal) => {
        if (this.#done) return;
        this.#done = true;
        resolve({ code, signal, stopped: this.#stopping });
      });
    });
  }

  get running(): boolean {
    return !this.#done;
  }

  /** SIGTERM to the whole group, SIGKILL after `graceMs`; resolves when it has exited. */
  async stop(graceMs: number): Promise<ProcessExit> {
    if (this.#done) return this.exited;
    this.#stopping = true;
    this.#signal("SIGTERM");
    const timer = setTimeout(() => this.#signal("SIGKILL"), graceMs);
    const exit = await this.exited;
    clearTimeout(timer);
    // Children that ignored the group's SIGTERM and outlived the leader go too.
    this.#signal("SIGKILL");
    return exit;
  }

  #signal(signal: NodeJS.Signals): void {
    if (this.pid <= 0) return;
    try {
      process.kill(-this.pid, signal);
    } catch {
      // The group is gone already.
    }
  }
}

/** The error a container runtime reports when the command cannot be run. */
function startError(file: string, error: NodeJS.ErrnoException): string {
  if (error.code === "ENOENT")
    return `The executable \`${file}\` could not be found. Check the start command and that it is installed in the image.`;
  return `${file}: ${error.message}`;
}
