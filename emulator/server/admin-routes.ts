import type { IncomingMessage, ServerResponse } from "node:http";
import type { Emulator, Fault, RepoProfile } from "../types.ts";
import { parseJson, readBody, sendJson } from "./http-io.ts";

// /__admin: the programmatic controls over JSON, unauthenticated, for other processes (a Pulumi
// provider host, a shell). Same arguments as the Emulator methods.

type Body = Record<string, unknown>;

function str(body: Body, key: string): string {
  const value = body[key];
  if (typeof value !== "string") throw new Error(`${key} must be a string`);
  return value;
}

function num(body: Body, key: string): number {
  const value = body[key];
  if (typeof value !== "number") throw new Error(`${key} must be a number`);
  return value;
}

function optionalStr(body: Body, key: string): string | undefined {
  const value = body[key];
  return typeof value === "string" ? value : undefined;
}

function object(value: unknown): Body {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Body) : {};
}

type Route = (body: Body) => unknown;

function routes(emulator: Emulator): Record<string, Route> {
  return {
    "GET /metrics": () => emulator.metrics(),
    "POST /reset-metrics": () => {
      emulator.resetMetrics();
      return { ok: true };
    },
    "POST /faults": (body) => {
      emulator.faults.inject(body as unknown as Fault);
      return { ok: true };
    },
    "DELETE /faults": () => {
      emulator.faults.clear();
      return { ok: true };
    },
    "POST /latency": (body) => {
      emulator.latency(num(body, "ms"), optionalStr(body, "field"));
      return { ok: true };
    },
    "POST /clock/advance": (body) => {
      emulator.clock.advance(num(body, "ms"));
      return clock(emulator);
    },
    "GET /clock": () => clock(emulator),
    "GET /processes": () => emulator.processes.list(),
    "POST /dashboard": (body) => emulator.dashboard(str(body, "query"), object(body.variables)),
    "POST /seed/user": (body) => emulator.seed.user(optionalStr(body, "email")),
    "POST /seed/workspace": (body) => emulator.seed.workspace(str(body, "name"), str(body, "ownerUserId")),
    "POST /seed/project-token": (body) => ({
      token: emulator.seed.projectToken(str(body, "projectId"), str(body, "environmentId")),
    }),
    "POST /seed/repo": (body) => {
      emulator.seed.repo(str(body, "fullName"), object(body.profile) as RepoProfile);
      return { ok: true };
    },
    "POST /seed/external-redis": (body) => {
      // Accepts {host, options: {tls, password}} or the flat {host, tls, password}.
      const options = body.options === undefined ? body : object(body.options);
      const password = optionalStr(options, "password");
      emulator.seed.externalRedis(str(body, "host"), {
        tls: options.tls === true,
        ...(password !== undefined ? { password } : {}),
      });
      return { ok: true };
    },
    "POST /simulate-request": (body) => {
      const projectRef = optionalStr(body, "projectRef");
      return emulator.simulateRequest({
        environmentId: str(body, "environmentId"),
        serviceName: str(body, "serviceName"),
        ...(projectRef !== undefined ? { projectRef } : {}),
      });
    },
  };
}

function clock(emulator: Emulator) {
  const now = emulator.clock.now();
  return { now, iso: new Date(now).toISOString() };
}

export async function handleAdmin(
  emulator: Emulator,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
): Promise<void> {
  const route = routes(emulator)[`${req.method ?? "GET"} ${path}`];
  if (!route) {
    sendJson(res, 404, { error: `no admin route ${req.method} ${path}` });
    return;
  }
  const json = parseJson(await readBody(req));
  if (!json.ok) {
    sendJson(res, 400, { error: `invalid JSON: ${json.error}` });
    return;
  }
  try {
    sendJson(res, 200, await route(object(json.value)));
  } catch (error) {
    sendJson(res, 400, { error: error instanceof Error ? error.message : String(error) });
  }
}
