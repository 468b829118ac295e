/**
 * The pack as the Pulumi CLI runs it, without the CLI: Pulumi's own policy runner
 * (`@pulumi/pulumi/cmd/run-policy-pack`, found from the pack's folder as the Node language host finds
 * it) started in policy/, which loads main.js with ts-node registered, serves the analyzer on a port it
 * prints, and answers the engine's RPCs (GetAnalyzerInfo, Analyze, AnalyzeStack, Remediate), spoken to
 * here with the SDK's generated gRPC stubs on resources captured from real programs.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CapturedResource } from "./capture.ts";
import { capture, REPO, SECRET_SIG } from "./support.ts";

// biome-ignore lint/suspicious/noExplicitAny: the generated protobuf stubs ship without usable types here.
type Untyped = any;

const pulumiRequire = createRequire(createRequire(join(REPO, "package.json")).resolve("@pulumi/pulumi"));
const grpc: Untyped = pulumiRequire("@grpc/grpc-js");
const analyzerProto: Untyped = pulumiRequire("@pulumi/pulumi/proto/analyzer_pb");
const analyzerGrpc: Untyped = pulumiRequire("@pulumi/pulumi/proto/analyzer_grpc_pb");
const structProto: Untyped = pulumiRequire("google-protobuf/google/protobuf/struct_pb");
const emptyProto: Untyped = pulumiRequire("google-protobuf/google/protobuf/empty_pb");

const LEVELS = ["advisory", "mandatory", "disabled", "remediate"] as const;

let runner: ChildProcess;
let client: Untyped;

function call<T>(method: string, request: unknown): Promise<T> {
  return new Promise((resolve, reject) =>
    client[method](request, (error: Error | null, response: T) =>
      error ? reject(error) : resolve(response),
    ),
  );
}

/** A captured resource as the engine marshals it for Analyze and AnalyzeStack (internal keys left out). */
function analyzerResource(resource: CapturedResource, keepInternal = false): Untyped {
  const message = new analyzerProto.AnalyzerResource();
  message.setUrn(resource.urn);
  message.setType(resource.type);
  message.setName(resource.name);
  const properties = Object.fromEntries(
    Object.entries(resource.inputs).filter(([key]) => keepInternal || !key.startsWith("__")),
  );
  message.setProperties(structProto.Struct.fromJavaScript(properties));
  const options = new analyzerProto.AnalyzerResourceOptions();
  options.setAdditionalsecretoutputsList(resource.additionalSecretOutputs);
  if (resource.parent) options.setParent(resource.parent);
  message.setOptions(options);
  if (resource.parent) message.setParent(resource.parent);
  message.setDependenciesList(resource.dependencies);
  const dependencies = message.getPropertydependenciesMap();
  for (const [key, urns] of Object.entries(resource.propertyDependencies)) {
    if (urns.length === 0) continue;
    const entry = new analyzerProto.AnalyzerPropertyDependencies();
    entry.setUrnsList(urns);
    dependencies.set(key, entry);
  }
  return message;
}

function analyzeRequest(resource: CapturedResource, keepInternal = false): Untyped {
  const source = analyzerResource(resource, keepInternal);
  const request = new analyzerProto.AnalyzeRequest();
  request.setUrn(source.getUrn());
  request.setType(source.getType());
  request.setName(source.getName());
  request.setProperties(source.getProperties());
  request.setOptions(source.getOptions());
  return request;
}

interface Diagnostic {
  policy: string;
  level: (typeof LEVELS)[number];
  message: string;
  urn: string;
}

function diagnostics(response: Untyped): Diagnostic[] {
  return response.getDiagnosticsList().map((diagnostic: Untyped) => ({
    policy: diagnostic.getPolicyname(),
    level: LEVELS[diagnostic.getEnforcementlevel()],
    message: diagnostic.getMessage(),
    urn: diagnostic.getUrn(),
  }));
}

async function analyzeStack(resources: CapturedResource[]): Promise<Diagnostic[]> {
  const request = new analyzerProto.AnalyzeStackRequest();
  request.setResourcesList(resources.map((resource) => analyzerResource(resource)));
  return diagnostics(await call("analyzeStack", request));
}

beforeAll(async () => {
  const policyDir = join(REPO, "policy");
  const runPolicyPack = createRequire(join(policyDir, "package.json")).resolve(
    "@pulumi/pulumi/cmd/run-policy-pack",
  );
  // As the language host starts it: `<run-policy-pack> <engine address> <pack folder>`, in the pack's folder.
  // The engine address is only passed through (nothing here connects to it).
  runner = spawn(process.execPath, [runPolicyPack, "127.0.0.1:1", "."], {
    cwd: policyDir,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  runner.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const port = await new Promise<string>((resolve, reject) => {
    let stdout = "";
    runner.stdout?.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      const line = /^(\d+)\s*$/m.exec(stdout);
      if (line?.[1]) resolve(line[1]);
    });
    runner.on("exit", (code) => reject(new Error(`the policy runner exited with ${code}: ${stderr}`)));
  });
  client = new analyzerGrpc.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
}, 60_000);
afterAll(() => {
  client?.close();
  runner?.kill();
});

