import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { EngineJob, Operation, RunResult, Step } from "./engine.ts";
import { loadState, type StackState } from "./stateFile.ts";

const REPO = resolve(import.meta.dirname, "../..");

export interface TestStackOptions {
  project?: string;
  stack: string;
  /** Program entry, relative to the repository (default: the omnidoc stack, `index.ts`). */
  program?: string;
  /** Config without the project prefix for plain keys (`concurrency`), or fully qualified (`railway:token`). */
  config?: Record<string, string | { value: string; secret: true }>;
  /** Environment of the engine and provider-host processes (RAILWAY_API_URL, tokens, …). */
  env?: Record<string, string | undefined>;
  /** Shared with other stacks for StackReference; default: a fresh temporary folder. */
  stacksDir?: string;
  /** The program directory (the provider host's working directory); default: the repository. */
  programDir?: string;
}

/**
 * A Pulumi stack driven through the engine-faithful harness: each operation runs in a new process with a
 * fresh provider host, like a CLI invocation, and the state persists in a file between operations.
 */
export class TestStack {
  readonly project: string;
  readonly stack: string;
  readonly statePath: string;
  readonly stacksDir: string;
  private readonly program: string;
  private readonly programDir: string;
  private config: EngineJob["config"];
  private readonly env: Record<string, string | undefined>;
  static readonly passphrase = "harness-passphrase";

  constructor(options: TestStackOptions) {
    this.project = options.project ?? "omnidoc";
    this.stack = options.stack;
    this.program = options.program ?? "index.ts";
    this.programDir = options.programDir ?? REPO;
    this.stacksDir = options.stacksDir ?? mkdtempSync(join(tmpdir(), "omnidoc-stacks-"));
    mkdirSync(this.stacksDir, { recursive: true });
    this.statePath = join(this.stacksDir, `${this.stack}.json`);
    this.config = {};
    this.env = options.env ?? {};
    this.setConfig(options.config ?? {});
  }

  setConfig(config: Record<string, string | { value: string; secret: true }>): void {
    for (const [key, entry] of Object.entries(config)) {
      const qualified = key.includes(":") ? key : `${this.project}:${key}`;
      this.config[qualified] =
        typeof entry === "string" ? { value: entry } : { value: entry.value, secret: true };
    }
  }

  removeConfig(key: string): void {
    delete this.config[key.includes(":") ? key : `${this.project}:${key}`];
  }

  preview(options: { refresh?: boolean } = {}) {
    return this.run("preview", options.refresh);
  }
  up(options: { refresh?: boolean } = {}) {
    return this.run("up", options.refresh);
  }
  refresh() {
    return this.run("refresh");
  }
  destroy() {
    return this.run("destroy");
  }

  /** The state as the harness keeps it (secrets decrypted and tagged). */
  state(): StackState {
    return loadState(this.statePath, TestStack.passphrase);
  }

  /** The state file's raw text (secrets encrypted). */
  stateText(): string {
    return readFileSync(this.statePath, "utf8");
  }

  private async run(operation: Operation, refresh = false): Promise<RunResult> {
    const work = mkdtempSync(join(tmpdir(), "omnidoc-run-"));
    const job: EngineJob = {
      operation,
      refresh,
      programPath: resolve(this.programDir, this.program),
      programDir: this.programDir,
      project: this.project,
      stack: this.stack,
      config: this.config,
      statePath: this.statePath,
      stacksDir: this.stacksDir,
      passphrase: TestStack.passphrase,
    };
    writeFileSync(join(work, "job.json"), JSON.stringify(job));
    const resultPath = join(work, "result.json");
    const { code, output } = await new Promise<{ code: number | null; output: string }>((done) => {
      const child = spawn(
        process.execPath,
        [join(REPO, "test/engine/cli.ts"), join(work, "job.json"), resultPath],
        {
          cwd: this.programDir,
          env: { ...inheritedEnv(), ...this.env },
          stdio: ["ignore", "pipe", "pipe"],
        },
      );
      let text = "";
      child.stdout.on("data", (chunk: Buffer) => {
        text += chunk.toString();
      });
      child.stderr.on("data", (chunk: Buffer) => {
        text += chunk.toString();
      });
      child.on("close", (exitCode) => done({ code: exitCode, output: text }));
    });
    try {
      return JSON.parse(readFileSync(resultPath, "utf8")) as RunResult;
    } catch {
      throw new Error(`engine run "${operation}" exited with ${code} and no result:\n${output}`);
    }
  }
}

/**
 * The test process's environment minus anything Railway: a stack sees only the tokens a test gives it, as a
 * CI runner sees only its secrets.
 */
function inheritedEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith("RAILWAY_")));
}

/** Steps of one kind of operation, by resource name. */
export function stepsWith(result: RunResult, op: Step["op"]): string[] {
  return result.steps
    .filter((step) => step.op === op)
    .map((step) => step.name)
    .sort();
}
