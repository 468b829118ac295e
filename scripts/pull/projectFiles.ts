/**
 * The Pulumi project around a pulled program, for `npm run pull -- --dir DIR`: `Pulumi.yaml` (Node's own
 * TypeScript support runs `index.ts` as an ES module, as this repository's own stack does) and a
 * `package.json` that installs this package and the Pulumi SDK it was built against.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";

const REPO = resolve(import.meta.dirname, "../..");

/** A Pulumi project name (letters, digits, '-', '_', '.') from a Railway project name. */
export function pulumiProjectName(railwayName: string): string {
  const name = railwayName
    .trim()
    .replace(/[^A-Za-z0-9_.-]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return name || "railway-app";
}

/** `Pulumi.yaml` and `package.json` for the program, by file name. */
export function projectFiles(railwayProjectName: string): Record<"Pulumi.yaml" | "package.json", string> {
  const own = JSON.parse(readFileSync(resolve(REPO, "package.json"), "utf8")) as {
    name: string;
    version: string;
    engines: { node: string };
    devDependencies: Record<string, string>;
  };
  const name = pulumiProjectName(railwayProjectName);
  const pulumiYaml = [
    `name: ${name}`,
    // A JSON string is a YAML double-quoted scalar: any project name stays one value.
    `description: ${JSON.stringify(`Railway project ${railwayProjectName}, adopted by npm run pull`)}`,
    "runtime:",
    "  name: nodejs",
    "  options:",
    "    typescript: false",
    "    packagemanager: npm",
    "main: index.ts",
    "",
  ].join("\n");
  const packageJson = {
    name: `${name.toLowerCase()}-infra`,
    private: true,
    type: "module",
    engines: own.engines,
    dependencies: {
      "@pulumi/pulumi": `^${own.devDependencies["@pulumi/pulumi"]}`,
      [own.name]: `^${own.version}`,
    },
  };
  return { "Pulumi.yaml": pulumiYaml, "package.json": `${JSON.stringify(packageJson, null, 2)}\n` };
}
