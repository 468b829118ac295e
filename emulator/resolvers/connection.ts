import type { Args } from "./args.ts";

// Relay connections (docs/railway-api-notes.md, "Pagination and ids"): edges { node cursor } and pageInfo,
// with first/after/last/before.

export interface Connection<T> {
  edges: Array<{ node: T; cursor: string }>;
  pageInfo: {
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor: string | null;
    endCursor: string | null;
  };
}

export function connection<T>(items: readonly T[], args: Args, idOf: (item: T) => string): Connection<T> {
  const cursors = items.map((item) => Buffer.from(idOf(item)).toString("base64url"));
  let start = 0;
  let end = items.length;
  if (typeof args.after === "string") {
    const at = cursors.indexOf(args.after);
    start = at === -1 ? end : at + 1;
  }
  if (typeof args.before === "string") {
    const at = cursors.indexOf(args.before);
    if (at !== -1) end = Math.min(end, at);
  }
  if (typeof args.first === "number" && args.first >= 0) end = Math.min(end, start + args.first);
  if (typeof args.last === "number" && args.last >= 0) start = Math.max(start, end - args.last);
  const edges = items.slice(start, end).map((node, i) => ({ node, cursor: cursors[start + i] ?? "" }));
  return {
    edges,
    pageInfo: {
      hasNextPage: end < items.length,
      hasPreviousPage: start > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}

export function emptyConnection(): Connection<never> {
  return connection([], {}, () => "");
}
