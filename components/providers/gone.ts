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
