import { maskBrokerUrl, parseBrokerUrl, reachBroker } from "./broker.ts";
import {
  containerPort,
  crashProgram,
  error,
  info,
  type ProcessContext,
  type ProcessProgram,
} from "./process.ts";

// A Node.js app (`node <script>`), as the second example stack (examples/acme-shop) runs on Railway: a
// script whose name says "worker" is a Redis queue worker in the style of BullMQ, which connects to
// REDIS_URL and then consumes QUEUE_NAME; any other script is a web server on $PORT serving the repo
// profile's paths. Both print the lines their code would (examples/acme-shop/app/).

const START_AT = 800;

export function nodeProgram(args: readonly string[], ctx: ProcessContext): ProcessProgram {
  const script = args.find((arg) => !arg.startsWith("-")) ?? "";
  return /worker/i.test(script) ? queueWorker(ctx) : webServer(ctx);
}

function webServer(ctx: ProcessContext): ProcessProgram {
  const port = containerPort(ctx.env);
  return {
    lines: [info(START_AT, `storefront listening on http://0.0.0.0:${port}`)],
    exits: false,
    http: { host: "0.0.0.0", port, paths: ctx.profile?.servesPaths ?? ["/"] },
    celeryBroker: null,
    redis: null,
  };
}

function queueWorker(ctx: ProcessContext): ProcessProgram {
  const queue = ctx.env.QUEUE_NAME || "default";
  const raw = ctx.env.REDIS_URL ?? "";
  const url = parseBrokerUrl(raw);
  if (!url) {
    return crashProgram([
      error(START_AT, `worker: REDIS_URL is not a Redis URL (got ${raw ? "a value" : "nothing"})`),
    ]);
  }
  const reached = reachBroker(ctx.world, ctx.environment, url, ctx.containerStart + START_AT);
  if (!reached.ok) {
    return crashProgram([
      error(START_AT, `worker: Error connecting to ${maskBrokerUrl(url)}: ${reached.error}`),
    ]);
  }
  return {
    lines: [
      info(START_AT, `worker: connected to ${maskBrokerUrl(url)}`),
      info(START_AT + 200, `worker: ready, consuming queue "${queue}"`),
    ],
    exits: false,
    http: null,
    // Consumes from the broker like a Celery worker does, so simulated requests can reach it.
    celeryBroker: reached.address,
    redis: null,
  };
}
