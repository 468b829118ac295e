import { NotAuthorizedError, NotFoundError } from "../railway/index.ts";

/**
 * Whether an error from reading an object means the object is gone. Railway answers a missing object
 * with "… not found", or with "Not Authorized" when the id is outside the token's reach (API.md 1.4); the
 * latter means gone only when the parent is known to be readable, or a deleted project would be
 * indistinguishable from a bad token (and dropping it from the state would create a duplicate).
 */
export function isGone(error: unknown, parentReadable: boolean): boolean {
  if (error instanceof NotFoundError) return true;
  return parentReadable && error instanceof NotAuthorizedError;
}

/** Runs a delete; an object that is already gone counts as deleted. */
export async function deleteIdempotently(remove: () => Promise<unknown>): Promise<void> {
  try {
    await remove();
  } catch (error) {
    if (error instanceof NotFoundError) return;
    throw error;
  }
}

const GONE = { id: "", props: {} } as const;

/**
 * A refresh read: `undefined` from `read`, or an error meaning gone, reports the object as deleted (Pulumi
 * then drops it from the state). Only "not found" counts here; see `isGone`.
 */
export async function readOrGone<Props>(
  id: string,
  read: () => Promise<Props | undefined>,
): Promise<{ id: string; props: Props | Record<string, never> }> {
  try {
    const props = await read();
    return props === undefined ? GONE : { id, props };
  } catch (error) {
    if (isGone(error, false)) return GONE;
    throw error;
  }
}
