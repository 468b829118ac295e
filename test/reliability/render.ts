/** The reliability matrix as Markdown: one table per scenario, mutations down, faults across. */
import type { Cell } from "./matrix.ts";

function mark(cell: Cell): string {
  const facts = [
    cell.outcome === cell.expected ? cell.outcome : `${cell.outcome}, expected ${cell.expected}`,
    cell.converged ? "converged" : "NOT converged",
  ];
  if (cell.runs > 1) facts.push(`${cell.runs} runs`);
  if (cell.duplicates.length > 0) facts.push(`duplicates: ${cell.duplicates.join(", ")}`);
  if (cell.lostVariables.length > 0) facts.push(`lost/stale: ${cell.lostVariables.join(", ")}`);
  if (cell.extraDeployments > 0) facts.push(`${cell.extraDeployments} extra deployment(s)`);
  if (cell.missingDeployments.length > 0) facts.push(`not deployed: ${cell.missingDeployments.join(", ")}`);
  return `${cell.ok ? "✓" : "✗"} ${facts.join("; ")}`;
}

export function renderMatrix(cells: readonly Cell[]): string {
  const out: string[] = [];
  for (const scenario of [...new Set(cells.map((cell) => cell.scenario))]) {
    const rows = cells.filter((cell) => cell.scenario === scenario);
    const faults = [...new Set(rows.map((cell) => cell.fault))];
    const mutations = [...new Set(rows.map((cell) => cell.mutation))];
    out.push(`## ${scenario}`, "");
    out.push(`| mutation | ${faults.join(" | ")} |`, `|---|${faults.map(() => "---").join("|")}|`);
    for (const mutation of mutations) {
      const marks = faults.map((fault) => {
        const cell = rows.find((row) => row.mutation === mutation && row.fault === fault);
        return cell ? mark(cell) : "–";
      });
      out.push(`| ${mutation} | ${marks.join(" | ")} |`);
    }
    out.push("");
  }
  const failed = cells.filter((cell) => !cell.ok);
  const duplicates = cells.reduce((sum, cell) => sum + cell.duplicates.length, 0);
  const lost = cells.reduce((sum, cell) => sum + cell.lostVariables.length, 0);
  const extra = cells.reduce((sum, cell) => sum + cell.extraDeployments, 0);
  out.push(
    `${cells.length} cells: ${cells.length - failed.length} as expected, ${failed.length} not; ` +
      `${cells.filter((cell) => cell.converged).length} converged; ${duplicates} duplicate object(s), ` +
      `${lost} lost or stale variable(s) or setting(s), ${extra} extra deployment(s).`,
  );
  for (const cell of failed) {
    out.push(`- ✗ ${cell.scenario} / ${cell.mutation} / ${cell.fault}${cell.error ? `: ${cell.error}` : ""}`);
  }
  return out.join("\n");
}
