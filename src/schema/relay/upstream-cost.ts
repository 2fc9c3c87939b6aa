/**
 * How many upstream requests a field may cost, declared on the field as `extensions`. The
 * query-limits plugin adds these up before execution (src/plugins/upstream-cost-estimate.ts),
 * so one operation cannot fan out into thousands of upstream calls.
 */
export type UpstreamCostKind = 'connection' | 'lookup' | 'nodes' | 'batched';

export type UpstreamCostExtensions = {
  upstreamCost?: UpstreamCostKind;
  /** Requests one resolution may make (a mutation that reads before it writes makes 2). */
  upstreamRequests?: number;
  /** For connections: the most items one upstream page holds. */
  upstreamPageSize?: number;
  /** Requests the whole operation may make for this field at most once, however often it resolves (see sharedReadCost). */
  sharedUpstreamRequests?: number;
};

/** A lookup (`requests` upstream requests each time it resolves) or a `nodes(ids:)` list (one per id). */
export function upstreamCost(kind: 'lookup' | 'nodes', requests = 1): UpstreamCostExtensions {
  return { upstreamCost: kind, upstreamRequests: requests };
}

/** A connection over an upstream list whose pages hold at most `upstreamPageSize` items. */
export function connectionCost(upstreamPageSize: number): UpstreamCostExtensions {
  return { upstreamCost: 'connection', upstreamPageSize };
}

/**
 * A read the request makes at most once however many times the field resolves (a per-request
 * memo, such as the provider list behind every ModelOffering.provider): `requests` once per
 * operation, not once per item. Adds to the field's own cost, if it has one.
 */
export function sharedReadCost(requests = 1, own: UpstreamCostExtensions = {}): UpstreamCostExtensions {
  return { ...own, sharedUpstreamRequests: requests };
}

/**
 * A field resolved through a list-first DataLoader (src/data-loaders.ts): however many items ask
 * for it, a request answers it from one list page, which the estimate counts once per operation
 * among the list reads. Its worst case (ids the page lacks, one GET each) is left to the
 * run-time budget (RequestBudget in src/upstream/client.ts).
 */
export function batchedCost(): UpstreamCostExtensions {
  return { upstreamCost: 'batched' };
}
