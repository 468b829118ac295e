/**
 * A small stand-in for the Pulumi engine, for machines without the Pulumi CLI. The program runs under the
 * SDK's own mock runtime (`setMocks`), but every dynamic-resource registration is forwarded to Pulumi's real
 * dynamic-provider host over gRPC — Configure first, then Check, Diff, Create/Update (or Read on refresh)
 * and Delete — with the state kept in a file between runs. So a test can run preview → up → refresh → up →
 * destroy the way the CLI would, against the Railway emulator.
 *
 * Modelled: check failures, custom diff (none / update / replace), create-before-delete replacement,
 * deletion of resources no longer declared (dependents first), refresh (Read; an empty id drops the
 * resource), preview (Check and Diff only, unknown outputs), secrets (the engine strips them before calling
 * the provider, which does not accept secrets, re-marks output keys that were secret inputs, and honours
 * `additionalSecretOutputs`), `retainOnDelete`, StackReference outputs between stacks, encrypted secrets in
 * the state file.
 * Aliases as the engine resolves them (test/engine/aliases.ts): by URN, then declared aliases, then those
 * inherited from an aliased parent; an old resource claimed by an alias is renamed, not deleted.
 * Not modelled: `protect`, `ignoreChanges`, the engine's own default diff for providers without
 * diff(), parallelism limits, pending operations after a crash, partial-failure state for a failed create,
 * policy packs and the real state format.
 */
import { pathToFileURL } from "node:url";
import { AliasResolver, type AliasSpec, aliasSpecsOf, resourceUrn } from "./aliases.ts";
import { ProviderHost } from "./providerHost.ts";
import { mocks, resourceProto, settings, state, structProto } from "./pulumiModules.ts";
import { loadState, type ResourceState, type StackState, saveState } from "./stateFile.ts";
import { containsUnknown, isSecret, markSecrets, secret, stripSecrets, UNKNOWN, type Wire } from "./wire.ts";

export type Operation = "preview" | "up" | "refresh" | "destroy";

export interface EngineJob {
  operation: Operation;
  /** Run a refresh first (`pulumi preview --refresh`, `pulumi up --refresh`). */
  refresh?: boolean;
  programPath: string;
  programDir: string;
  project: string;
  stack: string;
  /** Fully qualified keys (`omnidoc:concurrency`, `railway:token`). */
  config: Record<string, { value: string; secret?: boolean }>;
  statePath: string;
  /** Where other stacks' state files live, for StackReference (`<dir>/<stack>.json`). */
  stacksDir: string;
  passphrase: string;
}

export type StepOp =
  | "create"
  | "update"
  | "replace"
  | "same"
  | "delete"
  | "refresh-update"
  | "refresh-delete";

export interface Step {
  urn: string;
  type: string;
  name: string;
  op: StepOp;
  /** For refresh: the output keys that changed. */
  keys?: string[];
  /** The old URN the resource was found under through an alias (the engine renames it in the state). */
  aliasedFrom?: string;
}

export interface RunResult {
  ok: boolean;
  operation: Operation;
  steps: Step[];
  /** Steps other than `same`. */
  changes: number;
  errors: string[];
  outputs: Record<string, Wire>;
  hostStderr: string;
}

const DYNAMIC_PREFIX = "pulumi-nodejs:dynamic";

function configWire(config: EngineJob["config"]): Record<string, Wire> {
  return Object.fromEntries(
    Object.entries(config).map(([key, entry]) => [key, entry.secret ? secret(entry.value) : entry.value]),
  );
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Keys whose values differ between two plain output bags (for refresh reports). */
function changedOutputKeys(before: Record<string, Wire>, after: Record<string, Wire>): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((key) => key !== "__provider" && !sameJson(before[key], after[key])).sort();
}

