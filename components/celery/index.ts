/**
 * Celery's rules without Pulumi (`pulumi-railway-app/celery`): broker URLs, the worker's log lines, and
 * its start commands. Stack config and scripts judge Celery settings with these; `CeleryApp` builds on
 * them.
 */
export {
  brokerEndpoint,
  brokerHostOf,
  brokerUrlProblems,
  CELERY_BROKER_ENV,
  celeryBroker,
  isUpstashHost,
} from "./brokerUrl.ts";
export {
  type CeleryWorkerCommand,
  celeryBeatCommand,
  celeryWorkerCommand,
  logsBelowInfo,
  runsCeleryWorker,
  withInfoLogLevel,
  workerLogLevel,
  workerLogLevelOption,
} from "./celeryCommand.ts";
export {
  type BrokerConnection,
  brokerConnection,
  CONNECTED,
  KNOWN_ERRORS,
  type KnownError,
  knownErrors,
  READY,
  readyLine,
} from "./workerLogs.ts";
