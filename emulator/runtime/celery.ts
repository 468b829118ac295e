import {
  AMQP_FALLBACK,
  type BrokerUrl,
  maskBrokerUrl,
  parseBrokerUrl,
  reachBroker,
  SSL_CERT_REQS_ERROR,
} from "./broker.ts";
import { banner, connectRetries, record, rootWarning, TASK_NAME, usage } from "./celery-lines.ts";
import { crashProgram, error, type ProcessContext, type ProcessProgram } from "./process.ts";
import { optionValue } from "./start-command.ts";

// A Celery 5.2 worker (`celery -A <app> worker …`) running the omnidoc sample app (examples/omnidoc-app)
// on Railway: the app reads CELERY_BROKER_URL, else REDIS_URL, for its broker and its result backend;
// with neither, Celery falls back to local AMQP. Lines as test/fixtures/real-logs recorded them.

const GLOBAL_VALUE_OPTIONS = new Set([
  "-A",
  "--app",
  "-b",
  "--broker",
  "--result-backend",
  "--loader",
  "--config",
  "--workdir",
]);

export { TASK_NAME };

const WARNING_AT = 900;
const BANNER_AT = 1000;
const CONNECT_AT = 2000;

export function celeryProgram(args: readonly string[], ctx: ProcessContext): ProcessProgram {
  const globals: string[] = [];
  let i = 0;
  while (i < args.length && (args[i] ?? "").startsWith("-")) {
    const arg = args[i] ?? "";
    globals.push(arg);
    if (GLOBAL_VALUE_OPTIONS.has(arg)) globals.push(args[i + 1] ?? "");
    i += GLOBAL_VALUE_OPTIONS.has(arg) ? 2 : 1;
  }
  const command = args[i];
  const workerArgs = args.slice(i + 1);
  if (command !== "worker") {
    if (command !== undefined)
      return { lines: [], exits: false, http: null, celeryBroker: null, redis: null };
    return crashProgram(
      usage(BANNER_AT, "celery [OPTIONS] COMMAND [ARGS]...", "celery --help", ["Missing command."]),
    );
  }
  const app = optionValue(globals, ["--app", "-A"]);
  const expected = ctx.profile?.celeryApp;
  if (app !== undefined && expected !== undefined && normalizeApp(app) !== normalizeApp(expected)) {
    const module = app.split(":")[0] ?? app;
    return crashProgram(
      usage(BANNER_AT, "celery [OPTIONS] COMMAND [ARGS]...", "celery --help", [
        "Invalid value for '-A' / '--app': ",
        "Unable to load celery application.",
        `The module ${module} was not found.`,
      ]),
    );
  }
  if (workerArgs.some((a) => a === "-A" || a === "--app" || a.startsWith("--app="))) {
    return crashProgram([
      error(BANNER_AT, "You are using `-A` as an option of the worker sub-command:"),
      error(BANNER_AT, "celery worker -A celeryapp <...>"),
      error(BANNER_AT, ""),
      error(
        BANNER_AT,
        "The support for this usage was removed in Celery 5.0. Instead you should use `-A` as a global option:",
      ),
      error(BANNER_AT, "celery -A celeryapp worker <...>"),
      ...usage(BANNER_AT, "celery worker [OPTIONS]", "celery worker --help", ["No such option: -A"]),
    ]);
  }
  const concurrency = optionValue(workerArgs, ["--concurrency", "-c"]);
  if (concurrency !== undefined && !/^\d+$/.test(concurrency)) {
    return crashProgram(
      usage(BANNER_AT, "celery worker [OPTIONS]", "celery worker --help", [
        `Invalid value for '-c' / '--concurrency': '${concurrency}' is not a valid integer.`,
      ]),
    );
  }
  // Celery's default log level is WARNING: without -l info the INFO lines (Connected, ready) never print.
  const level = (optionValue(workerArgs, ["--loglevel", "-l"]) ?? "WARNING").toUpperCase();
  const showInfo = level === "INFO" || level === "DEBUG";
  const appLoaded = app !== undefined;
  const configured = appLoaded ? ctx.env.CELERY_BROKER_URL || ctx.env.REDIS_URL || "" : "";
  const brokerRaw = optionValue(globals, ["--broker", "-b"]) || configured || AMQP_FALLBACK;
  const fallback = brokerRaw === AMQP_FALLBACK;
  const broker = parseBrokerUrl(brokerRaw);
  const start = ctx.containerStart;
  const lines = rootWarning(WARNING_AT);
  if (!broker) return crashProgram([...lines, ...traceback(`KeyError: 'No such transport: ${brokerRaw}'`)]);
  const reached = reachBroker(ctx.world, ctx.environment, broker, start + CONNECT_AT);
  // The sample app's result backend is its broker URL, so a rediss:// URL without ssl_cert_reqs fails
  // while the banner is built: Celery's Redis backend refuses it (the broker alone would only warn).
  if (!reached.ok && reached.error === SSL_CERT_REQS_ERROR) return crashProgram([...lines, ...rediss(start)]);
  if (!reached.ok && reached.stage === "setup") return crashProgram([...lines, ...traceback(reached.error)]);
  if (fallback)
    lines.push(
      record(start, WARNING_AT, "WARNING", "No hostname was supplied. Reverting to default 'localhost'"),
    );
  const shown = maskBrokerUrl(broker);
  lines.push(
    ...banner({
      start,
      offset: BANNER_AT,
      hostname: ctx.hostname,
      app: app ? "omnidoc" : "default",
      transport: fallback ? "amqp://guest:**@localhost:5672//" : shown,
      results: fallback || !appLoaded ? "disabled://" : resultsUri(broker),
      concurrency: concurrency ?? "8",
      withTasks: appLoaded,
    }),
  );
  if (!reached.ok) {
    // Celery keeps the process up and retries; its message appends "." to redis-py's, hence "..".
    return {
      lines: [...lines, ...connectRetries(start, CONNECT_AT, shown, reached.error)],
      exits: false,
      http: null,
      celeryBroker: null,
      redis: null,
    };
  }
  const ready = showInfo
    ? [
        record(start, CONNECT_AT, "INFO", `Connected to ${shown}`),
        record(start, CONNECT_AT + 100, "INFO", "mingle: searching for neighbors"),
        record(start, CONNECT_AT + 1100, "INFO", "mingle: all alone"),
        record(start, CONNECT_AT + 1200, "INFO", `celery@${ctx.hostname} ready.`),
      ]
    : [];
  return {
    lines: [...lines, ...ready],
    exits: false,
    http: null,
    celeryBroker: reached.address,
    redis: null,
  };
}

