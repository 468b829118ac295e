import { request } from "node:http";
import { connect, createServer } from "node:net";

// Loopback plumbing for real deployments: free ports to assign, and the probes that tell when a process
// listens (Redis) or answers its healthcheck (the API).

export async function freeLoopbackPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === "string") throw new Error("no loopback port");
  return address.port;
}

export function acceptsConnections(port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

/** GET http://127.0.0.1:<port><path> as Railway's healthcheck does; the status, or null when nothing answers. */
export function httpStatus(port: number, path: string, timeoutMs = 2000): Promise<number | null> {
  return new Promise((resolve) => {
    const req = request(
      { host: "127.0.0.1", port, path, method: "GET", headers: { host: "healthcheck.railway.app" } },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? null);
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy());
    req.once("error", () => resolve(null));
    req.end();
  });
}
