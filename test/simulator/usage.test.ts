// AI Gateway simulator: GET /usage, /usage/overview and /usage/requests/{id} over real HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDecimal } from '../../src/simulator/decimal.ts';
import { AI_GATEWAY_DEMO_TOKEN, startAiGatewaySimulator, type AiGatewaySimulator } from '../../src/simulator/index.ts';
import { call, freshToken, type CallOptions } from './helpers.ts';
import { schemaProblems } from '../helpers/contract.ts';

const DAY = 86_400_000;
let sim: AiGatewaySimulator;
beforeAll(async () => {
  sim = await startAiGatewaySimulator({ port: 0 });
});
afterAll(() => sim.close());

const api = (path: string, opts?: CallOptions) => call(sim.url, path, opts);
const since = (days: number) => new Date(Date.now() - days * DAY).toISOString();
const units = (usd: string) => parseDecimal(usd, 5);

interface Event {
  id: string;
  eventTime: string;
  requestId: string;
  accessKeyId: string;
  provider: string;
  model: string;
  attemptNumber: number;
  isFinalAttempt: boolean;
  isError: boolean;
  keySource: string;
  providerKeyId?: string;
  totalCost: string;
  [field: string]: unknown;
}

/** Follows nextPageUri to the end; checks every page's shape and uri on the way. */
async function walk(firstPath: string, token = AI_GATEWAY_DEMO_TOKEN): Promise<{ events: Event[]; pages: number }> {
  const events: Event[] = [];
  let next: string | null = `${sim.url}${firstPath}`;
  let pages = 0;
  while (next) {
    const res = await api(next, { token });
    expect(res.status).toBe(200);
    expect(schemaProblems('ai-gateway', 'AIGatewayUsageList', res.json)).toEqual([]);
    expect(res.json.uri).toBe(next);
    events.push(...res.json.aiGatewayUsage);
    next = res.json.nextPageUri;
    if (next) expect(new URL(next).searchParams.get('cursor')).toBeTruthy();
    pages++;
  }
  return { events, pages };
}

const dayOf = (iso: string) => new Date(Math.floor(Date.parse(iso) / DAY) * DAY).toISOString();

describe('GET /usage input', () => {
  it.each([
    ['/usage', 'startTime'],
    ['/usage?startTime=', 'startTime'],
    ['/usage?startTime=yesterday', 'startTime'],
    ['/usage?startTime=2026-01-01', 'startTime'],
    [`/usage?startTime=${since(1)}&endTime=${since(2)}`, 'endTime'],
    [`/usage?startTime=${since(1)}&includeRetries=yes`, 'includeRetries'],
    [`/usage?startTime=${since(1)}&limit=101`, 'limit'],
    [`/usage?startTime=${since(1)}&cursor=not-a-cursor`, 'cursor'],
    ['/usage/overview', 'startTime'],
    [`/usage/overview?startTime=${since(1)}&groupBy=model`, 'groupBy'],
  ])('%s → 400 naming %s', async (path, field) => {
    const res = await api(path);
    expect(res.status).toBe(400);
    expect(schemaProblems('ai-gateway', 'Error', res.json)).toEqual([]);
    expect(res.json.details.field).toBe(field);
  });

  it('needs a token, and a request id this account knows', async () => {
    expect((await api(`/usage?startTime=${since(1)}`, { token: null })).status).toBe(401);
    const missing = await api('/usage/requests/rq_nope');
    expect(missing.status).toBe(404);
    expect(schemaProblems('ai-gateway', 'Error', missing.json)).toEqual([]);
  });
});

