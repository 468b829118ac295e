/**
 * `node test/bench/peer/runTerraformCounts.ts`: the community Terraform provider's requests, writes and
 * deployments for the bench's stack and runs, with one `railway_variable` per variable and with one
 * `railway_variable_collection` per service. Counts only; paced to 10 requests per second, so it takes
 * about half a minute per table.
 */
import { measureTerraformReplay } from "./terraformCounts.ts";

for (const style of ["railway_variable", "railway_variable_collection"] as const) {
  const rows = await measureTerraformReplay(style);
  console.log(`\nTerraform provider replay, service variables as ${style}:`);
  console.log("| run | command | requests | writes | deployments | deploys outside the API |");
  console.log("|---|---|---|---|---|---|");
  for (const row of rows) {
    const deployments =
      row.deployments.length > 0
        ? `${row.deployments.length} (${[...new Set(row.deployments)]
            .map((name) => `${row.deployments.filter((d) => d === name).length}× ${name}`)
            .join(", ")})`
        : "0";
    const outside = row.deploysOutsideApi.length > 0 ? row.deploysOutsideApi.join(", ") : "—";
    console.log(
      `| ${row.label} | ${row.command} | ${row.requests} | ${row.writes} | ${deployments} | ${outside} |`,
    );
  }
  console.log("First apply, by operation:", JSON.stringify(rows[0]?.byOperation));
}
