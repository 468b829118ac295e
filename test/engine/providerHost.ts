import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { dynamicProviderPath, grpc, providerGrpc, providerProto, structProto } from "./pulumiModules.ts";
import type { Wire } from "./wire.ts";

export interface DiffAnswer {
  changes: "unknown" | "none" | "some";
  replaces: string[];
  deleteBeforeReplace: boolean;
}

/**
 * Pulumi's real dynamic-provider host (`@pulumi/pulumi/cmd/dynamic-provider`), started the way the engine
 * starts it (cwd = program directory, argv = an engine address, PULUMI_NODEJS_PROJECT in the environment),
 * spoken to over gRPC with Pulumi's own generated stubs.
 */
export class ProviderHost {
  private readonly child: ChildProcess;
  // biome-ignore lint/suspicious/noExplicitAny: generated gRPC client.
  private readonly client: any;
  readonly stderr: string[] = [];

  // biome-ignore lint/suspicious/noExplicitAny: generated gRPC client.
  private constructor(child: ChildProcess, client: any) {
    this.child = child;
    this.client = client;
    child.stderr?.on("data", (chunk: Buffer) => this.stderr.push(chunk.toString()));
  }

  static async start(options: {
    cwd: string;
    project: string;
    env: NodeJS.ProcessEnv;
  }): Promise<ProviderHost> {
    const child = spawn(process.execPath, [dynamicProviderPath, "127.0.0.1:1"], {
      cwd: options.cwd,
      env: { ...options.env, PULUMI_NODEJS_PROJECT: options.project, PULUMI_PROJECT: options.project },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const port = await new Promise<string>((resolve, reject) => {
      const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
      lines.once("line", (line) => resolve(line.trim()));
      child.once("exit", (code) =>
        reject(new Error(`provider host exited with ${code} before its handshake`)),
      );
    });
    const client = new providerGrpc.ResourceProviderClient(
      `127.0.0.1:${port}`,
      grpc.credentials.createInsecure(),
    );
    return new ProviderHost(child, client);
  }

  stop(): void {
    this.client.close?.();
    this.child.kill();
  }

  private call<T>(method: string, request: unknown): Promise<T> {
    return new Promise((resolve, reject) => {
      this.client[method](request, (error: Error | null, response: T) =>
        error ? reject(error) : resolve(response),
      );
    });
  }

  async configure(config: Record<string, Wire>): Promise<void> {
    const request = new providerProto.ConfigureRequest();
    request.setArgs(structProto.Struct.fromJavaScript(config));
    await this.call("configure", request);
  }

  async check(urn: string, olds: Record<string, Wire>, news: Record<string, Wire>) {
    const request = new providerProto.CheckRequest();
    request.setUrn(urn);
    request.setOlds(structProto.Struct.fromJavaScript(olds));
    request.setNews(structProto.Struct.fromJavaScript(news));
    const response = await this.call<{
      getInputs(): { toJavaScript(): Record<string, Wire> };
      getFailuresList(): Array<{ getProperty(): string; getReason(): string }>;
    }>("check", request);
    return {
      inputs: response.getInputs().toJavaScript(),
      failures: response.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() })),
    };
  }

  async diff(
    urn: string,
    id: string,
    olds: Record<string, Wire>,
    news: Record<string, Wire>,
  ): Promise<DiffAnswer> {
    const request = new providerProto.DiffRequest();
    request.setUrn(urn);
    request.setId(id);
    request.setOlds(structProto.Struct.fromJavaScript(olds));
    request.setNews(structProto.Struct.fromJavaScript(news));
    const response = await this.call<{
      getChanges(): number;
      getReplacesList(): string[];
      getDeletebeforereplace(): boolean;
    }>("diff", request);
    const changes = (["unknown", "none", "some"] as const)[response.getChanges()] ?? "unknown";
    return {
      changes,
      replaces: response.getReplacesList(),
      deleteBeforeReplace: response.getDeletebeforereplace(),
    };
  }

  async create(urn: string, properties: Record<string, Wire>) {
    const request = new providerProto.CreateRequest();
    request.setUrn(urn);
    request.setProperties(structProto.Struct.fromJavaScript(properties));
    const response = await this.call<{
      getId(): string;
      getProperties(): { toJavaScript(): Record<string, Wire> };
    }>("create", request);
    return { id: response.getId(), outputs: response.getProperties().toJavaScript() };
  }

  async read(urn: string, id: string, properties: Record<string, Wire>, inputs: Record<string, Wire>) {
    const request = new providerProto.ReadRequest();
    request.setUrn(urn);
    request.setId(id);
    request.setProperties(structProto.Struct.fromJavaScript(properties));
    request.setInputs(structProto.Struct.fromJavaScript(inputs));
    const response = await this.call<{
      getId(): string;
      getProperties(): { toJavaScript(): Record<string, Wire> } | undefined;
    }>("read", request);
    return { id: response.getId(), outputs: response.getProperties()?.toJavaScript() ?? {} };
  }

  async update(urn: string, id: string, olds: Record<string, Wire>, news: Record<string, Wire>) {
    const request = new providerProto.UpdateRequest();
    request.setUrn(urn);
    request.setId(id);
    request.setOlds(structProto.Struct.fromJavaScript(olds));
    request.setNews(structProto.Struct.fromJavaScript(news));
    const response = await this.call<{ getProperties(): { toJavaScript(): Record<string, Wire> } }>(
      "update",
      request,
    );
    return { outputs: response.getProperties().toJavaScript() };
  }

  async delete(urn: string, id: string, properties: Record<string, Wire>): Promise<void> {
    const request = new providerProto.DeleteRequest();
    request.setUrn(urn);
    request.setId(id);
    request.setProperties(structProto.Struct.fromJavaScript(properties));
    await this.call("delete", request);
  }
}
