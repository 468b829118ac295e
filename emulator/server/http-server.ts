import { createServer, type Server } from "node:http";
import type { Socket } from "node:net";
import type { Emulator } from "../types.ts";
import { handleAdmin } from "./admin-routes.ts";
import type { EmulatorCore } from "./core.ts";
import { handleGraphQL } from "./graphql-endpoint.ts";
import { sendJson } from "./http-io.ts";

export const GRAPHQL_PATH = "/graphql/v2";
export const ADMIN_PATH = "/__admin";

export interface RunningServer {
  server: Server;
  port: number;
  close(): Promise<void>;
}

export async function listen(
  core: EmulatorCore,
  emulator: () => Emulator,
  port: number,
): Promise<RunningServer> {
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const handle = async () => {
      if (url.pathname === GRAPHQL_PATH) return handleGraphQL(core, req, res, url.search.length > 1);
      if (url.pathname.startsWith(`${ADMIN_PATH}/`))
        return handleAdmin(emulator(), req, res, url.pathname.slice(ADMIN_PATH.length));
      sendJson(res, 404, { error: `not found: ${url.pathname}` });
    };
    handle().catch((error: unknown) => {
      if (!res.headersSent && !res.destroyed) {
        sendJson(res, 500, {
          errors: [
            {
              message: error instanceof Error ? error.message : String(error),
              extensions: { code: "INTERNAL_SERVER_ERROR" },
            },
          ],
        });
      }
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  const address = server.address();
  const actualPort = typeof address === "object" && address !== null ? address.port : port;
  return {
    server,
    port: actualPort,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        core.heldSockets.clear();
        server.close(() => resolve());
      }),
  };
}