describe('the demo history', () => {
  let all: Event[];
  let finals: Event[];
  beforeAll(async () => {
    all = (await walk(`/usage?startTime=${since(31)}&includeRetries=true`)).events;
    finals = (await walk(`/usage?startTime=${since(31)}`)).events;
  });

  it('spans the last 30 days, newest first, across keys, providers, models and key sources', async () => {
    expect(finals.length).toBeGreaterThan(1000);
    const times = all.map((e) => Date.parse(e.eventTime));
    expect(times.every((t, i) => i === 0 || t <= times[i - 1]!)).toBe(true);
    // 30 days of history up to (a few minutes before) the moment it was built.
    expect(Math.max(...times) - Math.min(...times)).toBeLessThan(30 * DAY);
    expect(Math.max(...times) - Math.min(...times)).toBeGreaterThan(29 * DAY);
    expect(Math.max(...times)).toBeLessThan(Date.now());
    const accessKeys = (await api('/access-keys')).json.aiGatewayAccessKeys.map((k: { id: string }) => k.id);
    expect(new Set(all.map((e) => e.accessKeyId))).toEqual(new Set(accessKeys));
    expect(new Set(all.map((e) => e.provider)).size).toBeGreaterThanOrEqual(4);
    expect(new Set(all.map((e) => e.model)).size).toBeGreaterThanOrEqual(8);
    expect(new Set(all.map((e) => e.keySource))).toEqual(new Set(['user', 'ngrok']));
    for (const e of all) expect(e.providerKeyId !== undefined).toBe(e.keySource === 'user');
  });

  it('has errors and retries; without includeRetries only final attempts come back', () => {
    expect(all.length).toBeGreaterThan(finals.length);
    expect(finals.every((e) => e.isFinalAttempt)).toBe(true);
    expect(all.filter((e) => e.isFinalAttempt).map((e) => e.id)).toEqual(finals.map((e) => e.id));
    expect(finals.some((e) => e.isError)).toBe(true);
    expect(all.some((e) => e.attemptNumber === 3)).toBe(true);
  });

  it('prices every attempt exactly: 5-digit decimal strings whose parts add up to the total', () => {
    for (const e of all) {
      for (const f of ['totalCost', 'inputTokenCost', 'outputTokenCost', 'ngrokProcessingFee', 'cacheReadCost', 'cacheWriteCost']) {
        expect(e[f]).toMatch(/^\d+\.\d{5}$/);
      }
      const parts = ['inputTokenCost', 'outputTokenCost', 'cacheReadCost', 'cacheWriteCost', 'ngrokProcessingFee'];
      expect(parts.reduce((sum, f) => sum + units(e[f] as string), 0n)).toBe(units(e.totalCost));
      expect(units(e.cacheWrite5mCost as string) + units(e.cacheWrite1hCost as string)).toBe(units(e.cacheWriteCost as string));
    }
    expect(all.some((e) => units(e.ngrokProcessingFee as string) > 0n)).toBe(true);
  });

  it.each(['provider', 'accessKey'] as const)('overview grouped by %s is the sum of the events per UTC day and group', async (groupBy) => {
    // A window starting mid-day: the first bucket is that day, counting only events inside the window.
    const startTime = new Date(Date.now() - 20.5 * DAY).toISOString();
    const endTime = new Date().toISOString();
    const res = await api(`/usage/overview?startTime=${startTime}&endTime=${endTime}&groupBy=${groupBy}`);
    expect(res.status).toBe(200);
    expect(schemaProblems('ai-gateway', 'AIGatewayUsageOverview', res.json)).toEqual([]);

    const expected = new Map<string, { cost: bigint; requests: number; errors: number }>();
    for (const e of all) {
      if (e.eventTime < startTime || e.eventTime > endTime) continue;
      const key = `${dayOf(e.eventTime)} ${groupBy === 'provider' ? e.provider : e.accessKeyId}`;
      const b = expected.get(key) ?? { cost: 0n, requests: 0, errors: 0 };
      b.cost += units(e.totalCost);
      if (e.isFinalAttempt) {
        b.requests += 1;
        if (e.isError) b.errors += 1;
      }
      expected.set(key, b);
    }
    const buckets = res.json.buckets as Array<{ bucketStart: string; groupKey: string; cost: string; requests: number; errors: number }>;
    const got = new Map(
      buckets.map((b) => [`${b.bucketStart} ${b.groupKey}`, { cost: units(b.cost), requests: b.requests, errors: b.errors }]),
    );
    expect(got).toEqual(expected);
    const order = buckets.map((b) => `${b.bucketStart} ${b.groupKey}`);
    expect(order).toEqual([...order].sort());
    const totals = [...expected.values()].reduce(
      (t, b) => ({ cost: t.cost + b.cost, requests: t.requests + b.requests, errors: t.errors + b.errors }),
      {
        cost: 0n,
        requests: 0,
        errors: 0,
      },
    );
    expect({ ...res.json.totals, cost: units(res.json.totals.cost) }).toEqual(totals);
    expect(res.json.totals.cost).toMatch(/^\d+\.\d{5}$/);
  });

  it('traces a retried request: every attempt in order, at most one served, enums from the contract', async () => {
    const retried = all.filter((e) => e.attemptNumber === 2).map((e) => e.requestId);
    expect(retried.length).toBeGreaterThan(10);
    let withoutRetryAction = 0;
    for (const requestId of retried.slice(0, 40).concat(retried.slice(-20))) {
      const res = await api(`/usage/requests/${requestId}`);
      expect(res.status).toBe(200);
      expect(schemaProblems('ai-gateway', 'AIGatewayRequest', res.json)).toEqual([]);
      const attempts = res.json.attempts as Array<{ event: Event; served: boolean; retryAction?: string; completion: string }>;
      expect(res.json.requestId).toBe(requestId);
      expect(attempts.map((a) => a.event.attemptNumber)).toEqual(attempts.map((_, i) => i + 1));
      expect(attempts.filter((a) => a.event.isFinalAttempt)).toHaveLength(1);
      expect(attempts.at(-1)!.event.isFinalAttempt).toBe(true);
      expect(attempts.filter((a) => a.served).length).toBeLessThanOrEqual(1);
      for (const a of attempts) {
        expect(a.event).toEqual(all.find((e) => e.id === a.event.id));
        if (a.retryAction === undefined) withoutRetryAction++;
      }
    }
    // The oldest days were recorded before retryAction was stored.
    expect(withoutRetryAction).toBeGreaterThan(0);
  });
});