class Engine {
  readonly steps: Step[] = [];
  readonly errors: string[] = [];
  private readonly job: EngineJob;
  private readonly host: ProviderHost;
  private state: StackState;
  private readonly newResources: ResourceState[] = [];
  private readonly replaced: ResourceState[] = [];
  private readonly undeleted: ResourceState[] = [];
  /** Old URNs that a new resource claimed through an alias: not deleted, they were renamed. */
  private readonly claimed = new Set<string>();
  private readonly aliases: AliasResolver;

  constructor(job: EngineJob, host: ProviderHost) {
    this.job = job;
    this.host = host;
    this.state = loadState(job.statePath, job.passphrase);
    this.aliases = new AliasResolver(job.stack, job.project);
  }

  get preview(): boolean {
    return this.job.operation === "preview";
  }

  private old(urn: string): ResourceState | undefined {
    return this.state.resources.find((resource) => resource.urn === urn);
  }

  /** The old state of a registration, found by URN or alias the way the engine finds it. */
  private previous(goal: { urn: string; type: string; name: string; parent: string; aliases: AliasSpec[] }) {
    const found = this.aliases.find(goal, (urn) => this.old(urn));
    if (found && found.from !== goal.urn) this.claimed.add(found.from);
    return found;
  }

  /** Refresh: Read every dynamic resource; an empty id means it is gone. */
  async refresh(): Promise<void> {
    const refreshed = await Promise.all(
      this.state.resources.map(async (resource): Promise<ResourceState | undefined> => {
        if (!resource.custom || !resource.type.startsWith(DYNAMIC_PREFIX)) return resource;
        try {
          const outputs = stripSecrets(resource.outputs);
          const inputs = stripSecrets(resource.inputs).plain;
          const read = await this.host.read(resource.urn, resource.id, outputs.plain, inputs);
          if (!read.id) {
            this.steps.push({
              urn: resource.urn,
              type: resource.type,
              name: resource.name,
              op: "refresh-delete",
            });
            return undefined;
          }
          const keys = changedOutputKeys(outputs.plain, read.outputs);
          if (keys.length > 0) {
            this.steps.push({
              urn: resource.urn,
              type: resource.type,
              name: resource.name,
              op: "refresh-update",
              keys,
            });
          }
          const secretKeys = [...outputs.secretKeys, ...resource.additionalSecretOutputs];
          return { ...resource, id: read.id, outputs: markSecrets(read.outputs, secretKeys) };
        } catch (error) {
          this.errors.push(`refresh of ${resource.urn} failed: ${(error as Error).message}`);
          return resource;
        }
      }),
    );
    this.state = { ...this.state, resources: refreshed.filter((resource) => resource !== undefined) };
  }

  /** One dynamic resource registration, decided and carried out like the engine's step generator. */
  async register(request: {
    urn: string;
    type: string;
    name: string;
    parent: string;
    inputs: Record<string, Wire>;
    dependencies: string[];
    additionalSecretOutputs: string[];
    retainOnDelete: boolean;
    aliases: AliasSpec[];
  }): Promise<{ id: string; outputs: Record<string, Wire> }> {
    const { urn } = request;
    const found = this.previous(request);
    const old = found?.old;
    const { plain: news, secretKeys } = stripSecrets(request.inputs);
    const olds = old ? stripSecrets(old.inputs).plain : {};
    const checked = await this.host.check(urn, olds, news);
    if (checked.failures.length > 0) {
      throw new Error(checked.failures.map((failure) => failure.reason).join("; "));
    }
    const inputs = checked.inputs;
    let id: string;
    let outputs: Record<string, Wire>;
    let op: StepOp;
    if (!old) {
      op = "create";
      if (this.preview) {
        id = "";
        outputs = inputs;
      } else {
        ({ id, outputs } = await this.host.create(urn, inputs));
      }
    } else {
      const oldOutputs = stripSecrets(old.outputs).plain;
      const diff = await this.host.diff(urn, old.id, oldOutputs, inputs);
      if (diff.changes === "none") {
        op = "same";
        id = old.id;
        outputs = oldOutputs;
      } else if (diff.replaces.length > 0) {
        op = "replace";
        if (this.preview) {
          id = "";
          outputs = inputs;
        } else {
          ({ id, outputs } = await this.host.create(urn, inputs));
          this.replaced.push(old);
        }
      } else {
        op = "update";
        id = old.id;
        outputs = this.preview
          ? { ...oldOutputs, ...inputs }
          : (await this.host.update(urn, old.id, oldOutputs, inputs)).outputs;
      }
    }
    this.steps.push({
      urn,
      type: request.type,
      name: request.name,
      op,
      ...(found && found.from !== urn ? { aliasedFrom: found.from } : {}),
    });
    const secretOutputKeys = [...secretKeys, ...request.additionalSecretOutputs];
    const resource: ResourceState = {
      urn,
      type: request.type,
      name: request.name,
      custom: true,
      id,
      parent: request.parent,
      dependencies: request.dependencies,
      inputs: markSecrets(inputs, secretKeys),
      outputs: markSecrets(outputs, secretOutputKeys),
      additionalSecretOutputs: request.additionalSecretOutputs,
      retainOnDelete: request.retainOnDelete,
    };
    this.newResources.push(resource);
    return { id, outputs: resource.outputs };
  }

