import { type Emulator, type EmulatorOptions, startEmulator } from "../../emulator/index.ts";

// Tests talk to the emulator the way the client will: real HTTP on 127.0.0.1.

/** Test-side view of response JSON. Each assertion checks the shape it reads. */
// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary GraphQL JSON (the project's convention for untyped wire data).
export type Loose = any;

export function items(value: Loose): Loose[] {
  return Array.isArray(value) ? (value as Loose[]) : [];
}

export function text(value: Loose): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

export interface Reply {
  status: number;
  headers: Headers;
  body: Loose;
}

export interface Caller {
  token?: string;
  header?: "bearer" | "project";
  /** The URL's query string; "" sends none (Cloudflare's edge limit then applies). */
  search?: string;
}

/** Manual clock and no rate limits unless a test asks for them: results depend only on the requests. */
export function start(options: EmulatorOptions = {}): Promise<Emulator> {
  return startEmulator({ clock: { mode: "manual" }, rateLimits: false, ...options });
}

export async function post(
  emulator: Emulator,
  query: string,
  variables: Record<string, unknown> = {},
  caller: Caller = {},
): Promise<Reply> {
  const token = caller.token ?? emulator.defaults.accountToken;
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (token) {
    if (caller.header === "project") headers["project-access-token"] = token;
    else headers.authorization = `Bearer ${token}`;
  }
  const search = caller.search ?? "?source=emulator-tests";
  const response = await fetch(`${emulator.url}${search}`, {
    method: "POST",
    headers,
    body: JSON.stringify({ query, variables }),
  });
  const raw = await response.text();
  let body: unknown = raw;
  try {
    body = JSON.parse(raw);
  } catch {
    // non-JSON bodies (edge 1015, 502) stay text
  }
  return { status: response.status, headers: response.headers, body: body as Loose };
}

/** Posts and fails loudly on any GraphQL error; returns `data`. */
export async function ok(
  emulator: Emulator,
  query: string,
  variables: Record<string, unknown> = {},
  caller: Caller = {},
): Promise<Loose> {
  const reply = await post(emulator, query, variables, caller);
  if (reply.status !== 200 || reply.body.errors) {
    throw new Error(`GraphQL failed (${reply.status}): ${JSON.stringify(reply.body)}`);
  }
  return reply.body.data;
}

export interface ProjectRef {
  projectId: string;
  environmentId: string;
}

export async function createProject(
  emulator: Emulator,
  name = "omnidoc",
  caller: Caller = {},
): Promise<ProjectRef> {
  const data = await ok(
    emulator,
    `mutation($name: String) { projectCreate(input: { name: $name }) { id environments { edges { node { id name } } } } }`,
    { name },
    caller,
  );
  const environment = items(data.projectCreate.environments.edges)[0];
  return {
    projectId: text(data.projectCreate.id),
    environmentId: text(environment?.node.id ?? ({} as Loose)),
  };
}

export interface ServiceInput {
  name: string;
  repo?: string;
  image?: string;
  branch?: string;
  variables?: Record<string, string>;
}

export async function createService(
  emulator: Emulator,
  ref: ProjectRef,
  input: ServiceInput,
): Promise<string> {
  const source = input.repo ? { repo: input.repo } : input.image ? { image: input.image } : undefined;
  const data = await ok(
    emulator,
    `mutation($input: ServiceCreateInput!) { serviceCreate(input: $input) { id } }`,
    {
      input: {
        projectId: ref.projectId,
        environmentId: ref.environmentId,
        name: input.name,
        source,
        branch: input.branch,
        variables: input.variables,
      },
    },
  );
  return text(data.serviceCreate.id);
}

export async function updateInstance(
  emulator: Emulator,
  serviceId: string,
  environmentId: string | null,
  input: Record<string, unknown>,
) {
  return ok(
    emulator,
    `mutation($s: String!, $e: String, $i: ServiceInstanceUpdateInput!) { serviceInstanceUpdate(serviceId: $s, environmentId: $e, input: $i) }`,
    { s: serviceId, e: environmentId, i: input },
  );
}

export async function deploy(emulator: Emulator, serviceId: string, environmentId: string): Promise<string> {
  const data = await ok(
    emulator,
    `mutation($s: String!, $e: String!) { serviceInstanceDeployV2(serviceId: $s, environmentId: $e) }`,
    { s: serviceId, e: environmentId },
  );
  return text(data.serviceInstanceDeployV2);
}

export async function deploymentStatus(emulator: Emulator, id: string): Promise<string> {
  const data = await ok(emulator, `query($id: String!) { deployment(id: $id) { status } }`, { id });
  return text(data.deployment.status);
}

export async function deployLogs(emulator: Emulator, id: string, limit = 500): Promise<string[]> {
  const data = await ok(
    emulator,
    `query($id: String!, $limit: Int) { deploymentLogs(deploymentId: $id, limit: $limit) { message } }`,
    {
      id,
      limit,
    },
  );
  return items(data.deploymentLogs).map((l) => text(l.message));
}

export async function buildLogs(emulator: Emulator, id: string): Promise<string[]> {
  const data = await ok(
    emulator,
    `query($id: String!) { buildLogs(deploymentId: $id, limit: 500) { message } }`,
    { id },
  );
  return items(data.buildLogs).map((l) => text(l.message));
}

export async function latestDeploymentId(
  emulator: Emulator,
  serviceId: string,
  environmentId: string,
): Promise<string> {
  const data = await ok(
    emulator,
    `query($s: String!, $e: String!) { serviceInstance(serviceId: $s, environmentId: $e) { latestDeployment { id } } }`,
    { s: serviceId, e: environmentId },
  );
  return text(data.serviceInstance.latestDeployment.id);
}

/** Deployment counts per `${environmentName}/${serviceName}` since the last reset. */
export function deploysByService(emulator: Emulator): Record<string, number> {
  return emulator.metrics().deploymentsByService;
}

export const MINUTE = 60_000;
