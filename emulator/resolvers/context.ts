import type { Grant } from "../model/records.ts";
import type { World } from "../model/world.ts";
import type { WriteRecord } from "../types.ts";

/** Per-request state handed to every resolver. */
export interface RequestContext {
  world: World;
  grant: Grant;
  /** False for dashboard() calls: out-of-band changes are not counted. */
  recordMetrics: boolean;
}

export function recordWrite(ctx: RequestContext, record: WriteRecord): void {
  if (ctx.recordMetrics) ctx.world.metrics.write(record);
}
