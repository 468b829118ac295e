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

/** Wraps a command for exec-form builds when it needs a shell; leaves it alone otherwise. */
export function execFormSafe(command: string, execForm: boolean): string {
  if (!execForm || !usesVariables(command) || SHELL_WRAPPED.test(command.trim())) return command;
  return `/bin/sh -c '${`exec ${command}`.replaceAll("'", "'\\''")}'`;
}
