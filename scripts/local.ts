/**
 * `npm run local [-- --port 4455] [--speed 20]`: the whole flow offline. Starts the Railway emulator and
 * prints what to export so that `npm run pulumi -- up` (and `npm run doctor`) target it instead of Railway, with
 * a local state folder. Builds and deploys run on a clock `--speed` times faster than real time.
 */
import { parseArgs } from "node:util";
import { startEmulator } from "../emulator/index.ts";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "4455" },
    speed: { type: "string", default: "20" },
  },
});
const port = Number(values.port);
const speed = Number(values.speed);
if (!Number.isInteger(port) || port < 0) throw new Error(`--port must be a port number, got ${values.port}`);
if (!(speed > 0)) throw new Error(`--speed must be a positive number, got ${values.speed}`);

const emulator = await startEmulator({ port, clock: { mode: "realtime", speed } });
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

Metrics (requests, writes, deployments): curl ${emulator.adminUrl}/metrics
Ctrl-C to stop; the emulator keeps its state in memory only.`);

const stop = async () => {
  await emulator.close();
  process.exit(0);
};
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
