// What the emulator reads from a Dockerfile to run a folder in place of an image: its instructions (shown
// as the build log), ENV (the image's environment) and ENTRYPOINT / CMD (what runs without a start command).

export interface DockerfileInstruction {
  keyword: string;
  /** The arguments as written, continuation lines joined. */
  text: string;
}

export interface Dockerfile {
  instructions: DockerfileInstruction[];
  env: Record<string, string>;
  /** argv, after Docker's rules: exec form as written, shell form as `/bin/sh -c "<text>"`. */
  entrypoint: string[];
  cmd: string[];
}

export function parseDockerfile(source: string): Dockerfile {
  const instructions: DockerfileInstruction[] = [];
  let pending = "";
  for (const raw of source.split(/\r?\n/)) {
    const line = raw.trimEnd();
    if (pending === "" && /^\s*(#|$)/.test(line)) continue;
    if (line.endsWith("\\")) {
      pending += `${line.slice(0, -1)} `;
      continue;
    }
    const whole = `${pending}${line}`.trim();
    pending = "";
    if (whole.startsWith("#") || whole === "") continue;
    const match = /^(\S+)\s*(.*)$/.exec(whole);
    if (match) instructions.push({ keyword: (match[1] ?? "").toUpperCase(), text: (match[2] ?? "").trim() });
  }
  const dockerfile: Dockerfile = { instructions, env: {}, entrypoint: [], cmd: [] };
  for (const { keyword, text } of instructions) {
    if (keyword === "ENV") Object.assign(dockerfile.env, parseEnv(text));
    // As in Docker, a later ENTRYPOINT resets CMD, and only the last of each counts.
    if (keyword === "ENTRYPOINT") {
      dockerfile.entrypoint = commandForm(text);
      dockerfile.cmd = [];
    }
    if (keyword === "CMD") dockerfile.cmd = commandForm(text);
  }
  return dockerfile;
}

/** `["a", "b"]` (exec form) or `a b` (shell form, run by /bin/sh -c). */
function commandForm(text: string): string[] {
  if (text.startsWith("[")) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (Array.isArray(parsed) && parsed.every((item) => typeof item === "string")) return parsed;
    } catch {
      // Not valid JSON: Docker then treats it as shell form too.
    }
  }
  return ["/bin/sh", "-c", text];
}

/** `ENV A=1 B="two words"` or the legacy `ENV A 1`. */
function parseEnv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!/^[A-Za-z_][A-Za-z0-9_]*=/.test(text)) {
    const [name, ...rest] = text.split(/\s+/);
    if (name) out[name] = rest.join(" ");
    return out;
  }
  const pair = /([A-Za-z_][A-Za-z0-9_]*)=("(?:[^"\\]|\\.)*"|'[^']*'|\S*)/g;
  for (const match of text.matchAll(pair)) {
    const value = match[2] ?? "";
    out[match[1] ?? ""] = /^["']/.test(value) ? value.slice(1, -1).replace(/\\(.)/g, "$1") : value;
  }
  return out;
}
