import { NotAuthorizedError, NotFoundError } from "../railway/index.ts";

/**
 * Railway's ways of saying an object no longer exists, in one place. It answers a missing object with
 * "… not found", or with "Not Authorized" when the id is outside the token's reach
 * (docs/railway-api-notes.md, "Errors"). The latter means gone only when the parent is known to be
 * readable; otherwise a deleted project would be indistinguishable from a bad token, and dropping it from
 * the state would create a duplicate.
 */
export function isGone(error: unknown, parentReadable = false): boolean {
  if (error instanceof NotFoundError) return true;
  return parentReadable && error instanceof NotAuthorizedError;
}

/**
 * Runs an operation on an object that may already be gone: "gone" answers `whenGone` instead of failing.
 * `parentReadable` is asked only for a "Not Authorized" answer (see `isGone`).
 */
export async function unlessGone<T, G>(
  operation: () => Promise<T>,
  whenGone: G,
  parentReadable?: () => Promise<boolean>,
): Promise<T | G> {
  try {
    return await operation();
  } catch (error) {
    if (isGone(error)) return whenGone;
    if (parentReadable && error instanceof NotAuthorizedError && (await parentReadable())) return whenGone;
    throw error;
  }
}

/**
 * A refresh read: `undefined` from `read`, or an answer meaning gone, drops the object from the state
 * (an empty id). The host always passes the stored properties; none at all means nothing to read.
 */
export async function readOrGone<Props>(
  id: string,
  stored: Props | undefined,
  read: (stored: Props) => Promise<Props | undefined>,
): Promise<{ id: string; props?: Props }> {
  if (stored === undefined) return { id: "" };
  const props = await unlessGone(() => read(stored), undefined);
  return props === undefined ? { id: "" } : { id, props };
}
