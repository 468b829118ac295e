import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

const root = new URL("../../", import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), "utf8");
const validateProject = new Ajv2020({ allErrors: true, strict: false }).compile(
  JSON.parse(read("test/pulumi/project.schema.json")) as object,
);

describe("Pulumi.yaml", () => {
  const project = parse(read("Pulumi.yaml")) as Record<string, unknown>;

  it("validates against Pulumi's project-file schema", () => {
    const valid = validateProject(project);
    expect(validateProject.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it("the schema rejects a malformed project file (the check can fail)", () => {
    expect(validateProject({ name: "omnidoc", runtime: { name: "nodejs", option: {} } })).toBe(false);
    expect(validateProject({ runtime: "nodejs" })).toBe(false);
  });

  it("runs index.ts with Node's own TypeScript support, as an ES module", () => {
    expect(project.runtime).toEqual({
      name: "nodejs",
      options: { typescript: false, packagemanager: "npm" },
    });
    expect(project.main).toBe("index.ts");
    const pkg = JSON.parse(read("package.json")) as { type: string; main: string };
    expect(pkg.type).toBe("module");
  });
});

describe("Pulumi.prod.yaml", () => {
  const stack = parse(read("Pulumi.prod.yaml")) as { config: Record<string, unknown> };

  it("holds no secret values: those are set with `pulumi config set --secret`", () => {
    for (const key of [
      "omnidoc:geminiApiKey",
      "omnidoc:redisPassword",
      "omnidoc:redisUrl",
      "omnidoc:databaseUrl",
      "railway:token",
    ]) {
      expect(stack.config[key]).toBeUndefined();
    }
    expect(stack.config["omnidoc:projectName"]).toBe("omnidoc");
  });
});
