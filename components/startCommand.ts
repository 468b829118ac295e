/**
 * Start commands as Railway runs them. For Dockerfile and image builds the start command replaces the
 * image's ENTRYPOINT in exec form, so `$VAR` is passed literally, not expanded; a command that uses
 * variables is wrapped in `/bin/sh -c '…'` so the shell expands them (docs/railway-api-notes.md,
 * "Start commands").
 */

const SHELL_WRAPPED = /^(\/bin\/)?(ba)?sh\s+-c\s/;

export function usesVariables(command: string): boolean {
  return /\$\{?[A-Za-z_][A-Za-z0-9_]*/.test(command);
}

/**
 * Wraps a start command in `/bin/sh -c 'exec …'` when it uses `$VARS` and runs in exec form (Dockerfile
 * and image builds), so the shell expands them; leaves it alone otherwise. Pure: it sends nothing. A
 * changed `startCommand` redeploys its service once.
 *
 * @param command The start command as written.
 * @param execForm Whether the service runs it in exec form (a `DOCKERFILE` builder or an `image`).
 * @example
 * import { execFormSafe } from "pulumi-railway-app";
 *
 * execFormSafe("gunicorn app:app --bind 0.0.0.0:$PORT", true);
 * // "/bin/sh -c 'exec gunicorn app:app --bind 0.0.0.0:$PORT'"
 */
export function execFormSafe(command: string, execForm: boolean): string {
  if (!execForm || !usesVariables(command) || SHELL_WRAPPED.test(command.trim())) return command;
  return `/bin/sh -c '${`exec ${command}`.replaceAll("'", "'\\''")}'`;
}
