import { crashProgram, error, info, type ProcessContext, type ProcessProgram } from "./process.ts";
import { optionValue } from "./start-command.ts";

// The omnidoc API as a web process: uvicorn (the repo's default CMD) or gunicorn. It serves the
// repo profile's paths on the port it binds; a literal `$PORT` (exec form) is not a port.

const START_AT = 1000;

function servedPaths(ctx: ProcessContext): string[] {
  return ctx.profile?.servesPaths ?? ["/"];
}

export function uvicornProgram(args: readonly string[], ctx: ProcessContext): ProcessProgram {
  const host = optionValue(args, ["--host"]) ?? "127.0.0.1";
  const portText = optionValue(args, ["--port"]) ?? "8000";
  if (!/^\d+$/.test(portText)) {
    return crashProgram([
      error(START_AT, "Usage: uvicorn [OPTIONS] APP"),
      error(START_AT, "Try 'uvicorn --help' for help."),
      error(START_AT, `Error: Invalid value for '--port': '${portText}' is not a valid integer.`),
    ]);
  }
  const port = Number(portText);
  return {
    lines: [
      info(START_AT, "INFO:     Started server process [1]"),
      info(START_AT + 100, "INFO:     Waiting for application startup."),
      info(START_AT + 900, "INFO:     Application startup complete."),
      info(START_AT + 1000, `INFO:     Uvicorn running on http://${host}:${port} (Press CTRL+C to quit)`),
    ],
    exits: false,
    http: { host, port, paths: servedPaths(ctx) },
    celeryBroker: null,
    redis: null,
  };
}

export function gunicornProgram(args: readonly string[], ctx: ProcessContext): ProcessProgram {
  const bind = optionValue(args, ["--bind", "-b"]) ?? "127.0.0.1:8000";
  const match = bind.match(/^(\[[^\]]*\]|[^:]*):(.*)$/);
  const host = (match?.[1] ?? "127.0.0.1").replace(/^\[|\]$/g, "");
  const portText = match?.[2] ?? "8000";
  if (!/^\d+$/.test(portText)) {
    return crashProgram([error(START_AT, `Error: '${portText}' is not a valid port number.`)]);
  }
  const port = Number(portText);
  return {
    lines: [
      info(START_AT, "[1] [INFO] Starting gunicorn 23.0.0"),
      info(START_AT + 100, `[1] [INFO] Listening at: http://${bind.replace(portText, String(port))} (1)`),
      info(START_AT + 200, "[7] [INFO] Booting worker with pid: 7"),
    ],
    exits: false,
    http: { host, port, paths: servedPaths(ctx) },
    celeryBroker: null,
    redis: null,
  };
}
