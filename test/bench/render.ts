/** The bench's tables, in Markdown. */
import type { Measurement } from "./measure.ts";
import type { PeerRow } from "./peerRows.ts";
import type { Target } from "./targets.ts";

const seconds = (ms: number) => (ms / 1000).toFixed(1);

export function renderTables(rows: Measurement[], peers: PeerRow[], targets: Target[]): string {
  const out: string[] = [];
  out.push("## Runs (this project)\n");
  out.push(
    "| stack | run | ok | requests | before polls | polls | writes | stages / commits | deployments | max per service | wall s | requests × latency s |",
  );
  out.push("|---|---|---|---|---|---|---|---|---|---|---|---|");
  for (const row of rows) {
    const most = Math.max(0, ...Object.values(row.deploymentsByService));
    out.push(
      `| ${row.stack} | ${row.scenario} | ${row.ok ? "yes" : `no: ${row.error ?? ""}`} | ${row.requests} | ${row.beforePolls} | ${row.polls} | ${row.writes} | ${row.stages} / ${row.commits} | ${row.deployments} | ${most} | ${seconds(row.wallMs)} | ${seconds(row.serialMs)} |`,
    );
  }
  out.push("\npolls = EnvironmentDeployments, Deployment, DeploymentLogs and BuildLogs reads.\n");
  out.push("## First up, requests by operation\n");
  for (const row of rows.filter((candidate) => candidate.scenario === "first up")) {
    const operations = Object.entries(row.byOperation)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, count]) => `${name} ${count}`)
      .join(", ");
    out.push(`- ${row.stack}: ${operations}`);
  }
  if (peers.length > 0) {
    out.push("\n## Against the Terraform provider's request pattern (same stacks, same emulator)\n");
    out.push(
      "| stack | run | requests (this / Terraform) | ratio | writes (this / Terraform) | deployments (this / Terraform) |",
    );
    out.push("|---|---|---|---|---|---|");
    for (const peer of peers) {
      const ours = rows.find((row) => row.stack === peer.stack && row.scenario === peer.scenario);
      if (!ours) continue;
      const ratio = ours.requests > 0 ? (peer.requests / ours.requests).toFixed(1) : "–";
      out.push(
        `| ${peer.stack} | ${peer.scenario} | ${ours.requests} / ${peer.requests} | ${ratio}× | ${ours.writes} / ${peer.writes} | ${ours.deployments} / ${peer.deployments} |`,
      );
    }
  }
  out.push("\n## Targets\n");
  for (const target of targets) {
    const mark = target.met === undefined ? "– not run" : target.met ? "✓ met" : "✗ NOT met";
    out.push(`- ${mark}: ${target.name} (${target.detail})`);
  }
  return out.join("\n");
}
