/**
 * The Railway client against the emulator, over real HTTP: headers per token kind, typed errors, retries
 * (429 after Retry-After, 5xx, resets), lost mutation answers reconciled without a duplicate, and pacing
 * under the Hobby plan's 10 requests per second.
 */
import { createServer } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  AmbiguousWriteError,
  InvalidInputError,
  NetworkError,
  NotAuthorizedError,
  NotFoundError,
  ops,
  RailwayClient,
  RequestCounter,
  railwayEndpoint,
  resolveCredentials,
} from "../../components/railway/index.ts";
import { type Emulator, startEmulator } from "../../emulator/index.ts";

let emulator: Emulator;

beforeEach(async () => {
  emulator = await startEmulator();
});
afterEach(async () => {
  await emulator?.close();
});

function clientFor(
  env: Record<string, string>,
  options: Partial<ConstructorParameters<typeof RailwayClient>[0]> = {},
) {
  const full = { RAILWAY_API_URL: emulator.url, ...env };
  return new RailwayClient({
    credentials: resolveCredentials({ env: full }),
    endpoint: railwayEndpoint(full),
    counter: new RequestCounter(),
    retry: { baseDelayMs: 20 },
    ...options,
  });
}

const account = () => clientFor({ RAILWAY_API_TOKEN: emulator.defaults.accountToken });

async function newProject(client = account()) {
  return client.run(ops.projectCreate, { input: { name: "omnidoc", defaultEnvironmentName: "production" } });
}

describe("auth headers per token kind", () => {
  it("an account token goes in Authorization: Bearer and can create projects", async () => {
    const project = await newProject();
    expect(project.environments.map((environment) => environment.name)).toEqual(["production"]);
    expect((await account().run(ops.me, {})).email).toBe("dev@example.com");
  });

  it("a project token goes in Project-Access-Token, reaches its environment, and cannot create projects", async () => {
    const project = await newProject();
    const environmentId = project.environments[0]?.id ?? "";
    const token = emulator.seed.projectToken(project.id, environmentId);
    const client = clientFor({ RAILWAY_TOKEN: token });
    expect(client.tokenKind).toBe("project");
    expect(await client.run(ops.projectToken, {})).toEqual({ projectId: project.id, environmentId });
    expect((await client.run(ops.environmentSnapshot, { id: environmentId })).name).toBe("production");
    await expect(newProject(client)).rejects.toBeInstanceOf(NotAuthorizedError);
  });

  it("a project token sent as Bearer is a wrong token: Not Authorized, with a hint naming both kinds", async () => {
    const project = await newProject();
    const token = emulator.seed.projectToken(project.id, project.environments[0]?.id ?? "");
    const error = await clientFor({ RAILWAY_API_TOKEN: token })
      .run(ops.project, { id: project.id })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NotAuthorizedError);
    expect((error as Error).message).toContain(
      `Railway Project failed for project ${project.id.slice(0, 8)}`,
    );
    expect((error as Error).message).toContain("RAILWAY_TOKEN");
    expect((error as Error).message).not.toContain(token);
  });
});

describe("typed errors", () => {
  it("maps not found and invalid input, naming the operation and the object, never a value", async () => {
    const client = account();
    await expect(
      client.run(ops.project, { id: "00000000-0000-4000-8000-000000000000" }),
    ).rejects.toBeInstanceOf(NotFoundError);
    const project = await newProject(client);
    const service = await client.run(ops.serviceCreate, { input: { projectId: project.id, name: "worker" } });
    const error = await client
      .run(ops.serviceInstanceDeploy, {
        serviceId: service.id,
        environmentId: project.environments[0]?.id ?? "",
      })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as Error).message).toMatch(
      /ServiceInstanceDeploy failed for service \w+ in environment \w+: .*source/,
    );
  });

  it("a value Railway echoes back is redacted", async () => {
    const project = await newProject();
    const secret = "super-secret-value-9981";
    const error = await account()
      .run(ops.variableCollectionUpsert, {
        input: {
          projectId: project.id,
          environmentId: "not-an-environment",
          variables: { API_KEY: secret },
          skipDeploys: true,
        },
      })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).not.toContain(secret);
  });
});

