/**
 * Serializes every provider exactly as `pulumi.dynamic.Resource` does (Pulumi's closure serializer, in a
 * plain Node process like the program's) and prints `{ kind: text }` as JSON.
 */
import * as pulumi from "@pulumi/pulumi";
import type { ResourceKind } from "../../components/providers/kinds.ts";
import { providerFor } from "../../components/resources/providerLoader.ts";

const kinds: ResourceKind[] = [
  "Project",
  "Environment",
  "Service",
  "ServiceSettings",
  "ServiceVariables",
  "SharedVariables",
  "ServiceDomain",
  "Deployment",
];
const texts: Record<string, string> = {};
for (const kind of kinds) {
  const provider = providerFor(kind);
  const serialized = await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true });
  texts[kind] = serialized.text;
}
process.stdout.write(JSON.stringify(texts));
