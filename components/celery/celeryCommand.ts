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

/** Whether a start command runs a Celery worker for the given app (doctor and validation). */
export function runsCeleryWorker(command: string | undefined, app?: string): boolean {
  if (!command) return false;
  const match = /celery\s+(?:-A\s+|--app[ =])(\S+)\s+worker\b/.exec(command);
  if (!match) return false;
  return app === undefined || match[1] === app;
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
