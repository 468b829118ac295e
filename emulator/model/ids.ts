import { createHash, randomUUID } from "node:crypto";

/** Railway IDs are v4 UUIDs (docs/railway-api-notes.md, "Pagination and ids"). */
export function newId(): string {
  return randomUUID();
}

export function hexDigest(input: string, length = 64): string {
  return createHash("sha256").update(input).digest("hex").slice(0, length);
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}
