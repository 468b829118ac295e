/**
 * Runs a program under `pulumi.runtime.setMocks` in a fresh Node process and prints, as JSON, every
 * resource it registers the way the engine would hand it to a policy pack: type, name, URN, parent,
 * dependencies and per-property dependencies (read from the registration request itself, which the
 * mocks' `newResource` does not see), resource options, and the inputs in wire form (secrets marked),
 * plus a `pulumi:pulumi:Stack` resource holding the program's exports.
 *
 *   node test/policy/capture.ts <program.ts> <project> <stack> <configJson>
 */
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import * as pulumi from "@pulumi/pulumi";

const [program = "", project = "omnidoc", stack = "prod", configJson = "{}"] = process.argv.slice(2);
const config = JSON.parse(configJson) as Record<string, { value: string; secret?: boolean }>;
process.env.PULUMI_CONFIG = JSON.stringify(
  Object.fromEntries(Object.entries(config).map(([k, v]) => [k, v.value])),
);
process.env.PULUMI_CONFIG_SECRET_KEYS = JSON.stringify(
  Object.entries(config)
    .filter(([, v]) => v.secret)
    .map(([k]) => k),
);

export interface CapturedResource {
  urn: string;
  type: string;
  name: string;
  custom: boolean;
  parent: string | undefined;
  dependencies: string[];
  propertyDependencies: Record<string, string[]>;
  additionalSecretOutputs: string[];
  /** Inputs as they travel to the engine: secrets as `{4dabf…: 1b47…, value}`. */
  inputs: Record<string, unknown>;
}

const pulumiRequire = createRequire(createRequire(import.meta.url).resolve("@pulumi/pulumi"));
const settings = pulumiRequire("./runtime/settings") as {
  getMonitor(): Record<string, unknown>;
  waitForRPCs(): Promise<void>;
};
const rpc = pulumiRequire("./runtime/rpc") as {
  serializeProperties(label: string, props: Record<string, unknown>): Promise<Record<string, unknown>>;
};

const captured: CapturedResource[] = [];
let counter = 0;
await pulumi.runtime.setMocks(
  {
    newResource(args) {
      counter += 1;
      if (args.type === "pulumi:pulumi:StackReference") {
        const serviceIds = {
          Redis: "s-redis",
          "omnidoc-backend": "s-api",
          "omnidoc-celery-worker": "s-worker",
        };
        return { id: args.name, state: { outputs: { projectId: "p-production", serviceIds } } };
      }
      return {
        id: `${args.name}-id-${counter}`,
        state: { ...args.inputs, revision: "r", revisions: {}, url: "https://x.up.railway.app" },
      };
    },
    call: () => ({}),
  },
  project,
  stack,
  false,
);

// The mock monitor answers registrations; wrapping it records what each request carried.
type Request = {
  getType(): string;
  getName(): string;
  getCustom(): boolean;
  getParent(): string;
  getDependenciesList(): string[];
  getPropertydependenciesMap(): {
    forEach(visit: (value: { getUrnsList(): string[] }, key: string) => void): void;
  };
  getAdditionalsecretoutputsList(): string[];
  getObject(): { toJavaScript(): Record<string, unknown> };
};
const monitor = settings.getMonitor() as {
  registerResource(
    request: Request,
    callback: (error: unknown, response?: { getUrn(): string }) => void,
  ): void;
};
const register = monitor.registerResource.bind(monitor);
function propertyDependencies(request: Request): Record<string, string[]> {
  const found: Record<string, string[]> = {};
  request.getPropertydependenciesMap().forEach((value, key) => {
    found[key] = value.getUrnsList();
  });
  return found;
}
monitor.registerResource = (request, callback) =>
  register(request, (error, response) => {
    if (!error && response)
      captured.push({
        urn: response.getUrn(),
        type: request.getType(),
        name: request.getName(),
        custom: request.getCustom(),
        parent: request.getParent() || undefined,
        dependencies: request.getDependenciesList(),
        propertyDependencies: propertyDependencies(request),
        additionalSecretOutputs: request.getAdditionalsecretoutputsList(),
        inputs: request.getObject().toJavaScript(),
      });
    callback(error, response);
  });

let error: string | undefined;
try {
  const exports = (await import(pathToFileURL(program).href)) as Record<string, unknown>;
  // Every registration settled: resources register only after the program's synchronous run.
  await settings.waitForRPCs();
  const outputs = await rpc.serializeProperties("exports", { ...exports });
  captured.push({
    urn: `urn:pulumi:${stack}::${project}::pulumi:pulumi:Stack::${project}-${stack}`,
    type: "pulumi:pulumi:Stack",
    name: `${project}-${stack}`,
    custom: false,
    parent: undefined,
    dependencies: [],
    propertyDependencies: {},
    additionalSecretOutputs: [],
    inputs: outputs,
  });
} catch (caught) {
  error = (caught as Error).message;
}
process.stdout.write(JSON.stringify({ error, resources: captured }));
