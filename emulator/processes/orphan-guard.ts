import { type ChildProcess, spawn } from "node:child_process";
import { writeFileSync } from "node:fs";

// Processes of real deployments run in their own process groups (so a stop reaches Celery's pool
// children too). If the emulator's process dies without closing it (a killed test worker), nothing would
// stop them; this watchdog, a detached shell, kills every group still listed once that process is gone.

const WATCHDOG = `
while kill -0 "$1" 2>/dev/null; do sleep 1; done
# dash: a negative pid after -9 is a process group; it takes no "--".
[ -f "$2" ] && for group in $(cat "$2"); do kill -9 "-$group" 2>/dev/null; done
rm -rf -- "$3"
`;

export class OrphanGuard {
  readonly #file: string;
  readonly #groups = new Set<number>();
  readonly #watchdog: ChildProcess;

  constructor(groupsFile: string, runDir: string) {
    this.#file = groupsFile;
    writeFileSync(groupsFile, "");
    this.#watchdog = spawn(
      "/bin/sh",
      ["-c", WATCHDOG, "orphan-guard", String(process.pid), groupsFile, runDir],
      {
        detached: true,
        stdio: "ignore",
      },
    );
    this.#watchdog.unref();
    // A normal exit without close() still stops everything, synchronously.
    process.once("exit", this.#killAll);
  }

  add(group: number): void {
    this.#groups.add(group);
    this.#save();
  }

  remove(group: number): void {
    this.#groups.delete(group);
    this.#save();
  }

  /** Stops the watchdog once the emulator has stopped every process itself. */
  close(): void {
    process.removeListener("exit", this.#killAll);
    this.#watchdog.kill("SIGKILL");
  }

  readonly #killAll = () => {
    for (const group of this.#groups) {
      try {
        process.kill(-group, "SIGKILL");
      } catch {
        // Already gone.
      }
    }
  };

  #save(): void {
    writeFileSync(this.#file, [...this.#groups].join("\n"));
  }
}
