import type { Socket } from "node:net";
import type { FaultBook } from "../control/faults.ts";
import type { LatencyTable } from "../control/latency.ts";
import type { RateLimiter } from "../control/rate-limiter.ts";
import { parseRequestBody } from "../graphql/document.ts";
import { executeRequest } from "../graphql/execute.ts";
import type { World } from "../model/world.ts";
import { rootResolvers } from "../resolvers/root.ts";
import type { GraphQLResponseBody } from "../types.ts";

/** Everything the HTTP handlers share. */
export interface EmulatorCore {
  world: World;
  faults: FaultBook;
  latency: LatencyTable;
  rateLimiter: RateLimiter | null;
  /** Sockets held open by "timeout" faults, released when the emulator closes. */
  heldSockets: Set<Socket>;
}

/** "A person in the dashboard": full access, no metrics, no limits, no faults, no clock step. */
export async function runAsDashboard(
  core: EmulatorCore,
  query: string,
  variables?: Record<string, unknown>,
): Promise<GraphQLResponseBody> {
  const parsed = parseRequestBody({ query, variables: variables ?? {} });
  const outcome = await executeRequest(
    parsed,
    { world: core.world, grant: { kind: "dashboard" }, recordMetrics: false },
    rootResolvers,
  );
  return outcome.body;
}