  recordComponent(urn: string, type: string, name: string, parent: string, aliases: AliasSpec[]): void {
    this.previous({ urn, type, name, parent, aliases });
    this.newResources.push({
      urn,
      type,
      name,
      custom: false,
      id: "",
      parent,
      dependencies: [],
      inputs: {},
      outputs: {},
      additionalSecretOutputs: [],
      retainOnDelete: false,
    });
  }

  stackReferenceOutputs(stackName: string): { outputs: Record<string, Wire>; secretOutputNames: string[] } {
    const file = `${this.job.stacksDir}/${stackName.split("/").pop()}.json`;
    const state = loadState(file, this.job.passphrase);
    if (state.resources.length === 0 && Object.keys(state.outputs).length === 0) {
      throw new Error(`unknown stack "${stackName}": it has no state (${file})`);
    }
    const secretOutputNames = Object.entries(state.outputs)
      .filter(([, value]) => isSecret(value))
      .map(([key]) => key);
    return { outputs: state.outputs, secretOutputNames };
  }

  /** Deletes, dependents first: replaced resources, then those the program no longer declares. */
  async deleteRemoved(all: boolean): Promise<void> {
    const declared = new Set(
      all ? [] : [...this.newResources.map((resource) => resource.urn), ...this.claimed],
    );
    const removed = [
      ...this.replaced.map((resource) => ({ resource, replaced: true })),
      ...this.state.resources
        .filter((resource) => !declared.has(resource.urn))
        .reverse()
        .map((resource) => ({ resource, replaced: false })),
    ];
    for (const [index, { resource, replaced }] of removed.entries()) {
      if (!resource.custom) continue;
      // A replaced resource already has its "replace" step.
      if (!replaced)
        this.steps.push({ urn: resource.urn, type: resource.type, name: resource.name, op: "delete" });
      if (!resource.type.startsWith(DYNAMIC_PREFIX) || resource.retainOnDelete || this.preview) continue;
      try {
        await this.host.delete(resource.urn, resource.id, stripSecrets(resource.outputs).plain);
      } catch (error) {
        this.errors.push(`delete of ${resource.urn} failed: ${(error as Error).message}`);
        // What could not be deleted stays in the state, and nothing after it is deleted.
        for (const rest of removed.slice(index)) if (!rest.replaced) this.undeleted.push(rest.resource);
        return;
      }
    }
  }

  /**
   * Writes the state. After a failed run, resources the program did not get to re-declare stay as they
   * were (the engine never deletes because of a failure); after a destroy, only what could not be deleted.
   */
  persist(outputs: Record<string, Wire>, complete: boolean): void {
    if (this.preview) return;
    const kept = complete
      ? []
      : this.state.resources.filter(
          (old) => !this.newResources.some((r) => r.urn === old.urn) && !this.claimed.has(old.urn),
        );
    const resources = [...this.newResources, ...kept, ...this.undeleted];
    saveState(this.job.statePath, { resources, outputs }, this.job.passphrase);
  }

