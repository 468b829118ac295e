/**
 * The pull round trip on an environment wider than the shop (seedWide.ts): whatever a team has made by
 * hand, the program pull writes adopts it with no write and no deployment, keeps every secret out of
 * the program, the report and the state, leaves what it cannot express (volumes, TCP proxies, registry
 * credentials, a second domain, a sealed variable) exactly as it was, and carries awkward values
 * (quotes, backticks, `${`, line breaks) through unchanged.
 */
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SETTING_KEYS } from "../../components/railway/index.ts";
import { type Emulator, startEmulator } from "../../emulator/index.ts";
import { TestStack } from "../engine/driver.ts";
import type { RunResult } from "../engine/engine.ts";
import { capture, policyResources, validate } from "../policy/support.ts";
import { delta, liveConfig, railwayEnv } from "../scenarios/support.ts";
import { AWKWARD_VALUE, type SeededWide, seedWide, WIDE_SECRETS } from "./seedWide.ts";
import { askedSecrets, type PullRun, pulledProgramFolder, runPull, secretConfig } from "./support.ts";

let emulator: Emulator;
let seeded: SeededWide;
let programDir: string;
let pulled: PullRun;
let program: string;

/** Every secret of the wide environment, and the token; none may appear in anything pull or up writes. */
function expectNoSecret(text: string) {
  for (const secret of [...Object.values(WIDE_SECRETS), emulator.defaults.accountToken])
    for (const line of secret.split("\n").filter((part) => part.includes("wide")))
      expect(text).not.toContain(line);
}

/** The secret values pull asks for, by variable and place, as a person would copy them from Railway. */
const VALUES: Record<string, string> = {
  "STRIPE_KEY (shared)": WIDE_SECRETS.stripeKeyApi,
  "STRIPE_KEY (jobs)": WIDE_SECRETS.stripeKeyJobs,
  "JWT_SECRET (2fa-api)": WIDE_SECRETS.jwtSecret,
  "SIGNING_PRIVATE_KEY (2fa-api)": WIDE_SECRETS.privateKey,
  "REDISPASSWORD (2fa-api)": WIDE_SECRETS.redisPassword,
  "POSTGRES_PASSWORD (Postgres)": WIDE_SECRETS.postgresPassword,
  "PGPASSWORD (Postgres)": WIDE_SECRETS.pgPassword,
  "REPORT_DATABASE_URL (nightly-report)": WIDE_SECRETS.databaseUrl,
};

/** The stack config a person sets from pull's report: each secret by the variable and place it names. */
function wideSecretConfig() {
  return secretConfig(pulled.stdout, (asked) => VALUES[asked.what]);
}

beforeAll(async () => {
  emulator = await startEmulator();
  seeded = await seedWide(emulator);
  programDir = pulledProgramFolder("wide");
  pulled = await runPull(
    ["--project", "wide", "--environment", "production", "--out", "index.ts"],
    programDir,
    railwayEnv(emulator),
  );
  program = readFileSync(join(programDir, "index.ts"), "utf8");
});
afterAll(async () => {
  await emulator?.close();
  if (programDir) rmSync(programDir, { recursive: true, force: true });
});

describe("pull of a wide hand-made environment", () => {
  it("reads it in 3 requests and writes the program", () => {
    expect(pulled.stderr).toBe("");
    expect(pulled.status).toBe(0);
    expect(pulled.stdout).toContain("6 service(s), read in 3 request(s)");
  });

  it("asks for every secret by name pattern, glued spellings and URL credentials included, once per distinct value", () => {
    expect(
      askedSecrets(pulled.stdout)
        .map((asked) => asked.what)
        .sort(),
    ).toEqual(Object.keys(VALUES).sort());
    expectNoSecret(program);
    expectNoSecret(pulled.stdout);
  });

  it("declares every setting the components manage, each where it differs from Railway's default", () => {
    for (const key of SETTING_KEYS) expect(program, key).toMatch(new RegExp(`\\n {4}${key}: `));
    expect(program).toContain('dockerfilePath: "docker/api.Dockerfile",');
    expect(program).toContain("restartPolicyMaxRetries: 3,");
  });

  it("keeps references, and values Railway fills in, as written", () => {
    expect(program).toContain(
      'DATABASE_URL: "postgresql://${{PGUSER}}:${{POSTGRES_PASSWORD}}@${{RAILWAY_PRIVATE_DOMAIN}}:5432/railway",',
    );
    expect(program).toContain('DATABASE_URL: "${{Postgres.DATABASE_URL}}",');
  });

  it("names each thing it cannot express, service and path", () => {
    for (const expected of [
      /Postgres: volumeMounts: volumes are not managed/,
      /Postgres: networking\.tcpProxies: TCP proxies are not managed/,
      /Postgres: deploy\.registryCredentials: registry credentials are not managed/,
      /2fa-api: networking\.serviceDomains\.\S+: a second generated domain is not managed/,
    ]) {
      expect(program).toMatch(expected);
      expect(pulled.stdout).toMatch(expected);
    }
  });
});