describe("the pack under Pulumi's policy runner", () => {
  it("starts from main.js and describes every policy with its enforcement level", async () => {
    const info: Untyped = await call("getAnalyzerInfo", new emptyProto.Empty());
    expect(info.getName()).toBe("railway-app");
    expect(info.getVersion()).toBe("0.1.0");
    const described = info
      .getPoliciesList()
      .map((policy: Untyped) => `${policy.getName()} ${LEVELS[policy.getEnforcementlevel()]}`);
    expect(described).toEqual([
      "celery-same-broker mandatory",
      "celery-worker-no-healthcheck-or-sleep mandatory",
      "workers-serve-no-http mandatory",
      "no-plain-text-credentials mandatory",
      "secret-variables-are-secrets remediate",
      "no-secret-copied-to-plain-text advisory",
      "preview-stack-owns-only-its-environment mandatory",
      "preview-stack-writes-only-its-environment mandatory",
    ]);
  });

  it("AnalyzeStack: the omnidoc stack passes; the broken broker program fails with a mandatory diagnostic", async () => {
    const omnidoc = capture("index.ts", {
      project: "omnidoc",
      stack: "prod",
      config: {
        projectName: "omnidoc",
        repo: "omnidoc-app/omnidoc",
        geminiApiKey: { value: "gemini-secret-in-analyzer-test", secret: true },
        redisPassword: { value: "redis-password-in-analyzer-test", secret: true },
      },
    });
    expect(await analyzeStack(omnidoc.resources)).toEqual([]);
    const broken = capture("test/policy/fixtures/brokenBroker.ts", { project: "shop", stack: "prod" });
    const found = await analyzeStack(broken.resources);
    expect(
      found.map(
        (diagnostic) => `${diagnostic.level} ${diagnostic.policy} ${diagnostic.urn.split("::").pop()}`,
      ),
    ).toEqual([
      "mandatory celery-same-broker mail-worker-variables",
      "mandatory celery-same-broker reports-worker-variables",
      "mandatory celery-same-broker audit-worker-variables",
      "mandatory celery-same-broker legacy-api-variables",
    ]);
    expect(found[1]?.message).toContain("Fix: set reports-worker's REDIS_URL to exactly what shop-api uses");
  });

  it("Analyze: a Celery worker's settings with a healthcheck are refused before they are written", async () => {
    const broken = capture("test/policy/fixtures/workerWithHttp.ts", { project: "shop", stack: "prod" });
    const settings = broken.resources.find((resource) => resource.name === "celery-worker-settings");
    if (!settings) throw new Error("the fixture declares celery-worker's settings");
    const found = diagnostics(await call("analyze", analyzeRequest(settings)));
    expect(found.map((diagnostic) => `${diagnostic.level} ${diagnostic.policy}`)).toEqual([
      "mandatory celery-worker-no-healthcheck-or-sleep",
      "mandatory celery-worker-no-healthcheck-or-sleep",
    ]);
  });

  it("Remediate: a plain credential in a variable set comes back as a secret", async () => {
    const captured = capture("test/policy/fixtures/plainTextSecrets.ts", {
      project: "shop",
      stack: "prod",
      config: {
        sentryDsn: { value: "https://public:private-dsn-1@sentry.example.com/1", secret: true },
        redisPassword: { value: "typed-redis-password-31", secret: true },
      },
    });
    const shared = captured.resources.find((resource) => resource.name === "shop-shared");
    if (!shared) throw new Error("the fixture declares shop-shared");
    const response: Untyped = await call("remediate", analyzeRequest(shared, true));
    const [remediation] = response.getRemediationsList();
    expect(remediation.getPolicyname()).toBe("secret-variables-are-secrets");
    const variables = remediation.getProperties().toJavaScript().variables;
    expect(variables.STRIPE_SECRET_KEY).toEqual({
      "4dabf18193072939515e22adb298388d": SECRET_SIG,
      value: "sk_live_written_in_code_4242",
    });
    expect(variables.LOG_LEVEL).toBe("info");
    // Every other resource of the program is left as it is.
    const others = await Promise.all(
      captured.resources
        .filter((resource) => resource !== shared && resource.type !== "pulumi:pulumi:Stack")
        .map(async (resource) =>
          (await call<Untyped>("remediate", analyzeRequest(resource, true))).getRemediationsList(),
        ),
    );
    expect(others.flat()).toEqual([]);
  });

  it("a value not known during a preview turns a rule into an advisory 'can't run during preview'", async () => {
    const omnidoc = capture("index.ts", {
      project: "omnidoc",
      stack: "prod",
      config: {
        projectName: "omnidoc",
        repo: "omnidoc-app/omnidoc",
        geminiApiKey: { value: "gemini-secret-in-analyzer-test", secret: true },
        redisPassword: { value: "redis-password-in-analyzer-test", secret: true },
      },
    });
    const resources = omnidoc.resources.map((resource) => {
      if (resource.name !== "omnidoc-backend-variables") return resource;
      const variables = resource.inputs.variables as { value: Record<string, string> };
      const value = { ...variables.value, REDIS_URL: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" };
      return { ...resource, inputs: { ...resource.inputs, variables: { ...variables, value } } };
    });
    const found = await analyzeStack(resources);
    expect(found.map((diagnostic) => `${diagnostic.level} ${diagnostic.policy}`)).toEqual([
      "advisory celery-same-broker",
    ]);
    expect(found[0]?.message).toContain(
      "can't run policy 'celery-same-broker' from policy pack 'railway-app@v0.1.0' during preview",
    );
  });
});
