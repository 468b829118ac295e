/**
 * What Railway holds after a run, read as the dashboard would (uncounted): every project, environment and
 * service by name, and each environment's config with services keyed by name. Two worlds compare by name,
 * because ids differ from one emulator to the next.
 */
import type { Emulator } from "../../emulator/index.ts";

export interface ServiceEntry {
  source?: unknown;
  build?: unknown;
  deploy?: unknown;
  variables: Record<string, string>;
  domains: number;
}

export interface World {
  /** `project` → how many projects have that name. */
  projects: Record<string, number>;
  /** `project/environment` → how many. */
  environments: Record<string, number>;
  /** `project/service` → how many. */
  services: Record<string, number>;
  /** `project/environment` → shared variables (name → value). */
  shared: Record<string, Record<string, string>>;
  /** `project/environment/service` → the service's instance. */
  instances: Record<string, ServiceEntry>;
}

interface RawInstance {
  source?: unknown;
  build?: unknown;
  deploy?: unknown;
  variables?: Record<string, { value?: string } | null>;
  networking?: { serviceDomains?: Record<string, unknown> };
}

interface RawProjects {
  projects: {
    edges: Array<{
      node: {
        name: string;
        services: { edges: Array<{ node: { id: string; name: string } }> };
        environments: {
          edges: Array<{
            node: {
              name: string;
              config: {
                services?: Record<string, RawInstance>;
                sharedVariables?: Record<string, { value?: string } | null>;
              };
            };
          }>;
        };
      };
    }>;
  };
}

const WORLD_QUERY = `query {
  projects { edges { node {
    name
    services { edges { node { id name } } }
    environments { edges { node { name config(decryptVariables: true) } } }
  } } }
}`;

const values = (variables: Record<string, { value?: string } | null> | undefined) =>
  Object.fromEntries(
    Object.entries(variables ?? {})
      .filter(([, entry]) => entry !== null)
      .map(([name, entry]) => [name, entry?.value ?? ""]),
  );

const count = (into: Record<string, number>, key: string) => {
  into[key] = (into[key] ?? 0) + 1;
};

export async function readWorld(emulator: Emulator): Promise<World> {
  const result = await emulator.dashboard(WORLD_QUERY);
  if (!result.data) throw new Error(`dashboard read failed: ${JSON.stringify(result.errors)}`);
  const world: World = { projects: {}, environments: {}, services: {}, shared: {}, instances: {} };
  for (const { node: project } of (result.data as RawProjects).projects.edges) {
    count(world.projects, project.name);
    const names = new Map(project.services.edges.map(({ node }) => [node.id, node.name]));
    for (const { node } of project.services.edges) count(world.services, `${project.name}/${node.name}`);
    for (const { node: environment } of project.environments.edges) {
      const where = `${project.name}/${environment.name}`;
      count(world.environments, where);
      world.shared[where] = values(environment.config.sharedVariables);
      for (const [serviceId, instance] of Object.entries(environment.config.services ?? {})) {
        world.instances[`${where}/${names.get(serviceId) ?? serviceId}`] = {
          source: instance.source,
          build: instance.build,
          deploy: instance.deploy,
          variables: values(instance.variables),
          domains: Object.keys(instance.networking?.serviceDomains ?? {}).length,
        };
      }
    }
  }
  return world;
}

/** Objects the world holds more than once, or more of than the expected world: `kind name ×n`. */
export function duplicates(world: World, expected: World): string[] {
  const found: string[] = [];
  for (const kind of ["projects", "environments", "services"] as const) {
    for (const [name, times] of Object.entries(world[kind])) {
      if (times > Math.max(1, expected[kind][name] ?? 0)) found.push(`${kind} ${name} ×${times}`);
    }
  }
  for (const [where, instance] of Object.entries(world.instances)) {
    const wanted = expected.instances[where]?.domains ?? 0;
    if (instance.domains > wanted) found.push(`domains of ${where} ×${instance.domains}`);
  }
  return found;
}

/**
 * Variables the expected world has that this one lacks or holds with another value (lost or stale), and
 * settings that differ: `where NAME` for a variable, `where setting` for source, build or deploy.
 */
export function lostOrStale(world: World, expected: World): string[] {
  const found: string[] = [];
  const compare = (where: string, want: Record<string, string>, have: Record<string, string> | undefined) => {
    for (const [name, value] of Object.entries(want)) {
      if (have?.[name] === undefined) found.push(`${where} ${name} lost`);
      else if (have[name] !== value) found.push(`${where} ${name} stale`);
    }
    for (const name of Object.keys(have ?? {})) if (!(name in want)) found.push(`${where} ${name} extra`);
  };
  for (const [where, shared] of Object.entries(expected.shared)) compare(where, shared, world.shared[where]);
  for (const [where, instance] of Object.entries(expected.instances)) {
    const actual = world.instances[where];
    if (!actual) {
      found.push(`${where} missing`);
      continue;
    }
    compare(where, instance.variables, actual.variables);
    for (const part of ["source", "build", "deploy"] as const) {
      if (JSON.stringify(actual[part] ?? null) !== JSON.stringify(instance[part] ?? null))
        found.push(`${where} ${part} differs`);
    }
  }
  return found;
}
