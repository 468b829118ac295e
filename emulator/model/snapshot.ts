import type { World } from "./world.ts";

/**
 * The whole emulated world as JSON text and back, so a test can start from a Railway that an earlier run
 * left behind (the upgrade fixture in test/fixtures/). Maps and Sets are tagged; everything else in the
 * records is plain data.
 */

const TABLES = [
  "users",
  "workspaces",
  "bearerTokens",
  "projectTokens",
  "projects",
  "environments",
  "services",
  "deployments",
  "patches",
  "repos",
  "externalRedis",
] as const;

export interface WorldSnapshot {
  version: 1;
  now: number;
  defaults: { userId: string; accountToken: string; workspaceId: string };
  tables: Record<(typeof TABLES)[number], unknown>;
}

function replacer(_key: string, value: unknown): unknown {
  if (value instanceof Map) return { $map: [...value.entries()] };
  if (value instanceof Set) return { $set: [...value.values()] };
  return value;
}

function reviver(_key: string, value: unknown): unknown {
  if (value && typeof value === "object" && !Array.isArray(value)) {
    const tagged = value as { $map?: [unknown, unknown][]; $set?: unknown[] };
    if (Array.isArray(tagged.$map) && Object.keys(value).length === 1) return new Map(tagged.$map);
    if (Array.isArray(tagged.$set) && Object.keys(value).length === 1) return new Set(tagged.$set);
  }
  return value;
}

export function worldToJson(world: World, defaults: WorldSnapshot["defaults"]): string {
  const tables = Object.fromEntries(TABLES.map((name) => [name, world[name]]));
  const snapshot = { version: 1, now: world.now(), defaults, tables };
  return `${JSON.stringify(snapshot, replacer, 2)}\n`;
}

/** Fills an empty world from a snapshot; returns the snapshot's clock time and default user. */
export function worldFromJson(world: World, text: string): Pick<WorldSnapshot, "now" | "defaults"> {
  const snapshot = JSON.parse(text, reviver) as WorldSnapshot;
  if (snapshot.version !== 1) throw new Error(`unknown world snapshot version ${String(snapshot.version)}`);
  for (const name of TABLES) {
    const table = snapshot.tables[name];
    if (!(table instanceof Map)) throw new Error(`world snapshot: table ${name} is missing`);
    const target = world[name] as Map<unknown, unknown>;
    target.clear();
    for (const [key, value] of table) target.set(key, value);
  }
  return { now: snapshot.now, defaults: snapshot.defaults };
}
