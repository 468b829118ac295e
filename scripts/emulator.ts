// `npm run emulator [-- --port 4455] [--speed 1]` (`--help` for the whole text): a local Railway API for
// trying the client and `pulumi up` offline. Realtime clock, default seed; stays up until Ctrl-C.
import { startEmulator } from "../emulator/index.ts";
import { parseScriptArgs, usageFailure } from "./cli.ts";

const HELP = `Usage: npm run emulator [-- --port <port>] [--speed <factor>]

Starts the Railway API emulator (emulator/README.md): a GraphQL server on 127.0.0.1 that executes
Railway's published schema, with a default account, token and workspace, and an admin API. Prints the
exports for RAILWAY_API_URL and RAILWAY_API_TOKEN and a curl that creates a project. Ctrl-C stops it.

Options:
  --port <port>      where it listens (default 4455; 0 picks a free port)
  --speed <factor>   how much faster than real time builds and deploys run (default 1)
  --help             this text

Examples:
  npm run emulator
  npm run emulator -- --port 0 --speed 20`;

const values = parseScriptArgs("emulator", HELP, {
  port: { type: "string", default: "4455" },
  speed: { type: "string", default: "1" },
});

const port = Number(values.port);
const speed = Number(values.speed);
if (!Number.isInteger(port) || port < 0)
  usageFailure("emulator", `--port must be a port number, got ${values.port}`);
if (!(speed > 0)) usageFailure("emulator", `--speed must be a positive number, got ${values.speed}`);

const emulator = await startEmulator({ port, clock: { mode: "realtime", speed } });
const endpoint = `${emulator.url}?source=local-emulator`;
const { accountToken, workspaceId } = emulator.defaults;
const body = JSON.stringify({
  query:
    'mutation($ws: String) { projectCreate(input: { name: "omnidoc", workspaceId: $ws }) { id name environments { edges { node { id name } } } } }',
  variables: { ws: workspaceId },
});

console.log(`Railway API emulator listening on ${emulator.url}
Admin API:      ${emulator.adminUrl}   (e.g. curl ${emulator.adminUrl}/metrics)
Account token:  ${accountToken}
Workspace id:   ${workspaceId}

export RAILWAY_API_URL=${endpoint}
export RAILWAY_API_TOKEN=${accountToken}

# create a project:
curl -sS -X POST '${endpoint}' \\
  -H "Authorization: Bearer ${accountToken}" -H 'Content-Type: application/json' \\
  -d '${body}'

Ctrl-C to stop.`);

const stop = async () => {
  await emulator.close();
  process.exit(0);
};
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
