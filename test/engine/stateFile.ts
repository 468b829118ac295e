import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { isSecret, type Wire } from "./wire.ts";

const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** One resource as the harness keeps it between runs (secrets still tagged, in memory). */
export interface ResourceState {
  urn: string;
  type: string;
  name: string;
  custom: boolean;
  id: string;
  parent: string;
  dependencies: string[];
  inputs: Record<string, Wire>;
  outputs: Record<string, Wire>;
  additionalSecretOutputs: string[];
  retainOnDelete: boolean;
}

export interface StackState {
  resources: ResourceState[];
  outputs: Record<string, Wire>;
}

/**
 * The state file, written like a passphrase-backed Pulumi state: every secret value is encrypted
 * (AES-256-GCM under a key derived from the passphrase) and tagged with Pulumi's secret signature, so a
 * test can read the file and prove that no secret is in it in plain text.
 */
export function saveState(path: string, state: StackState, passphrase: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(encryptSecrets(state as unknown as Wire, passphrase), null, 2)}\n`);
}

export function loadState(path: string, passphrase: string): StackState {
  if (!existsSync(path)) return { resources: [], outputs: {} };
  return decryptSecrets(JSON.parse(readFileSync(path, "utf8")) as Wire, passphrase) as unknown as StackState;
}

/** Derived once per passphrase and process: scrypt costs tens of milliseconds, and a state has many secrets. */
const keys = new Map<string, Buffer>();

function key(passphrase: string): Buffer {
  let derived = keys.get(passphrase);
  if (!derived) {
    derived = scryptSync(passphrase, "omnidoc-test-state", 32);
    keys.set(passphrase, derived);
  }
  return derived;
}

function encryptSecrets(value: Wire, passphrase: string): Wire {
  if (isSecret(value)) {
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", key(passphrase), iv);
    const data = Buffer.concat([cipher.update(JSON.stringify(value.value), "utf8"), cipher.final()]);
    const ciphertext = `v1:${iv.toString("base64")}:${cipher.getAuthTag().toString("base64")}:${data.toString("base64")}`;
    return { [SIG_KEY]: SECRET_SIG, ciphertext };
  }
  if (Array.isArray(value)) return value.map((item) => encryptSecrets(item, passphrase));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, encryptSecrets(v, passphrase)]));
  }
  return value;
}

function decryptSecrets(value: Wire, passphrase: string): Wire {
  if (value !== null && typeof value === "object" && !Array.isArray(value) && value[SIG_KEY] === SECRET_SIG) {
    const [, iv, tag, data] = String(value.ciphertext).split(":");
    const decipher = createDecipheriv("aes-256-gcm", key(passphrase), Buffer.from(iv ?? "", "base64"));
    decipher.setAuthTag(Buffer.from(tag ?? "", "base64"));
    const plain = Buffer.concat([
      decipher.update(Buffer.from(data ?? "", "base64")),
      decipher.final(),
    ]).toString("utf8");
    return { [SIG_KEY]: SECRET_SIG, value: JSON.parse(plain) as Wire };
  }
  if (Array.isArray(value)) return value.map((item) => decryptSecrets(item, passphrase));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, decryptSecrets(v, passphrase)]));
  }
  return value;
}
