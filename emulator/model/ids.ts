import { createHash, randomUUID } from "node:crypto";

/** Railway IDs are v4 UUIDs (API.md 1.6). */
export function newId(): string {
  return randomUUID();
}

export function hexDigest(input: string, length = 64): string {
  return createHash("sha256").update(input).digest("hex").slice(0, length);
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}