function normalizeApp(app: string): string {
  return app.replace(":", ".");
}

/** Celery's Redis result backend URI: the broker's with a single "/" before the db. */
function resultsUri(url: BrokerUrl): string {
  return maskBrokerUrl(url).replace(/\/\/$/, "/");
}

/** The worker's end when its Redis result backend gets a rediss:// URL without ssl_cert_reqs. */
function rediss(start: number) {
  const warning =
    "Secure redis scheme specified (rediss) with no ssl options, defaulting to insecure SSL behaviour.";
  const message = SSL_CERT_REQS_ERROR.replace(/^ValueError: /, "");
  return [
    ...Array.from({ length: 4 }, () => record(start, BANNER_AT, "WARNING", warning)),
    record(start, BANNER_AT, "CRITICAL", `Unrecoverable error: ValueError('\\n${message}\\n')`),
    error(BANNER_AT, "Traceback (most recent call last):"),
    error(
      BANNER_AT,
      '  File "/usr/lib/python3/dist-packages/celery/apps/worker.py", line 232, in startup_info',
    ),
    error(BANNER_AT, "    results=self.app.backend.as_uri(),"),
    error(
      BANNER_AT,
      '  File "/usr/lib/python3/dist-packages/celery/backends/redis.py", line 281, in __init__',
    ),
    error(BANNER_AT, "    raise ValueError(E_REDIS_SSL_CERT_REQS_MISSING_INVALID)"),
    error(BANNER_AT, "ValueError: "),
    error(BANNER_AT, message),
  ];
}

function traceback(last: string) {
  return [
    error(CONNECT_AT, "Traceback (most recent call last):"),
    error(CONNECT_AT, '  File "/usr/bin/celery", line 27, in <module>'),
    error(CONNECT_AT, '    load_entry_point("celery", "console_scripts", "celery")()'),
    error(
      CONNECT_AT,
      '  File "/usr/lib/python3/dist-packages/kombu/connection.py", line 452, in _connection_factory',
    ),
    error(CONNECT_AT, "    self._connection = self._establish_connection()"),
    error(CONNECT_AT, last),
  ];
}
