import { info, type ProcessContext, type ProcessProgram } from "./process.ts";
import { optionValue } from "./start-command.ts";

// A Redis image service. Its password is `--requirepass`, else the REDIS_PASSWORD variable
// (Railway's Redis template reads it); none means no AUTH.

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

function redisTime(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number, w = 2) => String(n).padStart(w, "0");
  return `${pad(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(
    d.getUTCMinutes(),
  )}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}`;
}

export function redisServerProgram(args: readonly string[], ctx: ProcessContext): ProcessProgram {
  const port = Number.parseInt(optionValue(args, ["--port"]) ?? "6379", 10) || 6379;
  const password = optionValue(args, ["--requirepass"]) ?? (ctx.env.REDIS_PASSWORD || null);
  const at = (offset: number, role: "C" | "M", text: string) =>
    info(offset, `1:${role} ${redisTime(ctx.containerStart + offset)} * ${text}`);
  return {
    lines: [
      at(500, "C", "oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo"),
      at(500, "C", "Redis version=7.2.5, bits=64, commit=00000000, modified=0, pid=1, just started"),
      at(500, "C", "Configuration loaded"),
      at(600, "M", "monotonic clock: POSIX clock_gettime"),
      at(600, "M", `Running mode=standalone, port=${port}.`),
      at(700, "M", "Server initialized"),
      at(800, "M", "Ready to accept connections tcp"),
    ],
    exits: false,
    http: null,
    celeryBroker: null,
    redis: { port, password },
  };
}
