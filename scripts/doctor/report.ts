/**
 * The doctor's report in its three forms: the table a person reads in a terminal, JSON for tools, and
 * Markdown for a GitHub job summary (deploy.yml appends it to $GITHUB_STEP_SUMMARY). Every text here
 * comes from the checks, which only hold URLs without credentials and redacted log lines.
 */
import type { CheckResult } from "./checks.ts";

export type ReportFormat = "table" | "json" | "markdown";

export interface DoctorReport {
  /** True when no check failed and none was skipped. */
  ok: boolean;
  project?: string;
  environment?: string;
  checks: CheckResult[];
}

/** Why the doctor could not check at all (exit 2), with the Railway endpoint it tried when it got that far. */
export interface DoctorError {
  error: string;
  endpoint?: string;
}

const mark = (check: CheckResult) => (check.ok ? "✓" : check.skipped ? "–" : "✗");
const counts = (report: DoctorReport) => ({
  failed: report.checks.filter((check) => !check.ok && !check.skipped).length,
  skipped: report.checks.filter((check) => check.skipped).length,
});

function summary(report: DoctorReport): string {
  const { failed, skipped } = counts(report);
  if (report.ok) return "All checks passed.";
  const notChecked = skipped > 0 ? ` ${skipped} not checked (they depend on a failed one).` : "";
  return failed > 0 ? `${failed} check(s) failed.${notChecked}` : `No check failed.${notChecked}`;
}

/** The table a person reads: ✓ / ✗ / – (not checked), the finding, its log lines, then the fix. */
export function formatReport(report: DoctorReport): string {
  const width = Math.max(...report.checks.map((check) => check.id.length));
  const indent = `  ${" ".repeat(width)}  `;
  const lines = [
    `omnidoc doctor — project ${report.project ?? "?"}, environment ${report.environment ?? "?"}`,
    "",
  ];
  for (const check of report.checks) {
    lines.push(`${mark(check)} ${check.id.padEnd(width)}  ${check.message}`);
    for (const line of check.lines ?? []) lines.push(`${indent}│ ${line}`);
    if (!check.ok && check.fix) lines.push(`${indent}fix: ${check.fix}`);
  }
  lines.push("", summary(report));
  return lines.join("\n");
}

/** Text for a Markdown table cell or paragraph: no HTML, no table breaks, no line breaks. */
function inline(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll("|", "\\|")
    .replace(/\r?\n/g, " ");
}

/** A fenced block longer than any run of backticks inside it, so no log line can close it. */
function codeBlock(lines: readonly string[]): string {
  const longest = Math.max(
    2,
    ...lines.map((line) => Math.max(0, ...(line.match(/`+/g) ?? []).map((run) => run.length))),
  );
  const fence = "`".repeat(longest + 1);
  return [`${fence}text`, ...lines, fence].join("\n");
}

/** A Markdown report: the checks as a table (✓ / ✗ / –), the fixes, and the explaining lines in code blocks. */
export function formatMarkdown(report: DoctorReport): string {
  const out = [
    `## omnidoc doctor — project ${inline(report.project ?? "?")}, environment ${inline(report.environment ?? "?")}`,
    "",
    `**${inline(summary(report))}**`,
    "",
    "|     | Check | Finding |",
    "| --- | ----- | ------- |",
    ...report.checks.map((check) => `| ${mark(check)} | \`${check.id}\` | ${inline(check.message)} |`),
  ];
  const fixes = report.checks.filter((check) => !check.ok && !check.skipped && check.fix);
  if (fixes.length > 0) {
    out.push("", "### Fixes", "", ...fixes.map((check) => `- **\`${check.id}\`**: ${inline(check.fix)}`));
  }
  for (const check of report.checks.filter((entry) => entry.lines && entry.lines.length > 0)) {
    out.push("", `### Log lines behind \`${check.id}\``, "", codeBlock(check.lines ?? []));
  }
  return `${out.join("\n")}\n`;
}

/** The doctor's output when it could not check, in the requested format. */
export function formatError(problem: DoctorError, format: ReportFormat): string {
  if (format === "json") return JSON.stringify({ ok: false, ...problem, checks: [] }, null, 2);
  const tried = problem.endpoint && !problem.error.includes(problem.endpoint) ? problem.endpoint : undefined;
  if (format === "markdown") {
    return [
      "## omnidoc doctor could not check",
      "",
      inline(problem.error),
      ...(tried ? ["", `Railway API endpoint tried: \`${tried}\``] : []),
      "",
    ].join("\n");
  }
  return `doctor could not check: ${problem.error}${tried ? `\n  (Railway API endpoint tried: ${tried})` : ""}`;
}
