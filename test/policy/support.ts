/**
 * The policy pack without the CLI: programs run under `setMocks` (capture.ts) and their resources handed
 * to each policy the way @pulumi/policy's own analyzer server hands them over (its server.js): the
 * properties deserialized and wrapped by the SDK's own code (secrets unwrapped for validation, kept as
 * `Secret` objects for remediation, unknown values throwing on read), `__provider` left out as the
 * engine leaves internal keys out of Analyze and AnalyzeStack, parents and dependencies linked as
 * objects, and an UnknownValueError reported as the SDK reports it ("can't run … during preview").
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import type { PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { policies } from "../../policy/policies.ts";
import type { CapturedResource } from "./capture.ts";

export const REPO = resolve(import.meta.dirname, "../..");

/** The @pulumi/policy copy the pack itself loads (policy/node_modules when installed, else the root's). */
const policyRequire = createRequire(
  createRequire(join(REPO, "policy/policies.ts")).resolve("@pulumi/policy"),
);
const sdk = {
  deserializeProperties: policyRequire("./deserialize").deserializeProperties as (
    struct: { toJavaScript(): unknown },
    proxySecrets: boolean,
  ) => Record<string, unknown>,
  serializeProperties: policyRequire("./deserialize").serializeProperties as (
    value: unknown,
  ) => Promise<unknown>,
  unknownCheckingProxy: policyRequire("./proxy").unknownCheckingProxy as <T>(value: T) => T,
};

export interface Captured {
  error: string | undefined;
  resources: CapturedResource[];
}

/** Runs a program under mocks in its own process (the SDK's runtime is global per process). */
export function capture(
  program: string,
  options: {
    project: string;
    stack: string;
    config?: Record<string, string | { value: string; secret: true }>;
  },
): Captured {
  const config = Object.fromEntries(
    Object.entries(options.config ?? {}).map(([key, value]) => [
      key.includes(":") ? key : `${options.project}:${key}`,
      typeof value === "string" ? { value } : value,
    ]),
  );
  const output = execFileSync(
    process.execPath,
    [
      join(REPO, "test/policy/capture.ts"),
      resolve(REPO, program),
      options.project,
      options.stack,
      JSON.stringify(config),
    ],
    { cwd: REPO, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
  );
  return JSON.parse(output) as Captured;
}

/**
 * examples/acme-shop/index.ts, run from a copy inside the repository: there the package resolves by its
 * own name (the repository's package.json) to this checkout's build, while the example's own folder
 * resolves it only from its node_modules, installed from the packed tarball (test/examples/acmeShop.test.ts).
 */
export function acmeShopProgram(): string {
  const folder = join(REPO, ".tmp", "policy-programs", "acme-shop");
  mkdirSync(folder, { recursive: true });
  copyFileSync(join(REPO, "examples/acme-shop/index.ts"), join(folder, "index.ts"));
  return join(folder, "index.ts");
}

function withoutInternalKeys(inputs: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(inputs).filter(([key]) => !key.startsWith("__")));
}

const OPTIONS = {
  protect: false,
  ignoreChanges: [],
  aliases: [],
  customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
};

/** The captured resources as a stack policy receives them (the program's Stack resource included). */
export function policyResources(captured: Captured): PolicyResource[] {
  const byUrn = new Map<string, PolicyResource>();
  const resources = captured.resources.map((resource) => {
    const props = sdk.unknownCheckingProxy(
      sdk.deserializeProperties({ toJavaScript: () => withoutInternalKeys(resource.inputs) }, false),
    );
    const policyResource: PolicyResource = {
      type: resource.type,
      props,
      urn: resource.urn,
      name: resource.name,
      opts: {
        ...OPTIONS,
        additionalSecretOutputs: resource.additionalSecretOutputs,
        ...(resource.parent ? { parent: resource.parent } : {}),
      },
      dependencies: [],
      propertyDependencies: {},
      isType: () => false,
      asType: () => undefined,
    };
    byUrn.set(resource.urn, policyResource);
    return policyResource;
  });
  captured.resources.forEach((resource, index) => {
    const policyResource = resources[index] as PolicyResource;
    const parent = resource.parent ? byUrn.get(resource.parent) : undefined;
    if (parent) policyResource.parent = parent;
    const link = (urns: string[]) => urns.map((urn) => byUrn.get(urn)).filter((found) => found !== undefined);
    policyResource.dependencies = link(resource.dependencies);
    for (const [key, urns] of Object.entries(resource.propertyDependencies))
      policyResource.propertyDependencies[key] = link(urns);
  });
  return resources;
}