  persistRefreshed(): void {
    saveState(this.job.statePath, this.state, this.job.passphrase);
  }

  get resourcesAfterRefresh(): ResourceState[] {
    return this.state.resources;
  }
}

/** The SDK's mock monitor, with registrations routed through the engine and the provider host. */
function engineMonitor(engine: Engine, job: EngineJob) {
  const monitor = new mocks.MockMonitor({
    newResource: () => {
      throw new Error("unreachable");
    },
    call: () => {
      throw new Error("invokes are not supported by this harness");
    },
  });
  monitor.registerResource = async (
    // biome-ignore lint/suspicious/noExplicitAny: protobuf request objects.
    request: any,
    callback: (error: Error | null, response?: unknown) => void,
  ) => {
    try {
      const type: string = request.getType();
      const name: string = request.getName();
      const parent: string = request.getParent();
      const urn = resourceUrn(job.stack, job.project, parent, type, name);
      const response = new resourceProto.RegisterResourceResponse();
      response.setUrn(urn);
      if (!request.getCustom()) {
        engine.recordComponent(urn, type, name, parent, aliasSpecsOf(request));
        // The SDK later registers the component's outputs against this entry.
        monitor.resources.set(urn, { urn, id: null, state: {} });
        response.setObject(structProto.Struct.fromJavaScript({}));
        callback(null, response);
        return;
      }
      if (!type.startsWith(DYNAMIC_PREFIX)) throw new Error(`${type}: only dynamic resources are supported`);
      const result = await engine.register({
        urn,
        type,
        name,
        parent,
        inputs: request.getObject().toJavaScript(),
        dependencies: request.getDependenciesList(),
        additionalSecretOutputs: request.getAdditionalsecretoutputsList(),
        retainOnDelete: Boolean(request.getRetainondelete?.()),
        aliases: aliasSpecsOf(request),
      });
      response.setId(result.id || (engine.preview ? UNKNOWN : ""));
      response.setObject(structProto.Struct.fromJavaScript(result.outputs));
      monitor.resources.set(urn, { urn, id: result.id, state: result.outputs });
      callback(null, response);
    } catch (error) {
      const message = `${request.getType()} "${request.getName()}": ${(error as Error).message}`;
      engine.errors.push(message);
      callback(new Error(message));
    }
  };
  monitor.readResource = async (
    // biome-ignore lint/suspicious/noExplicitAny: protobuf request objects.
    request: any,
    callback: (error: Error | null, response?: unknown) => void,
  ) => {
    try {
      const type: string = request.getType();
      if (type !== "pulumi:pulumi:StackReference")
        throw new Error(`${type}: only StackReference reads are supported`);
      const stackName: string = request.getId();
      const { outputs, secretOutputNames } = engine.stackReferenceOutputs(stackName);
      const urn = resourceUrn(job.stack, job.project, request.getParent(), type, request.getName());
      const response = new resourceProto.ReadResourceResponse();
      response.setUrn(urn);
      response.setProperties(
        structProto.Struct.fromJavaScript({ name: stackName, outputs, secretOutputNames }),
      );
      callback(null, response);
    } catch (error) {
      engine.errors.push((error as Error).message);
      callback(error as Error);
    }
  };
  return monitor;
}

type OutputLike = { promise: (withUnknowns?: boolean) => Promise<unknown>; isSecret?: Promise<boolean> };

function isOutputLike(value: unknown): value is OutputLike {
  return typeof (value as { promise?: unknown } | null)?.promise === "function";
}

/**
 * An export's value with every Output in it resolved, as the SDK does for a stack's outputs (a plain
 * object may hold Outputs: `export const ids = { api: api.id }`); `secret` says whether any was secret.
 */
