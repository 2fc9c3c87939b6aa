import { toGlobalId } from 'graphql-relay';
import { describe, expect, it } from 'vitest';
import { newToken, useStack } from '../helpers/stack.ts';
import { elapsedSince, SCHEDULING_SLACK_MS } from '../helpers/timing.ts';

// The budget is well above the slack, so that waiting it out would break the "at once" bound.
const TIMEOUT_MS = 400;
const BUDGET_MS = 5_000;
const stack = useStack({ UPSTREAM_MAX_RETRIES: '2', UPSTREAM_RETRY_BUDGET_MS: String(BUDGET_MS), UPSTREAM_TIMEOUT_MS: String(TIMEOUT_MS) });

const LIST = '{ providerKeys(first: 2) { nodes { id } } }';
const UPDATE = 'mutation($id: ID!) { updateProviderKey(input: { id: $id, name: "n" }) { providerKey { name } } }';
const error = (status: number) => ({ status, body: { statusCode: status, msg: `simulated ${status}`, details: {} } });

function seededKey() {
  const token = newToken('retry');
  const key = stack.simulator
    .account(token)
    .createProviderKey({ providerId: 'openai', name: 'k', value: stack.secret(`sk-retry-${token}`) });
  return { token, id: toGlobalId('ProviderKey', key.id) };
}

describe('reads (GET) are retried where safe', () => {
  it.each([502, 503, 504, 429])('retries after %i and succeeds', async (status) => {
    stack.simulator.injectFault(error(status));
    const res = await stack.gql(LIST);
    expect(res.errors).toBeUndefined();
    expect(stack.upstream()).toHaveLength(2);
  });

  it('retries a reset connection', async () => {
    stack.simulator.injectFault({ reset: true });
    const res = await stack.gql(LIST);
    expect(res.errors).toBeUndefined();
    expect(stack.upstream()).toHaveLength(2);
  });

  it('gives up after UPSTREAM_MAX_RETRIES retries with the last error', async () => {
    stack.simulator.injectFault({ ...error(503), times: 5 });
    const res = await stack.gql(LIST);
    expect(res.errors?.[0]?.extensions?.code).toBe('UPSTREAM_ERROR');
    expect(stack.upstream()).toHaveLength(3);
  });

  it('does not retry 500 or 4xx answers', async () => {
    stack.simulator.injectFault({ ...error(500), times: 5 });
    expect((await stack.gql(LIST)).errors?.[0]?.extensions?.code).toBe('UPSTREAM_ERROR');
    expect(stack.upstream()).toHaveLength(1);
  });

  it('honours a Retry-After that fits in the budget', async () => {
    stack.simulator.injectFault({ ...error(429), headers: { 'Retry-After': '1' } });
    const started = Date.now();
    const res = await stack.gql(LIST);
    expect(res.errors).toBeUndefined();
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    const [first, second] = stack.upstream();
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(950);
  });

  it('answers RATE_LIMITED at once when Retry-After exceeds the budget (never waits an hour)', async () => {
    stack.simulator.injectFault({ ...error(429), headers: { 'Retry-After': '3600' } });
    const started = performance.now();
    const res = await stack.gql(LIST);
    // Neither the hour nor the budget: answered as soon as the 429 arrived.
    expect(SCHEDULING_SLACK_MS).toBeLessThan(BUDGET_MS);
    expect(elapsedSince(started)).toBeLessThan(SCHEDULING_SLACK_MS);
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: 3600 });
    expect(stack.upstream()).toHaveLength(1);
  });

  it('reads Retry-After as an HTTP date too', async () => {
    const inTwoMinutes = new Date(Date.now() + 120_000).toUTCString();
    stack.simulator.injectFault({ ...error(429), headers: { 'Retry-After': inTwoMinutes } });
    const res = await stack.gql(LIST);
    expect(res.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    expect(res.errors?.[0]?.extensions?.retryAfterSeconds).toBeGreaterThan(100);
  });

  it('does not retry a timed-out read, and answers within about UPSTREAM_TIMEOUT_MS', async () => {
    stack.simulator.injectFault({ hang: true });
    const started = performance.now();
    const res = await stack.gql(LIST);
    expect(res.errors?.[0]?.extensions?.code).toBe('UPSTREAM_TIMEOUT');
    // One request (no retry), answered when its timeout ran out.
    expect(stack.upstream()).toHaveLength(1);
    expect(elapsedSince(started)).toBeGreaterThanOrEqual(TIMEOUT_MS * 0.9);
    expect(elapsedSince(started)).toBeLessThan(TIMEOUT_MS + SCHEDULING_SLACK_MS);
  });
});

describe('writes (PATCH) are never retried', () => {
  it.each([
    ['a 503', error(503)],
    ['a 429 with a short Retry-After', { ...error(429), headers: { 'Retry-After': '0' } }],
    ['a reset connection', { reset: true }],
  ])('sends exactly one request after %s', async (_label, fault) => {
    const { token, id } = seededKey();
    stack.simulator.injectFault({ ...fault, match: { method: 'PATCH' } });
    const res = await stack.gql(UPDATE, { id }, { token });
    expect(res.errors).toHaveLength(1);
    expect(stack.upstream().filter((request) => request.method === 'PATCH')).toHaveLength(1);
  });

  it('times out a slow PATCH within about UPSTREAM_TIMEOUT_MS with one request', async () => {
    const { token, id } = seededKey();
    stack.simulator.injectFault({ hang: true, match: { method: 'PATCH' } });
    const started = performance.now();
    const res = await stack.gql(UPDATE, { id }, { token });
    expect(res.errors?.[0]?.extensions?.code).toBe('UPSTREAM_TIMEOUT');
    expect(elapsedSince(started)).toBeGreaterThanOrEqual(TIMEOUT_MS * 0.9);
    expect(elapsedSince(started)).toBeLessThan(TIMEOUT_MS + SCHEDULING_SLACK_MS);
    expect(stack.upstream().filter((request) => request.method === 'PATCH')).toHaveLength(1);
    // The process is fine and the next request works.
    expect((await stack.gql(UPDATE, { id }, { token })).errors).toBeUndefined();
  });
});
