import { StringDecoder } from "node:string_decoder";

// How Railway turns a process's output into deploy log lines: one line per newline; stderr is severity
// "error" and stdout "info"; a JSON object line is structured: its `message` is the line, its `level` the
// severity, and its other fields attributes.

export interface CapturedLine {
  message: string;
  severity: "info" | "error";
  attributes?: Record<string, string>;
}

const ERROR_LEVELS = new Set(["error", "err", "fatal", "critical", "panic"]);

export function railwayLogLine(text: string, stream: "stdout" | "stderr"): CapturedLine {
  const fallback: CapturedLine = { message: text, severity: stream === "stderr" ? "error" : "info" };
  if (!text.startsWith("{")) return fallback;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return fallback;
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) return fallback;
  const fields = parsed as Record<string, unknown>;
  const message = typeof fields.message === "string" ? fields.message : fields.msg;
  if (typeof message !== "string") return fallback;
  const level = typeof fields.level === "string" ? fields.level.toLowerCase() : undefined;
  const attributes: Record<string, string> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (key === "message" || key === "msg" || key === "level") continue;
    if (typeof value === "string" || typeof value === "number" || typeof value === "boolean")
      attributes[key] = String(value);
  }
  return {
    message,
    severity: level === undefined ? fallback.severity : ERROR_LEVELS.has(level) ? "error" : "info",
    attributes,
  };
}

/** Cuts a byte stream into lines (UTF-8 safe across chunks); `end` flushes a last line without newline. */
export function lineSplitter(onLine: (line: string) => void) {
  const decoder = new StringDecoder("utf8");
  let rest = "";
  const emit = (text: string) => {
    const parts = (rest + text).split("\n");
    rest = parts.pop() ?? "";
    for (const part of parts) onLine(part.replace(/\r$/, ""));
  };
  return {
    push: (chunk: Buffer) => emit(decoder.write(chunk)),
    end: () => {
      emit(decoder.end());
      if (rest !== "") onLine(rest.replace(/\r$/, ""));
      rest = "";
    },
  };
}
