import { celeryProgram } from "./celery.ts";
import { nodeProgram } from "./node-app.ts";
import { idleProgram, type ProcessContext, type ProcessProgram } from "./process.ts";
import { redisServerProgram } from "./redis-server.ts";
import { gunicornProgram, uvicornProgram } from "./web-app.ts";

/** Dispatches argv to the process models this emulator knows; anything else just runs quietly. */
export function runProcess(argv: readonly string[], ctx: ProcessContext): ProcessProgram {
  let args = [...argv];
  // `python -m celery …` / `python -m uvicorn …`
  if (/^python[\d.]*$/.test(basename(args[0] ?? "")) && args[1] === "-m") args = args.slice(2);
  const program = basename(args[0] ?? "");
  const rest = args.slice(1);
  switch (program) {
    case "celery":
      return celeryProgram(rest, ctx);
    case "uvicorn":
      return uvicornProgram(rest, ctx);
    case "gunicorn":
      return gunicornProgram(rest, ctx);
    case "redis-server":
      return redisServerProgram(rest, ctx);
    case "node":
      return nodeProgram(rest, ctx);
    default:
      return idleProgram();
  }
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}
