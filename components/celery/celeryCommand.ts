/** The start commands of Celery's processes, built from what a `CeleryApp` declares. */

export interface CeleryWorkerCommand {
  /** Celery app module, e.g. `src.tasks.celery_app`. */
  app: string;
  concurrency: number;
  loglevel?: string;
  queues?: readonly string[];
}

/** `celery -A <app> worker --loglevel=info --concurrency=N [-Q a,b]` */
export function celeryWorkerCommand(worker: CeleryWorkerCommand): string {
  const queues = worker.queues && worker.queues.length > 0 ? ` -Q ${worker.queues.join(",")}` : "";
  return `celery -A ${worker.app} worker --loglevel=${worker.loglevel ?? "info"} --concurrency=${worker.concurrency}${queues}`;
}

/** `celery -A <app> beat --loglevel=info` */
export function celeryBeatCommand(app: string, loglevel = "info"): string {
  return `celery -A ${app} beat --loglevel=${loglevel}`;
}

/**
 * Celery's global options that take a value, which come before the subcommand (Celery 5's
 * `celery --help`: -A/--app, -b/--broker, --result-backend, --loader, --config, --workdir).
 */
const GLOBAL_OPTIONS_WITH_VALUE = new Set([
  "-A",
  "--app",
  "-b",
  "--broker",
  "--result-backend",
  "--loader",
  "--config",
  "--workdir",
]);

/**
 * The Celery invocation in a start command: its subcommand (`worker`, `beat`, …) and its `-A` app, read
 * past the other global options (`celery -b redis://… -A app worker`), through `python -m celery`,
 * a path (`/venv/bin/celery`) and `sh -c "exec celery …"`. Undefined when the command runs no Celery.
 */
export function celeryInvocation(command: string): { subcommand: string; app?: string } | undefined {
  const tokens = command.replace(/["']/g, " ").split(/\s+/).filter(Boolean);
  for (let start = 0; start < tokens.length; start += 1) {
    const program = tokens[start] ?? "";
    if (program !== "celery" && !program.endsWith("/celery")) continue;
    let app: string | undefined;
    let index = start + 1;
    for (; index < tokens.length; index += 1) {
      const token = tokens[index] ?? "";
      if (GLOBAL_OPTIONS_WITH_VALUE.has(token)) {
        if (token === "-A" || token === "--app") app = tokens[index + 1];
        index += 1;
      } else if (token.startsWith("--app=")) app = token.slice("--app=".length);
      else if (/^-A./.test(token)) app = token.slice(2);
      else if (!token.startsWith("-")) break;
    }
    const subcommand = tokens[index];
    if (subcommand && /^[a-z]+$/.test(subcommand))
      return app === undefined ? { subcommand } : { subcommand, app };
  }
  return undefined;
}

/** Whether a start command runs a Celery worker, for the given app when one is named (doctor, policy). */
export function runsCeleryWorker(command: string | undefined, app?: string): boolean {
  const invocation = command ? celeryInvocation(command) : undefined;
  if (invocation?.subcommand !== "worker") return false;
  return app === undefined || invocation.app === app;
}

/** Celery's log levels, most verbose first. */
const LOG_LEVELS = ["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL", "FATAL"];

/** The `--loglevel` / `-l` value a worker start command gives, as written; undefined when it gives none. */
export function workerLogLevelOption(command: string): string | undefined {
  const tokens = command.replace(/["']/g, " ").split(/\s+/).filter(Boolean);
  const worker = tokens.indexOf("worker");
  const options = worker >= 0 ? tokens.slice(worker + 1) : [];
  let level: string | undefined;
  for (let index = 0; index < options.length; index += 1) {
    const option = options[index] ?? "";
    if (option === "--loglevel" || option === "-l") level = options[index + 1];
    else if (option.startsWith("--loglevel=")) level = option.slice("--loglevel=".length);
    else if (/^-l[A-Za-z]+$/.test(option)) level = option.slice(2);
  }
  return level;
}

/**
 * The log level a worker start command runs at, upper case: its `--loglevel` / `-l` value, else
 * WARNING, Celery's default when none is given (Celery 5's `celery worker --help`: "-l, --loglevel
 * [DEBUG|INFO|WARNING|ERROR|CRITICAL|FATAL] … [default: WARNING]"). Reads the options after `worker`,
 * also inside `sh -c "exec celery …"`.
 */
export function workerLogLevel(command: string): string {
  return (workerLogLevelOption(command) ?? "WARNING").toUpperCase();
}

/** The command with `--loglevel=info` in place of its log level option, or added after `worker`. */
export function withInfoLogLevel(command: string): string {
  const option = /(^|\s)(--loglevel=\S+|--loglevel\s+[A-Za-z]+|-l\s+[A-Za-z]+|-l[A-Za-z]+)(?=\s|["']|$)/;
  return workerLogLevelOption(command) !== undefined && option.test(command)
    ? command.replace(option, "$1--loglevel=info")
    : command.replace(/\bworker\b/, "worker --loglevel=info");
}

/**
 * Whether a worker start command logs less than INFO, so Celery never prints `Connected to redis://…`
 * and `celery@… ready.` (both INFO lines), which `up` and the doctor read. An unknown level counts too.
 */
export function logsBelowInfo(command: string): boolean {
  const level = workerLogLevel(command);
  return !LOG_LEVELS.includes(level) || LOG_LEVELS.indexOf(level) > LOG_LEVELS.indexOf("INFO");
}
