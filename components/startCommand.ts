/**
 * Start commands as Railway runs them. For Dockerfile and image builds the start command replaces the
 * image's ENTRYPOINT in exec form, so `$VAR` is passed literally, not expanded (gotcha 16); a command that
 * uses variables is wrapped in `/bin/sh -c '…'` so the shell expands them.
 */

const SHELL_WRAPPED = /^(\/bin\/)?(ba)?sh\s+-c\s/;

export function usesVariables(command: string): boolean {
  return /\$\{?[A-Za-z_][A-Za-z0-9_]*/.test(command);
}

/** Wraps a command for exec-form builds when it needs a shell; leaves it alone otherwise. */
export function execFormSafe(command: string, execForm: boolean): string {
  if (!execForm || !usesVariables(command) || SHELL_WRAPPED.test(command.trim())) return command;
  return `/bin/sh -c '${`exec ${command}`.replaceAll("'", "'\\''")}'`;
}

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
