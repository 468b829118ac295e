/**
 * `npm run local [-- --port 4455] [--speed 20] [--real [--quiet]]`: the whole flow offline. Starts the
 * Railway emulator and prints what to export so that `npx pulumi up` (and `npm run doctor`) target it
 * instead of Railway, with a local state folder. Builds and deploys run on a clock `--speed` times faster
 * than real time; with `--real` they run as real processes here instead (scripts/localReal.ts).
 */
import { parseArgs } from "node:util";
import { startEmulator } from "../emulator/index.ts";
import { prodSetting, startRealEmulator, watchProcesses } from "./localReal.ts";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "4455" },
    speed: { type: "string", default: "20" },
    real: { type: "boolean", default: false },
    quiet: { type: "boolean", default: false },
  },
});
const port = Number(values.port);
const speed = Number(values.speed);
if (!Number.isInteger(port) || port < 0) throw new Error(`--port must be a port number, got ${values.port}`);
if (!(speed > 0)) throw new Error(`--speed must be a positive number, got ${values.speed}`);

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
  cp Pulumi.prod.yaml Pulumi.local.yaml && npx pulumi stack init local   # once; later: npx pulumi stack select local
  npx pulumi config set --secret geminiApiKey offline-key
  npx pulumi config set --secret redisPassword "$(openssl rand -hex 24)"
  npx pulumi up
  npm run doctor -- --stack local

Metrics (requests, writes, deployments): curl ${emulator.adminUrl}/metrics${
  values.real
    ? `
Real processes: Redis, the API and the Celery worker run here once \`npx pulumi up\` deploys them; their
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
