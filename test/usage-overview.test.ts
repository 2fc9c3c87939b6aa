// usageOverview and gatewayRequest against the simulator over real HTTP.
import { describe, expect, it } from 'vitest';
import { useStack } from './helpers/stack.ts';
import { daysAgo, seedUsage } from './helpers/usage.ts';

const stack = useStack();

const OVERVIEW = /* GraphQL */ `
  query ($s: DateTime!, $by: UsageGroupBy) {
    usageOverview(startTime: $s, groupBy: $by) {
      totals { cost requests errors }
      buckets { bucketStart groupKey cost requests errors accessKey { resourceId name } }
    }
  }
`;

describe('usageOverview', () => {
  it('passes the daily buckets and totals through exactly, grouped by provider by default', async () => {
    const since = daysAgo(31);
    const res = await stack.gql(OVERVIEW, { s: since });
    expect(res.errors).toBeUndefined();
    const direct = await fetch(`${stack.simulator.url}/usage/overview?startTime=${since}`, { headers: { authorization: 'Bearer demo' } });
    const upstream = await direct.json();
    expect(res.data.usageOverview.totals).toEqual(upstream.totals);
    expect(res.data.usageOverview.buckets).toEqual(upstream.buckets.map((b: object) => ({ ...b, accessKey: null })));
    expect(stack.upstream().filter((r) => r.path.startsWith('/access-keys'))).toHaveLength(0);
  });

  it('grouped by ACCESS_KEY, resolves each bucket’s access key from one list read', async () => {
    const { token, accessKeys } = seedUsage(stack, { requests: 60, keys: 4 });
    const res = await stack.gql(OVERVIEW, { s: daysAgo(2), by: 'ACCESS_KEY' }, { token });
    expect(res.errors).toBeUndefined();
    const names = new Map(accessKeys.map((k) => [k.id, k.name]));
    for (const bucket of res.data.usageOverview.buckets)
      expect(bucket.accessKey).toEqual({ resourceId: bucket.groupKey, name: names.get(bucket.groupKey) });
    expect(res.data.usageOverview.totals.requests).toBe(60);
    expect(stack.upstream().map((r) => r.path)).toEqual(['/usage/overview', '/access-keys']);
    expect(stack.upstream()[0]?.query.groupBy).toBe('accessKey');
  });
});

const TRACE = /* GraphQL */ `
  query ($id: String!) {
    gatewayRequest(requestId: $id) {
      requestId
      attempts { served retryAction completion requestDurationMs event { eventId attemptNumber isFinalAttempt statusCode } }
    }
  }
`;

describe('gatewayRequest', () => {
  function retried() {
    const { token, account } = seedUsage(stack, { requests: 0 });
    const [first] = account.usage.addRequest({
      accessKeyId: 'aigk_x',
      startedAtMs: Date.now() - 60_000,
      attempts: [
        { provider: 'openai', model: 'gpt-4o', keySource: 'user', statusCode: 429, retryAction: 'next_key', durationMs: 120 },
        {
          provider: 'openai',
          model: 'gpt-4o',
          keySource: 'ngrok',
          completion: 'timed_out',
          statusCode: 504,
          retryAction: 'managed_fallback',
        },
        { provider: 'openai', model: 'gpt-4o', keySource: 'ngrok', retryAction: 'succeeded', durationMs: 900 },
      ],
    });
    return { token, requestId: first!.event.requestId };
  }

  it('lists every attempt with its upstream snake_case values as enums', async () => {
    const { token, requestId } = retried();
    const res = await stack.gql(TRACE, { id: requestId }, { token });
    expect(res.errors).toBeUndefined();
    expect(res.data.gatewayRequest.requestId).toBe(requestId);
    expect(res.data.gatewayRequest.attempts.map((a: any) => [a.event.attemptNumber, a.served, a.retryAction, a.completion])).toEqual([
      [1, false, 'NEXT_KEY', 'FAILED'],
      [2, false, 'MANAGED_FALLBACK', 'TIMED_OUT'],
      [3, true, 'SUCCEEDED', 'SUCCEEDED'],
    ]);
    expect(res.data.gatewayRequest.attempts[0].requestDurationMs).toBe(120);
  });

  it('is null for a request id the upstream does not know (also another account’s)', async () => {
    const { requestId } = retried();
    expect((await stack.gql(TRACE, { id: 'rq_nothing' })).data).toEqual({ gatewayRequest: null });
    expect((await stack.gql(TRACE, { id: requestId })).data).toEqual({ gatewayRequest: null });
  });

  it('maps an upstream value it does not know to null (retryAction) or UNKNOWN (completion), with a log line', async () => {
    const { token, requestId } = retried();
    const direct = await fetch(`${stack.simulator.url}/usage/requests/${requestId}`, { headers: { authorization: `Bearer ${token}` } });
    const body = await direct.json();
    body.attempts[0].retryAction = 'teleport';
    body.attempts[0].completion = 'evaporated';
    stack.simulator.injectFault({ match: { path: `/usage/requests/${requestId}` }, status: 200, body });
    const logged = stack.logs.length;
    const res = await stack.gql(TRACE, { id: requestId }, { token });
    expect(res.errors).toBeUndefined();
    expect(res.data.gatewayRequest.attempts[0]).toMatchObject({ retryAction: null, completion: 'UNKNOWN' });
    expect(res.data.gatewayRequest.attempts[2]).toMatchObject({ retryAction: 'SUCCEEDED', completion: 'SUCCEEDED' });
    const warnings = stack.logs.slice(logged).filter((line) => line.includes('unknown upstream enum value'));
    expect(warnings.join('\n')).toContain('teleport');
    expect(warnings.join('\n')).toContain('evaporated');
  });

  it('refuses a blank or over-long request id before any upstream request', async () => {
    for (const id of ['', '   ', 'x'.repeat(256), ' rq_1']) {
      const res = await stack.gql(TRACE, { id });
      expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
    expect(stack.upstream()).toHaveLength(0);
  });
});