async function resolveExport(value: unknown): Promise<{ value: unknown; secret: boolean }> {
  if (isOutputLike(value)) {
    const inner = await resolveExport(await value.promise(true));
    return { value: inner.value, secret: inner.secret || Boolean(await value.isSecret) };
  }
  if (Array.isArray(value)) {
    const items = await Promise.all(value.map(resolveExport));
    return { value: items.map((item) => item.value), secret: items.some((item) => item.secret) };
  }
  if (value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    const entries = await Promise.all(
      Object.entries(value).map(async ([key, item]) => [key, await resolveExport(item)] as const),
    );
    return {
      value: Object.fromEntries(entries.map(([key, item]) => [key, item.value])),
      secret: entries.some(([, item]) => item.secret),
    };
  }
  return { value, secret: false };
}

/** Resolves the program's exports (its stack outputs) to wire values, secrets kept tagged. */
async function stackOutputs(exports: Record<string, unknown>): Promise<Record<string, Wire>> {
  const result: Record<string, Wire> = {};
  for (const [key, value] of Object.entries(exports)) {
    if (value === undefined || typeof value === "function") continue;
    const resolved = await resolveExport(value);
    const wire =
      resolved.value === undefined || containsUnknownMarker(resolved.value)
        ? UNKNOWN
        : (resolved.value as Wire);
    result[key] = resolved.secret ? secret(wire) : wire;
  }
  return result;
}

function containsUnknownMarker(value: unknown): boolean {
  return (
    containsUnknown(value) ||
    (typeof value === "object" && value !== null && value.constructor?.name === "Unknown")
  );
}

export async function runEngine(job: EngineJob, hostEnv: NodeJS.ProcessEnv): Promise<RunResult> {
  const host = await ProviderHost.start({ cwd: job.programDir, project: job.project, env: hostEnv });
  const engine = new Engine(job, host);
  let outputs: Record<string, Wire> = {};
  try {
    await host.configure(configWire(job.config));
    if (job.operation === "refresh" || job.refresh) await engine.refresh();
    if (job.operation === "refresh") {
      engine.persistRefreshed();
    } else if (job.operation === "destroy") {
      await engine.deleteRemoved(true);
      engine.persist({}, true);
    } else {
      settings.setMockOptions(engineMonitor(engine, job), job.project, job.stack, engine.preview);
      enableMockFeatures();
      const rejections: string[] = [];
      const onRejection = (reason: unknown) => rejections.push(String((reason as Error)?.message ?? reason));
      process.on("unhandledRejection", onRejection);
      try {
        const program = (await import(pathToFileURL(job.programPath).href)) as Record<string, unknown>;
        await settings.waitForRPCs();
        outputs = await stackOutputs(program);
        await settings.waitForRPCs();
      } catch (error) {
        // A failed registration also fails the program; report the cause once.
        const message = (error as Error).message;
        if (!engine.errors.some((known) => message.includes(known)))
          engine.errors.push(`the program failed: ${message}`);
      }
      process.off("unhandledRejection", onRejection);
      for (const rejection of rejections) {
        if (!engine.errors.some((error) => rejection.includes(error) || error.includes(rejection))) {
          engine.errors.push(rejection);
        }
      }
      const succeeded = engine.errors.length === 0;
      if (succeeded) await engine.deleteRemoved(false);
      engine.persist(outputs, succeeded);
    }
  } finally {
    host.stop();
  }
  const changes = engine.steps.filter((step) => step.op !== "same").length;
  return {
    ok: engine.errors.length === 0,
    operation: job.operation,
    steps: engine.steps,
    changes,
    errors: engine.errors,
    outputs,
    hostStderr: host.stderr.join(""),
  };
}

/** The features `setMocks` turns on, for a monitor installed with `setMockOptions` directly. */
function enableMockFeatures(): void {
  const store = state.getStore();
  store.supportsSecrets = true;
  store.supportsResourceReferences = true;
  store.supportsOutputValues = false;
  store.supportsDeletedWith = true;
  store.supportsAliasSpecs = true;
  store.supportsTransforms = false;
}
