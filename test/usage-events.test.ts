// usageEvents and AccessKey.usageEvents against the simulator over real HTTP: paging across
// upstream cursor pages, cursor safety, input checks, exact money and batched lookups.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { encodeGlobalId } from '../src/schema/relay/global-id.ts';
import { useStack } from './helpers/stack.ts';
import { daysAgo, seedUsage, upstreamEvents } from './helpers/usage.ts';

const stack = useStack();

const EVENTS = /* GraphQL */ `
  query ($since: DateTime!, $first: Int, $after: String, $retries: Boolean) {
    usageEvents(startTime: $since, first: $first, after: $after, includeRetries: $retries) {
      edges { cursor node { eventId } }
      pageInfo { hasNextPage endCursor }
    }
  }
`;

const usageCalls = () => stack.upstream().filter((r) => r.path === '/usage');
const ids = (res: any): string[] => res.data.usageEvents.edges.map((e: any) => e.node.eventId);

describe('paging over the upstream cursor', () => {
  it('serves first: 250 from three upstream pages, asking one item more than it needs, and hasNextPage exactly', async () => {
    const { token, account } = seedUsage(stack, { requests: 250 });
    const all = upstreamEvents(account).map((e) => e.id);
    const res = await stack.gql(EVENTS, { since: daysAgo(2), first: 250 }, { token });
    expect(res.errors).toBeUndefined();
    expect(ids(res)).toEqual(all);
    expect(res.data.usageEvents.pageInfo.hasNextPage).toBe(false);
    expect(usageCalls().map((r) => r.query.limit)).toEqual(['100', '100', '51']);
    // Page 1 has no cursor; each later page carries the one read out of the previous nextPageUri.
    expect(usageCalls().map((r) => r.query.cursor === undefined)).toEqual([true, false, false]);

    stack.simulator.clearRequests();
    const first = await stack.gql(EVENTS, { since: daysAgo(2), first: 249 }, { token });
    expect(first.data.usageEvents.pageInfo.hasNextPage).toBe(true);
  });

  it('resumes from any cursor, also inside an upstream page: small pages walk every event exactly once', async () => {
    const { token, account } = seedUsage(stack, { requests: 230 });
    // The same arguments on every page: a cursor belongs to its window.
    const since = daysAgo(2);
    const seen: string[] = [];
    let after: string | null = null;
    for (let pages = 0; pages < 20; pages++) {
      const res: any = await stack.gql(EVENTS, { since, first: 37, after }, { token });
      expect(res.errors).toBeUndefined();
      seen.push(...ids(res));
      if (!res.data.usageEvents.pageInfo.hasNextPage) break;
      after = res.data.usageEvents.pageInfo.endCursor;
    }
    expect(seen).toEqual(upstreamEvents(account).map((e) => e.id));
    // Every edge cursor resumes right after its own edge.
    const page = await stack.gql(EVENTS, { since, first: 10 }, { token });
    const fourth = page.data.usageEvents.edges[3].cursor;
    const resumed = await stack.gql(EVENTS, { since, first: 3, after: fourth }, { token });
    expect(ids(resumed)).toEqual(ids(page).slice(4, 7));
  });

  it('keeps its place in the newest page when new events arrive between two pages', async () => {
    const { token, account, accessKeys } = seedUsage(stack, { requests: 30 });
    const before = upstreamEvents(account).map((e) => e.id);
    const since = daysAgo(2);
    const firstPage = await stack.gql(EVENTS, { since, first: 10 }, { token });
    // An event that happens after the first page was read (a later time than that read).
    account.usage.addRequest({
      accessKeyId: accessKeys[0]!.id,
      startedAtMs: Date.now() + 5,
      attempts: [{ provider: 'openai', model: 'gpt-4o-mini', keySource: 'ngrok' }],
    });
    const next = await stack.gql(EVENTS, { since, first: 10, after: firstPage.data.usageEvents.pageInfo.endCursor }, { token });
    expect(ids(next)).toEqual(before.slice(10, 20));
    // A new walk, once that moment has passed, sees the new event first.
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(ids(await stack.gql(EVENTS, { since, first: 1 }, { token }))).not.toEqual(before.slice(0, 1));
  });

  it('reads only the cursor out of nextPageUri, absolute or a path, and never requests that URI', async () => {
    const { token, account } = seedUsage(stack, { requests: 150 });
    const hits: string[] = [];
    const elsewhere = createServer((req, res) => {
      hits.push(req.url ?? '');
      res.end('{}');
    });
    await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.1', resolve));
    try {
      const origin = `http://127.0.0.1:${(elsewhere.address() as AddressInfo).port}`;
      const direct = await fetch(`${stack.simulator.url}/usage?startTime=${daysAgo(2)}&limit=100`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const cursor = new URL((await direct.json()).nextPageUri).searchParams.get('cursor')!;
      const expected = upstreamEvents(account).map((e) => e.id);
      for (const nextPageUri of [
        `${origin}/steal?cursor=${encodeURIComponent(cursor)}`,
        `/usage?limit=100&cursor=${encodeURIComponent(cursor)}`,
      ]) {
        stack.simulator.clearRequests();
        stack.simulator.injectFault({ match: { path: '/usage' }, nextPageUri });
        const res = await stack.gql(EVENTS, { since: daysAgo(2), first: 150 }, { token, headers: {} });
        expect(res.errors).toBeUndefined();
        expect(ids(res)).toEqual(expected);
        expect(usageCalls()[1]?.query.cursor).toBe(cursor);
      }
      expect(hits).toEqual([]);
    } finally {
      elsewhere.close();
    }
  });

  it('answers UPSTREAM_BAD_RESPONSE when a nextPageUri carries no cursor', async () => {
    const { token } = seedUsage(stack, { requests: 120 });
    stack.simulator.injectFault({ match: { path: '/usage' }, nextPageUri: '/usage?page=2' });
    const res = await stack.gql(EVENTS, { since: daysAgo(2), first: 150 }, { token });
    expect(res.errors?.[0]?.extensions?.code).toBe('UPSTREAM_BAD_RESPONSE');
  });
});

describe('input, refused before any upstream request', () => {
  it.each([
    [
      'a cursor of another connection',
      async () => {
        const keys = await stack.gql('{ accessKeys(first: 1) { pageInfo { endCursor } } }');
        return { since: daysAgo(2), after: keys.data.accessKeys.pageInfo.endCursor };
      },
    ],
    [
      'a cursor of the same connection with other arguments',
      async () => {
        const since = daysAgo(2);
        const page = await stack.gql(EVENTS, { since, first: 1 });
        return { since, after: page.data.usageEvents.pageInfo.endCursor, retries: true };
      },
    ],
    ['a forged cursor', async () => ({ since: daysAgo(2), after: Buffer.from('UsageEvent.x:0.1.abc').toString('base64url') })],
    ['first over 500', async () => ({ since: daysAgo(2), first: 501 })],
    ['a start in the future', async () => ({ since: new Date(Date.now() + 3_600_000).toISOString() })],
  ])('%s is BAD_USER_INPUT', async (_name, variables) => {
    const vars = await variables();
    stack.simulator.clearRequests();
    const res = await stack.gql(EVENTS, vars);
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(usageCalls()).toHaveLength(0);
  });

  it('refuses an end before the start, and an accessKeyId of another type', async () => {
    const end = await stack.gql('query($s: DateTime!, $e: DateTime) { usageEvents(startTime: $s, endTime: $e) { nodes { eventId } } }', {
      s: daysAgo(1),
      e: daysAgo(2),
    });
    expect(end.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'endTime' });
    const other = await stack.gql('query($s: DateTime!, $k: ID) { usageEvents(startTime: $s, accessKeyId: $k) { nodes { eventId } } }', {
      s: daysAgo(1),
      k: encodeGlobalId('ProviderKey', 'aigpk_1'),
    });
    expect(other.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(stack.upstream()).toHaveLength(0);
  });
});

describe('what an event carries', () => {
  it('passes money through as the exact decimal strings and token counts beyond Int as SafeInt', async () => {
    const { token, account, accessKeys } = seedUsage(stack, { requests: 40 });
    account.usage.addRequest({
      accessKeyId: accessKeys[0]!.id,
      startedAtMs: Date.now() - 5000,
      attempts: [
        {
          provider: 'anthropic',
          model: 'claude-sonnet-4-6',
          keySource: 'ngrok',
          tokens: { input: 3_000_000_001, output: 7, cacheWrite1h: 3 },
        },
      ],
    });
    const res = await stack.gql(
      `query($s: DateTime!) { usageEvents(startTime: $s, first: 41) { nodes {
        eventId tokens { input output cacheWrite1h } cost { total input output cacheRead cacheWrite cacheWrite5m cacheWrite1h ngrokProcessingFee }
      } } }`,
      { s: daysAgo(2) },
      { token },
    );
    expect(res.errors).toBeUndefined();
    const byId = new Map(upstreamEvents(account).map((e) => [e.id, e]));
    for (const node of res.data.usageEvents.nodes) {
      const e = byId.get(node.eventId)!;
      expect(node.cost).toEqual({
        total: e.totalCost,
        input: e.inputTokenCost,
        output: e.outputTokenCost,
        cacheRead: e.cacheReadCost,
        cacheWrite: e.cacheWriteCost,
        cacheWrite5m: e.cacheWrite5mCost,
        cacheWrite1h: e.cacheWrite1hCost,
        ngrokProcessingFee: e.ngrokProcessingFee,
      });
    }
    const big = res.data.usageEvents.nodes[0];
    expect(big.tokens).toEqual({ input: 3_000_000_001, output: 7, cacheWrite1h: 3 });
    // 3,000,000,001 × $3/M = $9000.000003 → 9000.00000 at 5 digits; the string is never re-rounded.
    expect(res.text).toContain(`"total":"${byId.get(big.eventId)!.totalCost}"`);
  });

  it('answers UPSTREAM_BAD_RESPONSE for an amount that is not a decimal string (never a float)', async () => {
    const { token, account } = seedUsage(stack, { requests: 1 });
    const event = { ...upstreamEvents(account)[0]!, totalCost: 0.1 };
    stack.simulator.injectFault({
      match: { path: '/usage' },
      status: 200,
      body: { aiGatewayUsage: [event], uri: '/usage', nextPageUri: null },
    });
    const res = await stack.gql(
      'query($s: DateTime!) { usageEvents(startTime: $s) { nodes { eventId cost { total } } } }',
      { s: daysAgo(2) },
      { token },
    );
    expect(res.errors?.[0]?.extensions?.code).toBe('UPSTREAM_BAD_RESPONSE');
  });
});

describe('batched lookups', () => {
  const JOINED = /* GraphQL */ `
    query ($s: DateTime!) {
      usageEvents(startTime: $s, first: 100) { nodes { accessKey { name } providerKey { name } } }
    }
  `;

  it('resolves the access keys and provider keys of 100 events from 3 keys with one list read each', async () => {
    const { token, accessKeys, providerKeys } = seedUsage(stack, { requests: 100 });
    const res = await stack.gql(JOINED, { s: daysAgo(2) }, { token });
    expect(res.errors).toBeUndefined();
    expect(new Set(res.data.usageEvents.nodes.map((n: any) => n.accessKey.name))).toEqual(new Set(accessKeys.map((k) => k.name)));
    expect(new Set(res.data.usageEvents.nodes.map((n: any) => n.providerKey.name))).toEqual(new Set(providerKeys.map((k) => k.name)));
    expect(
      stack
        .upstream()
        .map((r) => `${r.method} ${r.path}`)
        .sort(),
    ).toEqual(['GET /access-keys', 'GET /provider-keys', 'GET /usage']);
  });

  it('reads the links its events select, through fragments, and nothing a false @include leaves out', async () => {
    const { token, accessKeys } = seedUsage(stack, { requests: 20 });
    const query = /* GraphQL */ `
      query ($s: DateTime!, $keys: Boolean!) { usageEvents(startTime: $s) { edges { node { ...Spent } } } }
      fragment Spent on UsageEvent { eventId accessKey @include(if: $keys) { name } }
    `;
    const without = await stack.gql(query, { s: daysAgo(2), keys: false }, { token });
    expect(without.errors).toBeUndefined();
    expect(stack.upstream().map((r) => r.path)).toEqual(['/usage']);

    stack.simulator.clearRequests();
    const res = await stack.gql(query, { s: daysAgo(2), keys: true }, { token });
    expect(res.errors).toBeUndefined();
    const names = new Set(res.data.usageEvents.edges.map((e: any) => e.node.accessKey.name));
    expect(names).toEqual(new Set(accessKeys.map((k) => k.name)));
    expect(stack.upstream().map((r) => r.path)).toEqual(['/usage', '/access-keys']);
  });

  it('loads all the links a page selects at once: request traces go out while the access keys are still on their way', async () => {
    const { token } = seedUsage(stack, { requests: 4 });
    const delayMs = 1000;
    stack.simulator.injectFault({ match: { method: 'GET', path: '/access-keys' }, delayMs, times: 1 });
    const res = await stack.gql(
      'query($s: DateTime!) { usageEvents(startTime: $s) { nodes { accessKey { name } request { requestId } } } }',
      { s: daysAgo(2) },
      { token },
    );
    expect(res.errors).toBeUndefined();
    const keys = stack.upstream().find((r) => r.path === '/access-keys')!;
    const traces = stack.upstream().filter((r) => r.path.startsWith('/usage/requests/'));
    expect(traces).toHaveLength(4);
    // The access-key list was answered `delayMs` after it arrived at the earliest.
    for (const trace of traces) expect(trace.at).toBeLessThan(keys.at + delayMs);
  });

  it('leaves a failed key read with each event that links to it, and answers the rest of the page', async () => {
    const { token } = seedUsage(stack, { requests: 9 });
    stack.simulator.injectFault({
      match: { method: 'GET', path: '/access-keys' },
      status: 429,
      headers: { 'retry-after': '60' },
      body: { statusCode: 429, msg: 'slow down', details: {} },
      times: 1,
    });
    const res = await stack.gql(
      'query($s: DateTime!) { usageEvents(startTime: $s) { nodes { eventId accessKey { name } } } }',
      { s: daysAgo(2) },
      { token },
    );
    stack.simulator.clearFaults();
    const nodes = res.data.usageEvents.nodes;
    expect(nodes).toHaveLength(9);
    for (const node of nodes) expect(node).toEqual({ eventId: expect.any(String), accessKey: null });
    expect(res.errors?.map((error: any) => [error.extensions.code, error.path.join('.')])).toEqual(
      nodes.map((_: unknown, i: number) => ['RATE_LIMITED', `usageEvents.nodes.${i}.accessKey`]),
    );
    expect(stack.upstream().filter((r) => r.path === '/access-keys')).toHaveLength(1);
  });

  it('costs no access-key read at all when the keys were already loaded in the request', async () => {
    const { token } = seedUsage(stack, { requests: 30 });
    const res = await stack.gql(
      'query($s: DateTime!) { accessKeys { nodes { resourceId name usageEvents(startTime: $s, first: 50) { nodes { accessKey { name } } } } } }',
      { s: daysAgo(2) },
      { token },
    );
    expect(res.errors).toBeUndefined();
    for (const key of res.data.accessKeys.nodes) {
      expect(key.usageEvents.nodes).toHaveLength(10);
      for (const event of key.usageEvents.nodes) expect(event.accessKey.name).toBe(key.name);
    }
    const paths = stack.upstream().map((r) => r.path);
    expect(paths.filter((p) => p.startsWith('/access-keys'))).toEqual(['/access-keys']);
    // AccessKey.usageEvents asks the upstream for that key's events only.
    const asked = stack
      .upstream()
      .filter((r) => r.path === '/usage')
      .map((r) => r.query.accessKeyId);
    expect(asked.sort()).toEqual(res.data.accessKeys.nodes.map((k: any) => k.resourceId).sort());
  });

  it('reads a request trace only when `request` is selected, once per distinct request id', async () => {
    const { token, account } = seedUsage(stack, { requests: 5 });
    account.usage.addRequest({
      accessKeyId: 'aigk_retrying',
      startedAtMs: Date.now() - 2000,
      attempts: [
        { provider: 'openai', model: 'gpt-4o', keySource: 'ngrok', statusCode: 429, retryAction: 'next_quota_pool' },
        { provider: 'openai', model: 'gpt-4o', keySource: 'ngrok', retryAction: 'succeeded' },
      ],
    });
    const plain = await stack.gql(EVENTS, { since: daysAgo(2), retries: true }, { token });
    expect(plain.errors).toBeUndefined();
    expect(stack.upstream().filter((r) => r.path.startsWith('/usage/requests/'))).toHaveLength(0);
    const res = await stack.gql(
      'query($s: DateTime!) { usageEvents(startTime: $s, includeRetries: true) { nodes { requestId request { attempts { served } } } } }',
      { s: daysAgo(2) },
      { token },
    );
    expect(res.errors).toBeUndefined();
    const distinct = new Set(res.data.usageEvents.nodes.map((n: any) => n.requestId));
    expect(res.data.usageEvents.nodes).toHaveLength(7);
    expect(distinct.size).toBe(6);
    expect(stack.upstream().filter((r) => r.path.startsWith('/usage/requests/'))).toHaveLength(6);
  });
});