describe("retries", () => {
  it("honours Retry-After on a 429 and then succeeds", async () => {
    emulator.faults.inject({ field: "me", kind: "429", retryAfterSeconds: 1 });
    const waits: number[] = [];
    const client = account();
    const sleep = (ms: number) => {
      waits.push(ms);
      return Promise.resolve();
    };
    const patient = new RailwayClient({ ...clientOptions(client), sleep });
    await patient.run(ops.me, {});
    expect(waits).toEqual([1000]);
    expect(emulator.metrics().requests.me).toBe(2);
  });

  it("retries 5xx, resets and opaque server errors for queries and idempotent writes", async () => {
    emulator.faults.inject({ field: "me", kind: "502" });
    emulator.faults.inject({ field: "projects", kind: "reset" });
    emulator.faults.inject({ field: "project", kind: "graphqlError" });
    const client = account();
    const project = await newProject(client);
    await client.run(ops.me, {});
    await client.run(ops.projects, { first: 10 });
    await client.run(ops.project, { id: project.id });
    const counts = client.counter.snapshot();
    expect(counts.Me).toMatchObject({ attempts: 2, retries: 1, succeeded: 1 });
    expect(counts.Projects).toMatchObject({ attempts: 2, retries: 1 });
    expect(counts.Project).toMatchObject({ attempts: 2, retries: 1 });
  });

  it("never re-sends a create whose answer was lost: it fails as ambiguous, and createOnce reads instead", async () => {
    const client = account();
    const project = await newProject(client);
    emulator.faults.inject({ field: "serviceCreate", kind: "dropResponse" });
    await expect(
      client.run(ops.serviceCreate, { input: { projectId: project.id, name: "api" } }),
    ).rejects.toBeInstanceOf(AmbiguousWriteError);
    expect(emulator.metrics().requests.serviceCreate).toBe(1);

    emulator.faults.inject({ field: "serviceCreate", kind: "dropResponse" });
    const vars = { input: { projectId: project.id, name: "omnidoc-celery-worker" } };
    const created = await client.createOnce(ops.serviceCreate, vars, async () => {
      const found = (await client.run(ops.project, { id: project.id })).services.find(
        (s) => s.name === vars.input.name,
      );
      return found ? { ...found, projectId: project.id } : undefined;
    });
    expect(created.name).toBe("omnidoc-celery-worker");
    expect(emulator.metrics().requests.serviceCreate).toBe(2);
    const names = (await client.run(ops.project, { id: project.id })).services
      .map((service) => service.name)
      .sort();
    expect(names).toEqual(["api", "omnidoc-celery-worker"]);
  });

  it("sends a create again only when the read proves the first one never happened", async () => {
    const client = account();
    const project = await newProject(client);
    emulator.faults.inject({ field: "serviceCreate", kind: "reset" });
    const vars = { input: { projectId: project.id, name: "api" } };
    const created = await client.createOnce(ops.serviceCreate, vars, async () => {
      const found = (await client.run(ops.project, { id: project.id })).services.find(
        (s) => s.name === "api",
      );
      return found ? { ...found, projectId: project.id } : undefined;
    });
    expect(created.name).toBe("api");
    expect(emulator.metrics().requests.serviceCreate).toBe(2);
    expect((await client.run(ops.project, { id: project.id })).services).toHaveLength(1);
  });
});

describe("pacing", () => {
  it("one process stays under the Hobby plan's 10 requests per second; without pacing Railway answers 429", async () => {
    const paced = account();
    await Promise.all(Array.from({ length: 25 }, () => paced.run(ops.me, {})));
    expect(emulator.metrics().rateLimited).toBe(0);
    expect(paced.counter.snapshot().Me).toMatchObject({ attempts: 25, retries: 0 });

    const unpaced = clientFor(
      { RAILWAY_API_TOKEN: emulator.defaults.accountToken },
      { maxRequestsPerSecond: 1000 },
    );
    await Promise.all(Array.from({ length: 25 }, () => unpaced.run(ops.me, {})));
    expect(emulator.metrics().rateLimited).toBeGreaterThan(0);
    expect(unpaced.counter.snapshot().Me?.retries).toBeGreaterThan(0);
  });

  it("always sends a query string, so Cloudflare's stricter edge limit never applies", async () => {
    const bare = clientFor({ RAILWAY_API_TOKEN: emulator.defaults.accountToken });
    expect(bare.endpoint).toMatch(/\?source=pulumi-railway-app$/);
  });
});

function clientOptions(client: RailwayClient) {
  return {
    credentials: resolveCredentials({ env: { RAILWAY_API_TOKEN: emulator.defaults.accountToken } }),
    endpoint: client.endpoint,
    counter: new RequestCounter(),
  };
}

describe("connection errors", () => {
  /** A port nothing listens on: bound, then closed. */
  async function closedPort(): Promise<number> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const address = server.address();
    await new Promise((resolve) => server.close(resolve));
    return typeof address === "object" && address ? address.port : 0;
  }

  const failing = (url: string) => {
    const env = { RAILWAY_API_URL: url, RAILWAY_API_TOKEN: "token-never-printed" };
    const client = new RailwayClient({
      credentials: resolveCredentials({ env }),
      endpoint: railwayEndpoint(env),
      counter: new RequestCounter(),
      retry: { baseDelayMs: 1, maxAttempts: 2 },
    });
    return client.run(ops.me, {}).then(
      () => new Error("the request succeeded"),
      (caught: unknown) => caught as Error,
    );
  };

  it("name the endpoint tried, without its query string", async () => {
    const port = await closedPort();
    const error = await failing(`http://127.0.0.1:${port}/graphql/v2?source=x&key=query-secret`);
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.message).toBe(
      `Railway Me failed for the token's account: the connection to http://127.0.0.1:${port}/graphql/v2 failed (ECONNREFUSED).`,
    );
  });

  it("never name credentials written into the endpoint", async () => {
    const port = await closedPort();
    const error = await failing(`http://proxy-user:proxy-pass-123@127.0.0.1:${port}/graphql/v2`);
    expect(error.message).toContain(`the connection to http://127.0.0.1:${port}/graphql/v2 failed`);
    for (const secret of ["proxy-pass-123", "proxy-user", "token-never-printed"]) {
      expect(error.message).not.toContain(secret);
    }
  });
});
