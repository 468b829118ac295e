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