describe('paging and filters', () => {
  it('walks small pages with the cursor in nextPageUri: every event once, same order as one big walk', async () => {
    const startTime = since(3);
    const big = await walk(`/usage?startTime=${startTime}&includeRetries=true&limit=100`);
    const small = await walk(`/usage?startTime=${startTime}&includeRetries=true&limit=7`);
    expect(small.pages).toBe(Math.ceil(big.events.length / 7));
    expect(small.events.map((e) => e.id)).toEqual(big.events.map((e) => e.id));
    expect(new Set(small.events.map((e) => e.id)).size).toBe(small.events.length);
  });

  it('nextPageUri keeps the filters and a last page has none', async () => {
    const key = (await api('/access-keys')).json.aiGatewayAccessKeys[0].id;
    const startTime = since(10);
    const endTime = since(1);
    const first = await api(`/usage?startTime=${startTime}&endTime=${endTime}&accessKeyId=${key}&includeRetries=true&limit=5`);
    const next = new URL(first.json.nextPageUri);
    expect(next.pathname).toBe('/usage');
    expect(Object.fromEntries(next.searchParams)).toEqual({
      startTime,
      endTime,
      accessKeyId: key,
      includeRetries: 'true',
      limit: '5',
      cursor: expect.any(String),
    });
    const filtered = await walk(`/usage?startTime=${startTime}&endTime=${endTime}&accessKeyId=${key}&limit=100`);
    expect(filtered.events.length).toBeGreaterThan(0);
    expect(filtered.events.every((e) => e.accessKeyId === key && e.eventTime <= endTime)).toBe(true);
    const last = await api(`/usage?startTime=${since(10)}&endTime=${since(9.9)}&limit=100`);
    expect(last.json.nextPageUri).toBeNull();
  });

  it('pages exactly at a boundary: a full last page has no next page', async () => {
    const token = freshToken('boundary');
    const acc = sim.account(token);
    const t0 = Date.now() - DAY;
    for (let i = 0; i < 10; i++) {
      acc.usage.addRequest({
        accessKeyId: 'aigk_x',
        startedAtMs: t0 + i * 1000,
        attempts: [{ provider: 'openai', model: 'gpt-4o-mini', keySource: 'ngrok' }],
      });
    }
    const { events, pages } = await walk(`/usage?startTime=${since(2)}&limit=5`, token);
    expect(events).toHaveLength(10);
    expect(pages).toBe(2);
  });
});

describe('accounts', () => {
  it('keeps each token to its own history; recorded requests are priced from their tokens', async () => {
    const token = freshToken('usage');
    expect((await api(`/usage?startTime=${since(30)}`, { token })).json).toMatchObject({ aiGatewayUsage: [], nextPageUri: null });
    const [attempt] = sim.account(token).usage.addRequest({
      accessKeyId: 'aigk_mine',
      startedAtMs: Date.now() - 60_000,
      attempts: [
        {
          provider: 'openai',
          model: 'gpt-4o-mini',
          keySource: 'user',
          providerKey: { id: 'aigpk_k', keyRedacted: 'sk-***abcd' },
          tokens: { input: 1000, output: 2000 },
        },
      ],
    });
    const mine = (await api(`/usage?startTime=${since(1)}`, { token })).json.aiGatewayUsage;
    expect(mine).toHaveLength(1);
    // 1000 × $0.15/M + 2000 × $0.60/M = $0.00015 + $0.00120
    expect(mine[0]).toMatchObject({
      totalCost: '0.00135',
      inputTokenCost: '0.00015',
      outputTokenCost: '0.00120',
      providerKeyId: 'aigpk_k',
    });
    expect((await api(`/usage/requests/${attempt!.event.requestId}`)).status).toBe(404);
    expect((await api(`/usage/requests/${attempt!.event.requestId}`, { token })).status).toBe(200);
  });

  it('builds the same history on every start (ids, costs and attempts; times are relative to now)', async () => {
    const other = await startAiGatewaySimulator({ port: 0 });
    try {
      const strip = (events: Event[]) => events.map(({ eventTime: _t, accessKeyId: _a, ...rest }) => rest);
      const path = (s: string) => `/usage?startTime=${s}&includeRetries=true&limit=50`;
      const start = since(31);
      const a = (await api(path(start))).json.aiGatewayUsage;
      const b = (await call(other.url, path(start))).json.aiGatewayUsage;
      expect(strip(b)).toEqual(strip(a));
    } finally {
      await other.close();
    }
  });
});
