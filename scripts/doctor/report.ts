import type { CheckResult } from "./checks.ts";

export interface DoctorReport {
  ok: boolean;
  project?: string;
  environment?: string;
  checks: CheckResult[];
}

/** The table a person reads: ✓ / ✗ (– when not checked), the finding, then the fix in plain words. */
export function formatReport(report: DoctorReport): string {
  const width = Math.max(...report.checks.map((check) => check.id.length));
  const lines = [
    `omnidoc doctor — project ${report.project ?? "?"}, environment ${report.environment ?? "?"}`,
    "",
  ];
  for (const check of report.checks) {
    const mark = check.ok ? "✓" : check.skipped ? "–" : "✗";
    lines.push(`${mark} ${check.id.padEnd(width)}  ${check.message}`);
    if (!check.ok && check.fix) lines.push(`  ${" ".repeat(width)}  fix: ${check.fix}`);
  }
  const failed = report.checks.filter((check) => !check.ok && !check.skipped).length;
  lines.push("", report.ok ? "All checks passed." : `${failed} check(s) failed.`);
  return lines.join("\n");
}
