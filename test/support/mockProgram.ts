/**
 * Layer 2: runs a program under `pulumi.runtime.setMocks` in a plain Node process (as Pulumi runs a
 * program, so the real closure serializer runs) and prints every resource registration as JSON:
 * `node test/support/mockProgram.ts <program.ts> <configJson>`.
 */
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import * as pulumi from "@pulumi/pulumi";

// The SDK's own count of outstanding registrations: resources register only after the program's
// synchronous run (components/resources/preflight.ts), so a fixed wait is not enough on a busy machine.
const pulumiRequire = createRequire(createRequire(import.meta.url).resolve("@pulumi/pulumi"));
const settings = pulumiRequire("./runtime/settings") as { waitForRPCs(): Promise<void> };

const [program, configJson = "{}"] = process.argv.slice(2);
const config = JSON.parse(configJson) as Record<string, { value: string; secret?: boolean }>;
process.env.PULUMI_CONFIG = JSON.stringify(
  Object.fromEntries(Object.entries(config).map(([k, v]) => [k, v.value])),
);
process.env.PULUMI_CONFIG_SECRET_KEYS = JSON.stringify(
  Object.entries(config)
    .filter(([, v]) => v.secret)
    .map(([k]) => k),
);

const registrations: Array<{ type: string; name: string; inputs: Record<string, unknown> }> = [];
let counter = 0;
await pulumi.runtime.setMocks(
  {
    newResource(args) {
      registrations.push({ type: args.type, name: args.name, inputs: args.inputs });
      counter += 1;
      if (args.type === "pulumi:pulumi:StackReference") {
        const serviceIds = {
          Redis: "s-redis",
          "omnidoc-backend": "s-api",
          "omnidoc-celery-worker": "s-worker",
        };
        return { id: args.name, state: { outputs: { projectId: "p-1", serviceIds }, secretOutputNames: [] } };
      }
      return {
        id: `id-${counter}`,
        state: { ...args.inputs, revision: "r", revisions: {}, url: "https://x.up.railway.app" },
      };
    },
    call: () => ({}),
  },
  "omnidoc",
  "prod",
  false,
);

let error: string | undefined;
try {
  await import(pathToFileURL(program ?? "index.ts").href);
  await settings.waitForRPCs();
} catch (caught) {
  error = (caught as Error).message;
}
process.stdout.write(JSON.stringify({ error, registrations }));
