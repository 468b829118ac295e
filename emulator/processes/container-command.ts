import { tokenize } from "../runtime/start-command.ts";

// The argv a real deployment starts, by Railway's rules: for Dockerfile and image builds a custom start
// command replaces the image's ENTRYPOINT in exec form (split like a shell would, never expanded, so
// `$VAR` stays literal unless the command itself is `sh -c '…'`); for Railpack/Nixpacks it runs in a shell.
// Without one, the image's ENTRYPOINT + CMD run.

export interface CommandSource {
  startCommand: string | undefined;
  execForm: boolean;
  image: { entrypoint: string[]; cmd: string[] };
}

export function containerArgv(source: CommandSource): string[] | null {
  const custom = source.startCommand?.trim();
  if (custom) return source.execForm ? tokenize(custom) : ["/bin/sh", "-c", custom];
  const argv = [...source.image.entrypoint, ...source.image.cmd];
  return argv.length > 0 ? argv : null;
}
