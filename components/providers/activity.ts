/**
 * Which provider operations of this host process are busy talking to Railway, as opposed to waiting for
 * an environment's commit or for a deployment. Pulumi's engine starts an operation as soon as what it
 * depends on is done, so while any operation is busy (a service being created, say), more contributions to
 * the next commit may still come; once none is busy for a short while, none can (environmentBatch.ts).
 */
let busy = 0;
const listeners = new Set<() => void>();

function changed(): void {
  for (const listener of listeners) listener();
}

/** Runs one provider operation, counted as busy except while it waits in `waiting`. */
export async function operation<T>(run: () => Promise<T>): Promise<T> {
  busy += 1;
  changed();
  try {
    return await run();
  } finally {
    busy -= 1;
    changed();
  }
}

/** Awaits something that only other operations (or Railway's clock) can finish, not counted as busy. */
export async function waiting<T>(promise: Promise<T>): Promise<T> {
  busy -= 1;
  changed();
  try {
    return await promise;
  } finally {
    busy += 1;
    changed();
  }
}

export function busyOperations(): number {
  return busy;
}

export function onActivity(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
