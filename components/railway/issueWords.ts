import type { z } from "zod";

/**
 * A validation library's issue in this project's words: every message names what is wrong and what is
 * accepted, never the library's own default text. Rules with a custom message keep it.
 */
export function describeIssue(issue: z.core.$ZodIssue): string {
  const value = issue as z.core.$ZodIssue & {
    maximum?: number | bigint;
    minimum?: number | bigint;
    inclusive?: boolean;
    expected?: string;
    values?: unknown[];
    origin?: string;
    keys?: string[];
  };
  const unit = value.origin === "string" ? " characters" : value.origin === "array" ? " items" : "";
  switch (issue.code) {
    case "too_big":
      return value.inclusive === false
        ? `must be less than ${String(value.maximum)}${unit}`
        : `must be at most ${String(value.maximum)}${unit}`;
    case "too_small":
      if (value.origin === "string" && Number(value.minimum) === 1) return "must not be empty";
      return value.inclusive === false
        ? `must be more than ${String(value.minimum)}${unit}`
        : `must be at least ${String(value.minimum)}${unit}`;
    case "invalid_type":
      return issue.input === undefined ? "is required" : `must be ${article(String(value.expected))}`;
    case "invalid_value":
      return `must be one of ${(value.values ?? []).map((entry) => JSON.stringify(entry)).join(", ")}`;
    case "not_multiple_of":
      return "must be a whole number";
    case "invalid_key":
    case "invalid_element": {
      // A record's key or a list's element: the rule's own words for it, under the key's name.
      const inner = (value as { issues?: z.core.$ZodIssue[] }).issues?.[0];
      return inner ? describeIssue(inner) : "is invalid";
    }
    case "unrecognized_keys":
      return `has unknown keys ${(value.keys ?? []).map((key) => JSON.stringify(key)).join(", ")}`;
    default:
      return issue.message;
  }
}

function article(type: string): string {
  if (type === "int") return "a whole number";
  if (type === "array") return "a list";
  if (type === "object" || type === "record") return "an object";
  return `a ${type}`;
}

/** `settings.numReplicas`-style path plus the message, for the first issue of a failed parse. */
export function firstIssue(error: z.ZodError): { where: string; message: string } {
  const issue = error.issues[0];
  if (!issue) return { where: "", message: "is invalid" };
  // Custom messages (rules) are kept; the library's defaults are replaced.
  const custom = issue.code === "custom" || (issue.message !== undefined && !isDefaultMessage(issue));
  return { where: issue.path.map(String).join("."), message: custom ? issue.message : describeIssue(issue) };
}

function isDefaultMessage(issue: z.core.$ZodIssue): boolean {
  return /^(Invalid|Too big|Too small|Expected|Unrecognized)/.test(issue.message);
}