describe("the policy pack on the wide program", () => {
  it("finds nothing to refuse in what already runs: no violation, advisory included", async () => {
    const captured = capture(join(programDir, "index.ts"), {
      project: "wide",
      stack: "production",
      config: wideSecretConfig(),
    });
    expect(captured.error).toBeUndefined();
    expect(await validate(policyResources(captured))).toEqual([]);
  });
});

describe("up of the wide program, everything adopted", () => {
  let stack: TestStack;
  let up: RunResult;
  let change: ReturnType<typeof delta>;
  let configBefore: Awaited<ReturnType<typeof liveConfig>>;
  let worldBefore: string;

  beforeAll(async () => {
    stack = new TestStack({
      project: "wide",
      stack: "production",
      programDir,
      config: wideSecretConfig(),
      env: railwayEnv(emulator),
    });
    configBefore = await liveConfig(emulator, seeded.environmentId);
    worldBefore = emulator.exportWorld();
    const before = emulator.metrics();
    up = await stack.up();
    change = delta(before, emulator.metrics());
  }, 180_000);

  it("adopts all six services with no write to Railway and no deployment", () => {
    expect(up.errors).toEqual([]);
    expect(up.outputs.serviceIds).toEqual(seeded.serviceIds);
    expect(change.writes).toEqual([]);
    expect(change.deployments).toEqual([]);
  });

  it("leaves the config document as it was, and the sealed variable it could not read", async () => {
    expect(await liveConfig(emulator, seeded.environmentId)).toEqual(configBefore);
    expect(worldBefore).toContain(WIDE_SECRETS.sealed);
    expect(emulator.exportWorld()).toContain(WIDE_SECRETS.sealed);
  });

  it("carries the awkward value through unchanged", async () => {
    const live = await liveConfig(emulator, seeded.environmentId);
    expect(live.services[seeded.serviceIds["2fa-api"] ?? ""]?.variables?.WELCOME_TEXT?.value).toBe(
      AWKWARD_VALUE,
    );
  });

  it("has converged, and keeps the secrets out of the state", async () => {
    const before = emulator.metrics();
    const again = await stack.up();
    expect(again.errors).toEqual([]);
    expect(again.changes).toBe(0);
    expect(delta(before, emulator.metrics()).requests).toBe(0);
    expectNoSecret(stack.stateText());
  });

  it("a later change of that service's variables keeps the sealed variable, and deploys that service once", async () => {
    const path = join(programDir, "index.ts");
    const text = readFileSync(path, "utf8");
    const at = text.indexOf("  variables: {", text.indexOf('new RailwayService("2fa-api"'));
    expect(at).toBeGreaterThan(0);
    const edited = `${text.slice(0, at)}  variables: {\n    FEATURE_FLAG: "on",${text.slice(at + "  variables: {".length)}`;
    writeFileSync(path, edited);
    try {
      const before = emulator.metrics();
      const changed = await stack.up();
      expect(changed.errors).toEqual([]);
      expect(delta(before, emulator.metrics()).deployments).toEqual(["production/2fa-api"]);
      const live = await liveConfig(emulator, seeded.environmentId);
      expect(live.services[seeded.serviceIds["2fa-api"] ?? ""]?.variables?.FEATURE_FLAG?.value).toBe("on");
      expect(emulator.exportWorld()).toContain(WIDE_SECRETS.sealed);
    } finally {
      writeFileSync(path, text);
    }
  });
});
