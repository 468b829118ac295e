// How a container's command line becomes argv (docs/railway-api-notes.md, "Start commands"): for Dockerfile
// and image builds a custom start command runs in EXEC form, so `$VAR` stays literal unless the command is
// wrapped in `sh -c '…'`; Railpack/Nixpacks run it in a shell; an image's own CMD is shell form.

export interface CommandInput {
  startCommand: string | null;
  defaultCommand: string | null;
  execForm: boolean;
  env: Record<string, string>;
}

export interface ResolvedCommand {
  argv: string[];
  /** Where it came from, for log wording. */
  origin: "startCommand" | "default";
}

const SHELLS = new Set(["sh", "/bin/sh", "bash", "/bin/bash", "/usr/bin/env sh"]);

export function resolveCommand(input: CommandInput): ResolvedCommand | null {
  const custom = input.startCommand?.trim();
  if (custom) {
    const literal = tokenize(custom);
    const [first, flag, script] = literal;
    if (first !== undefined && SHELLS.has(first) && flag === "-c" && script !== undefined) {
      return { argv: stripExec(tokenize(expand(script, input.env))), origin: "startCommand" };
    }
    const argv = input.execForm ? literal : tokenize(expand(custom, input.env));
    return { argv: stripExec(argv), origin: "startCommand" };
  }
  const fallback = input.defaultCommand?.trim();
  if (!fallback) return null;
  return { argv: stripExec(tokenize(expand(fallback, input.env))), origin: "default" };
}

function stripExec(argv: string[]): string[] {
  return argv[0] === "exec" ? argv.slice(1) : argv;
}

/** Shell-style parameter expansion: $VAR, ${VAR}, ${VAR:-default}; unset expands to "". */
export function expand(text: string, env: Record<string, string>): string {
  return text.replace(
    /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (_m, braced: string | undefined, fallback: string | undefined, bare: string | undefined) => {
      const name = braced ?? bare ?? "";
      const value = env[name];
      if (value !== undefined && value !== "") return value;
      return fallback ?? "";
    },
  );
}

/** Splits like a POSIX shell would (quotes and backslashes), without expanding anything. */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  let current = "";
  let started = false;
  let quote: "'" | '"' | null = null;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charAt(i);
    if (quote) {
      if (ch === quote) quote = null;
      else if (ch === "\\" && quote === '"' && i + 1 < text.length) current += text.charAt(++i);
      else current += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      started = true;
    } else if (ch === "\\" && i + 1 < text.length) {
      current += text.charAt(++i);
      started = true;
    } else if (/\s/.test(ch)) {
      if (started) out.push(current);
      current = "";
      started = false;
    } else {
      current += ch;
      started = true;
    }
  }
  if (started) out.push(current);
  return out;
}

/** Reads `--name value`, `--name=value`, `-n value` or `-nvalue` style options. */
export function optionValue(args: readonly string[], names: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? "";
    for (const name of names) {
      if (arg === name) return args[i + 1] ?? "";
      if (name.startsWith("--") && arg.startsWith(`${name}=`)) return arg.slice(name.length + 1);
      if (!name.startsWith("--") && arg.startsWith(name) && arg.length > name.length) {
        return arg.slice(name.length).replace(/^=/, "");
      }
    }
  }
  return undefined;
}
