import { hexDigest } from "../model/ids.ts";
import { AMQP_FALLBACK, maskBrokerUrl, parseBrokerUrl, reachBroker } from "./broker.ts";
import { crashProgram, error, info, type ProcessContext, type ProcessProgram } from "./process.ts";
import { optionValue } from "./start-command.ts";

// A Celery 5 worker (`celery -A <app> worker …`), as the omnidoc worker behaves on Railway:
// the app reads CELERY_BROKER_URL, else REDIS_URL; with neither Celery falls back to local AMQP.

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
export const TASK_NAME = "omnidoc.generate_documents";
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
    return crashProgram(usage("celery [OPTIONS] COMMAND [ARGS]...", "celery --help", "Missing command."));
  }
  const app = optionValue(globals, ["--app", "-A"]);
  const expected = ctx.profile?.celeryApp;
  if (app !== undefined && expected !== undefined && normalizeApp(app) !== normalizeApp(expected)) {
    const module = app.split(":")[0] ?? app;
    return crashProgram(
      usage(
        "celery [OPTIONS] COMMAND [ARGS]...",
        "celery --help",
        `Invalid value for '-A' / '--app': Unable to load celery application. The module ${module} was not found.`,
      ),
    );
  }
  if (workerArgs.some((a) => a === "-A" || a === "--app" || a.startsWith("--app="))) {
    return crashProgram([
      error(BANNER_AT, "You are using `-A` as an option of the worker sub-command:"),
      error(BANNER_AT, "celery worker -A celeryapp <...>"),
      error(
        BANNER_AT,
        "The support for this usage was removed in Celery 5.0. Instead you should use `-A` as a global option:",
      ),
      error(BANNER_AT, "celery -A celeryapp worker <...>"),
      ...usage("celery worker [OPTIONS]", "celery worker --help", "No such option: -A"),
    ]);
  }
  const concurrency = optionValue(workerArgs, ["--concurrency", "-c"]);
  if (concurrency !== undefined && !/^\d+$/.test(concurrency)) {
    return crashProgram(
      usage(
        "celery worker [OPTIONS]",
        "celery worker --help",
        `Invalid value for '-c' / '--concurrency': '${concurrency}' is not a valid integer.`,
      ),
    );
  }
  // Celery's default log level is WARNING: without -l info the INFO lines (Connected, ready) never print.
  const level = (optionValue(workerArgs, ["--loglevel", "-l"]) ?? "WARNING").toUpperCase();
  const showInfo = level === "INFO" || level === "DEBUG";
  const appLoaded = app !== undefined;
  const configured = appLoaded ? ctx.env.CELERY_BROKER_URL || ctx.env.REDIS_URL || "" : "";
  const brokerRaw = optionValue(globals, ["--broker", "-b"]) || configured || AMQP_FALLBACK;
  const broker = parseBrokerUrl(brokerRaw);
  const shown = broker ? maskBrokerUrl(broker) : brokerRaw;
  const lines = banner(ctx, app ?? "default", shown, concurrency ?? "8", appLoaded);
  if (!broker) return crashProgram([...lines, ...traceback(`KeyError: 'No such transport: ${brokerRaw}'`)]);
  const reached = reachBroker(ctx.world, ctx.environment, broker, ctx.containerStart + CONNECT_AT);
  if (!reached.ok) {
    if (reached.stage === "setup") return crashProgram([...lines, ...traceback(reached.error)]);
    // Celery appends "." to the error text, hence the ".." after redis-py's messages.
    return crashProgram([
      ...lines,
      error(CONNECT_AT, `[ERROR/MainProcess] consumer: Cannot connect to ${shown}: ${reached.error}.`),
    ]);
  }
  const ready = showInfo
    ? [
        info(CONNECT_AT, `[INFO/MainProcess] Connected to ${shown}`),
        info(CONNECT_AT + 100, "[INFO/MainProcess] mingle: searching for neighbors"),
        info(CONNECT_AT + 1100, "[INFO/MainProcess] mingle: all alone"),
        info(CONNECT_AT + 1200, `[INFO/MainProcess] celery@${ctx.hostname} ready.`),
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

function usage(synopsis: string, help: string, message: string) {
  return [
    error(BANNER_AT, `Usage: ${synopsis}`),
    error(BANNER_AT, `Try '${help}' for help.`),
    error(BANNER_AT, `Error: ${message}`),
  ];
}

function traceback(last: string) {
  return [
    error(CONNECT_AT, "Traceback (most recent call last):"),
    error(CONNECT_AT, '  File "/usr/local/bin/celery", line 8, in <module>'),
    error(CONNECT_AT, "    sys.exit(main())"),
    error(
      CONNECT_AT,
      '  File "/usr/local/lib/python3.12/site-packages/kombu/connection.py", line 452, in _connection_factory',
    ),
    error(CONNECT_AT, "    self._connection = self._establish_connection()"),
    error(CONNECT_AT, last),
  ];
}

function banner(
  ctx: ProcessContext,
  app: string,
  transport: string,
  concurrency: string,
  withTasks: boolean,
) {
  const date = new Date(ctx.containerStart + BANNER_AT).toISOString().replace("T", " ").slice(0, 19);
  const address = `0x7f${hexDigest(ctx.hostname, 10)}`;
  const text = [
    ` -------------- celery@${ctx.hostname} v5.4.0 (opalescent)`,
    "--- ***** ----- ",
    `-- ******* ---- Linux-6.8.0-x86_64-with-glibc2.36 ${date}`,
    "- *** --- * --- ",
    "- ** ---------- [config]",
    `- ** ---------- .> app:         ${app}:${address}`,
    `- ** ---------- .> transport:   ${transport}`,
    "- ** ---------- .> results:     disabled://",
    `- *** --- * --- .> concurrency: ${concurrency} (prefork)`,
    "-- ******* ---- .> task events: OFF (enable -E to monitor tasks from this worker)",
    "--- ***** ----- ",
    " -------------- [queues]",
    "                .> celery           exchange=celery(direct) key=celery",
    "[tasks]",
    ...(withTasks ? [`  . ${TASK_NAME}`] : []),
  ];
  return text.map((message) => info(BANNER_AT, message));
}
