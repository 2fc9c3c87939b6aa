// GET /usage, /usage/overview and /usage/requests/{requestId}: query validation, the opaque
// cursor and the contract's read shapes.
import type { components } from '../../contract/ai-gateway.ts';
import { SimError, type ApiRequest, type RouteDef } from '../http.ts';
import { parseLimit } from './paging.ts';
import type { AiGatewayAccount } from './store.ts';
import { usd } from './usage-pricing.ts';
import type { OverviewBucket, UsageAttempt, UsageGroupBy, UsageQuery } from './usage.ts';

type S = components['schemas'];

const RFC_3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

function bad(field: string, message: string): SimError {
  return new SimError(400, message, { field });
}

function timeParam(req: ApiRequest, name: string, required: boolean): number | undefined {
  const raw = req.query.get(name);
  if (raw === null || raw === '') {
    if (required) throw bad(name, `query parameter ${name} is required (RFC 3339 date-time)`);
    return undefined;
  }
  const ms = RFC_3339.test(raw) ? Date.parse(raw) : Number.NaN;
  if (Number.isNaN(ms)) throw bad(name, `${name} must be an RFC 3339 date-time`);
  return ms;
}

/** startTime (required) and endTime (default now); an end before the start is refused. */
function window(req: ApiRequest): { startMs: number; endMs: number } {
  const startMs = timeParam(req, 'startTime', true)!;
  const endMs = timeParam(req, 'endTime', false) ?? Date.now();
  if (endMs < startMs) throw bad('endTime', 'endTime must not be before startTime');
  return { startMs, endMs };
}

function booleanParam(req: ApiRequest, name: string): boolean {
  const raw = req.query.get(name);
  if (raw === null || raw === '') return false;
  if (raw !== 'true' && raw !== 'false') throw bad(name, `${name} must be true or false`);
  return raw === 'true';
}

// The cursor is opaque to clients: base64url of the last event's position in newest-first order.
function encodeCursor(a: UsageAttempt): string {
  return Buffer.from(JSON.stringify([a.atMs, a.event.id])).toString('base64url');
}

function decodeCursor(raw: string): UsageQuery['after'] {
  try {
    const [atMs, id] = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as unknown[];
    if (Number.isSafeInteger(atMs) && typeof id === 'string') return { atMs: atMs as number, id };
  } catch {
    // fall through to the 400
  }
  throw bad('cursor', 'cursor is not valid; take it from nextPageUri');
}

const PASSED_ON = ['startTime', 'endTime', 'accessKeyId', 'includeRetries', 'limit'] as const;

export function eventView(a: UsageAttempt): S['AIGatewayUsageEvent'] {
  return structuredClone(a.event);
}

function attemptView(a: UsageAttempt): S['AIGatewayRequestAttempt'] {
  return {
    event: eventView(a),
    served: a.served,
    ...(a.retryAction !== undefined && { retryAction: a.retryAction }),
    completion: a.completion,
    requestDurationMs: a.requestDurationMs,
    upstreamDurationMs: a.upstreamDurationMs,
    timeToFirstTokenMs: a.timeToFirstTokenMs,
  };
}

function overviewView(uri: string, buckets: OverviewBucket[]): S['AIGatewayUsageOverview'] {
  const totals = { costUnits: 0n, requests: 0, errors: 0 };
  for (const b of buckets) {
    totals.costUnits += b.costUnits;
    totals.requests += b.requests;
    totals.errors += b.errors;
  }
  return {
    uri,
    buckets: buckets.map((b) => ({
      bucketStart: new Date(b.dayStartMs).toISOString(),
      groupKey: b.groupKey,
      cost: usd(b.costUnits),
      requests: b.requests,
      errors: b.errors,
    })),
    totals: { cost: usd(totals.costUnits), requests: totals.requests, errors: totals.errors },
  };
}

function groupByParam(req: ApiRequest): UsageGroupBy {
  const raw = req.query.get('groupBy');
  if (raw === null || raw === '' || raw === 'provider') return 'provider';
  if (raw === 'accessKey') return 'accessKey';
  throw bad('groupBy', 'groupBy must be provider or accessKey');
}

export function usageRoutes(base: () => string): RouteDef<AiGatewayAccount>[] {
  return [
    {
      path: '/usage',
      methods: {
        GET: (req, acc) => {
          const cursor = req.query.get('cursor');
          const query: UsageQuery = {
            ...window(req),
            includeRetries: booleanParam(req, 'includeRetries'),
            limit: parseLimit(req),
            ...(req.query.get('accessKeyId') && { accessKeyId: req.query.get('accessKeyId')! }),
            ...(cursor && { after: decodeCursor(cursor) }),
          };
          const { page, more } = acc.usage.list(query);
          let nextPageUri: string | null = null;
          const last = page[page.length - 1];
          if (more && last) {
            const next = new URLSearchParams();
            for (const name of PASSED_ON) {
              const v = req.query.get(name);
              if (v !== null) next.set(name, v);
            }
            next.set('cursor', encodeCursor(last));
            nextPageUri = `${base()}/usage?${next.toString()}`;
          }
          const body: S['AIGatewayUsageList'] = { aiGatewayUsage: page.map(eventView), uri: `${base()}${req.rawUrl}`, nextPageUri };
          return { status: 200, body };
        },
      },
    },
    {
      path: '/usage/overview',
      methods: {
        GET: (req, acc) => {
          const { startMs, endMs } = window(req);
          const buckets = acc.usage.overview(startMs, endMs, groupByParam(req));
          return { status: 200, body: overviewView(`${base()}${req.rawUrl}`, buckets) };
        },
      },
    },
    {
      path: '/usage/requests/:requestId',
      methods: {
        GET: (req, acc) => {
          const requestId = req.params.requestId ?? '';
          const body: S['AIGatewayRequest'] = {
            uri: `${base()}/usage/requests/${encodeURIComponent(requestId)}`,
            requestId,
            attempts: acc.usage.request(requestId).map(attemptView),
          };
          return { status: 200, body };
        },
      },
    },
  ];
}
