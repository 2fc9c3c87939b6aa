// The upstream-request estimate of the usage fields, both sides: batched lookups are counted at
// what batching makes them cost, shapes that cannot batch are refused before execution, and a
// run-time budget holds the real count to MAX_UPSTREAM_REQUESTS when batching falls short.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, useStack, type Stack } from './helpers/stack.ts';
import { daysAgo, seedUsage } from './helpers/usage.ts';

const stack = useStack();

const JOINED = /* GraphQL */ `
  query ($s: DateTime!, $first: Int) {
    usageEvents(startTime: $s, first: $first) {
      nodes { accessKey { name configuration { name createdAt } } providerKey { name } }
    }
  }
`;

function refusal(res: { errors?: { extensions?: Record<string, unknown> }[]; data?: unknown }) {
  expect(res.data ?? null).toBeNull();
  expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'upstreamRequests' });
  return res.errors![0]!.extensions!;
}

describe('under the default limit', () => {
  it('runs 500 events with their access key, its configuration and the provider key: a handful of requests', async () => {
    const res = await stack.gql(JOINED, { s: daysAgo(31), first: 500 });
    expect(res.errors).toBeUndefined();
    expect(res.data.usageEvents.nodes).toHaveLength(500);
    expect(res.data.usageEvents.nodes.some((n: any) => n.accessKey.configuration?.name)).toBe(true);
    // 6 usage pages (the last one looks one item ahead) and one list page per joined type.
    expect(
      stack
        .upstream()
        .map((r) => r.path)
        .sort(),
    ).toEqual(['/access-key-configurations', '/access-keys', '/provider-keys', ...Array(6).fill('/usage')]);
  });

  it('refuses usage events under 500 access keys, one GET /usage each, with the estimate (6 pages + 500)', async () => {
    const res = await stack.gql(
      'query($s: DateTime!) { accessKeys(first: 500) { nodes { usageEvents(startTime: $s, first: 10) { nodes { eventId } } } } }',
      { s: daysAgo(1) },
    );
    expect(refusal(res)).toMatchObject({ cost: 506, max: 250 });
    expect(stack.upstream()).toHaveLength(0);
  });

  it('refuses the activity of 500 OpenRouter keys, one GET /activity each, with the estimate (6 pages + 500 + 3 list reads)', async () => {
    const res = await stack.gql('{ openRouterKeys(first: 500) { nodes { activity { requests } } } }', {}, { openRouterKey: 'demo' });
    expect(refusal(res)).toMatchObject({ cost: 509, max: 250 });
    expect(stack.openRouterUpstream()).toHaveLength(0);
  });
});

describe('the estimate itself, at a limit of 9', () => {
  let tight: Stack;
  beforeAll(async () => {
    tight = await startStack({ MAX_UPSTREAM_REQUESTS: '9' });
  });
  afterAll(() => tight.close());

  it('counts 500 joined events as 6 usage pages plus the 3 possible list reads, whatever the number of events', async () => {
    expect((await tight.gql(JOINED, { s: daysAgo(31), first: 500 })).errors).toBeUndefined();
    // A per-event request (the request trace) is counted per event: 6 + 500 + 3.
    const traced = await tight.gql('query($s: DateTime!) { usageEvents(startTime: $s, first: 500) { nodes { request { requestId } } } }', {
      s: daysAgo(31),
    });
    expect(refusal(traced)).toMatchObject({ cost: 509, max: 9 });
  });
});

describe('the run-time budget, when the list page does not hold every key', () => {
  let tight: Stack;
  beforeAll(async () => {
    tight = await startStack({ MAX_UPSTREAM_REQUESTS: '20' });
  });
  afterAll(() => tight.close());

  it('stops at MAX_UPSTREAM_REQUESTS real requests and reports the rest as QUERY_TOO_COMPLEX', async () => {
    // 130 keys: the newest 100 come with the list page, the other 30 need a GET each.
    const { token } = seedUsage(tight, { keys: 130, requests: 130 });
    tight.simulator.clearRequests();
    const res = await tight.gql(
      'query($s: DateTime!) { usageEvents(startTime: $s, first: 130) { nodes { accessKey { name } } } }',
      { s: daysAgo(2) },
      { token },
    );
    expect(tight.upstream()).toHaveLength(20);
    expect(res.errors?.length).toBeGreaterThan(0);
    for (const error of res.errors ?? [])
      expect(error.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'upstreamRequests', max: 20 });
    const named = res.data.usageEvents.nodes.filter((n: any) => n.accessKey !== null);
    expect(named.length).toBeGreaterThanOrEqual(100);
  });
});
