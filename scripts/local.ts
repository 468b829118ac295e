/**
 * `npm run local [-- --port 4455] [--speed 20] [--real [--quiet]]`: the whole flow offline. Starts the
 * Railway emulator and prints what to export so that `npm run pulumi -- up` (and `npm run doctor`) target
 * it instead of Railway, with a local state folder. Builds and deploys run on a clock `--speed` times faster
 * than real time; with `--real` they run as real processes here instead (scripts/localReal.ts).
 */
import { startEmulator } from "../emulator/index.ts";
import { parseScriptArgs, usageFailure } from "./cli.ts";
import { prodSetting, startRealEmulator, watchProcesses } from "./localReal.ts";

const HELP = `Usage: npm run local [-- --port <port>] [--speed <factor>] [--real [--quiet]]

The whole flow offline: starts the Railway API emulator (nothing reaches Railway) and prints the exports
and commands with which \`npm run pulumi -- up\` and \`npm run doctor\` use it, with a local state folder
(.pulumi-local). Builds and deploys run on a clock <factor> times faster than real time. Ctrl-C stops it;
the emulator keeps its state in memory only.

Options:
  --port <port>      where the emulator listens on 127.0.0.1 (default 4455; 0 picks a free port)
  --speed <factor>   how much faster than real time builds and deploys run (default 20)
  --real             run each deployment as a real process here (Debian's redis-server and Celery, the
                     sample app in examples/omnidoc-app), and say how to send a request and read the logs
  --quiet            with --real: do not stream the processes' logs here
  --help             this text

Examples:
  npm run local
  npm run local -- --port 0 --speed 100
  npm run local -- --real`;

const values = parseScriptArgs("local", HELP, {
  port: { type: "string", default: "4455" },
  speed: { type: "string", default: "20" },
  real: { type: "boolean", default: false },
  quiet: { type: "boolean", default: false },
});
const port = Number(values.port);
const speed = Number(values.speed);
if (!Number.isInteger(port) || port < 0)
  usageFailure("local", `--port must be a port number, got ${values.port}`);
if (!(speed > 0)) usageFailure("local", `--speed must be a positive number, got ${values.speed}`);

const emulator = values.real
  ? await startRealEmulator(port, process.cwd()).catch((error: Error) => {
      console.error(error.message);
      process.exit(1);
    })
  : await startEmulator({ port, clock: { mode: "realtime", speed } });
const state = `${process.cwd()}/.pulumi-local`;

console.log(`Local Railway (emulator) on ${emulator.url} — nothing here reaches Railway.

In another terminal, in this folder:

  export RAILWAY_API_URL=${emulator.url}
  export RAILWAY_API_TOKEN=${emulator.defaults.accountToken}
  export PULUMI_BACKEND_URL=file://${state}
  export PULUMI_CONFIG_PASSPHRASE=local-only
  mkdir -p ${state}
  cp Pulumi.prod.yaml Pulumi.local.yaml && npm run pulumi -- stack init local   # once; later: npm run pulumi -- stack select local
  npm run pulumi -- config set --secret geminiApiKey offline-key
  npm run pulumi -- config set --secret redisPassword "$(openssl rand -hex 24)"
  npm run pulumi -- up
  npm run doctor -- --stack local

Metrics (requests, writes, deployments): curl ${emulator.adminUrl}/metrics${
  values.real
    ? `
Real processes: Redis, the API and the Celery worker run here once \`npm run pulumi -- up\` deploys them; their
lines follow (and go to ${state}/logs/<service>.log); list them with curl ${emulator.adminUrl}/processes`
    : ""
}
Ctrl-C to stop; the emulator keeps its state in memory only${values.real ? " and stops every process it started" : ""}.`);
if (values.real) {
  watchProcesses(
    emulator,
    `${state}/logs`,
    prodSetting(process.cwd(), "apiService", "omnidoc-backend"),
    values.quiet,
  );
}

const stop = async () => {
  await emulator.close();
  process.exit(0);
};
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