export interface Violation {
  policy: string;
  level: "advisory" | "mandatory";
  message: string;
  /** The resource the violation is about (its name). */
  resource: string | undefined;
}

function isUnknownValueError(error: unknown): boolean {
  return (error as Error)?.constructor?.name === "UnknownValueError";
}

const notApplicable = (reason?: string): never => {
  throw new Error(`not applicable: ${reason}`);
};

/** Every violation the validation policies report on these resources, each with its enforcement level. */
export async function validate(
  resources: PolicyResource[],
  pack: readonly (ResourceValidationPolicy | StackValidationPolicy)[] = policies,
): Promise<Violation[]> {
  const violations: Violation[] = [];
  const names = new Map(resources.map((resource) => [resource.urn, resource.name]));
  for (const policy of pack) {
    const level = policy.enforcementLevel === "advisory" ? "advisory" : "mandatory";
    const report =
      (fallback: string | undefined) =>
      (message: string, urn?: string): void => {
        violations.push({ policy: policy.name, level, message, resource: urn ? names.get(urn) : fallback });
      };
    const unknown = (error: unknown, resource: string | undefined) => {
      if (!isUnknownValueError(error)) throw error;
      violations.push({
        policy: policy.name,
        level: "advisory",
        message: `can't run policy '${policy.name}' during preview: ${(error as Error).message}`,
        resource,
      });
    };
    if ("validateStack" in policy) {
      try {
        await policy.validateStack(
          { resources, stackTags: new Map(), getConfig: () => ({}) as never, notApplicable },
          report(undefined),
        );
      } catch (error) {
        unknown(error, undefined);
      }
      continue;
    }
    const validations = [policy.validateResource ?? []].flat();
    for (const resource of resources) {
      if (resource.type === "pulumi:pulumi:Stack") continue;
      for (const validation of validations) {
        try {
          await validation(
            {
              type: resource.type,
              props: resource.props,
              urn: resource.urn,
              name: resource.name,
              opts: resource.opts,
              stackTags: new Map(),
              isType: () => false,
              asType: () => undefined,
              getConfig: () => ({}) as never,
              notApplicable,
            },
            report(resource.name),
          );
        } catch (error) {
          unknown(error, resource.name);
        }
      }
    }
  }
  return violations;
}

export interface Remediation {
  policy: string;
  resource: string;
  /** The remediated properties in wire form (secrets marked), `__provider` dropped for brevity. */
  properties: Record<string, unknown>;
}

/** Every remediation the pack's remediating policies make, on the properties as the SDK gives them. */
export async function remediate(captured: Captured): Promise<Remediation[]> {
  const results: Remediation[] = [];
  for (const policy of policies) {
    if (
      policy.enforcementLevel !== "remediate" ||
      !("remediateResource" in policy) ||
      !policy.remediateResource
    )
      continue;
    for (const resource of captured.resources) {
      const props = sdk.unknownCheckingProxy(
        sdk.deserializeProperties({ toJavaScript: () => resource.inputs }, true),
      );
      const result = await policy.remediateResource({
        type: resource.type,
        props,
        urn: resource.urn,
        name: resource.name,
        opts: { ...OPTIONS, additionalSecretOutputs: resource.additionalSecretOutputs },
        stackTags: new Map(),
        isType: () => false,
        asType: () => undefined,
        getConfig: () => ({}) as never,
        notApplicable,
      });
      if (result) {
        const properties = withoutInternalKeys(
          (await sdk.serializeProperties(result)) as Record<string, unknown>,
        );
        results.push({ policy: policy.name, resource: resource.name, properties });
      }
    }
  }
  return results;
}

/** Every value marked secret in a wire-form value, by path. */
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
export function secretPaths(value: unknown, path = ""): string[] {
  if (value === null || typeof value !== "object") return [];
  const record = value as Record<string, unknown>;
  if (record["4dabf18193072939515e22adb298388d"] === SECRET_SIG) return [path];
  return Object.entries(record).flatMap(([key, inner]) => secretPaths(inner, path ? `${path}.${key}` : key));
}
