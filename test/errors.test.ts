import { describe, expect, it } from 'vitest';
import { newToken, useStack } from './helpers/stack.ts';
import { elapsedSince, SCHEDULING_SLACK_MS } from './helpers/timing.ts';

// Retries are exercised in their own tests; here each fault maps to one clean error.
const TIMEOUT_MS = 300;
const stack = useStack({ UPSTREAM_MAX_RETRIES: '0', UPSTREAM_TIMEOUT_MS: String(TIMEOUT_MS) });

const QUERY = '{ providerKeys(first: 1) { nodes { id } } }';

function expectClean(res: { text: string }, token: string) {
  expect(res.text).not.toContain(token);
  expect(res.text).not.toContain(stack.simulator.url);
  expect(res.text).not.toMatch(/\bat .*\.ts:\d+/); // no stack trace
  expect(res.text.toLowerCase()).not.toContain('authorization');
  expect(stack.logs.join('\n')).not.toContain(token);
}

describe('authentication', () => {
  it.each([
    ['no Authorization header', { token: null }],
    ['an empty bearer token', { token: null, headers: { authorization: 'Bearer ' } }],
    ['another scheme', { token: null, headers: { authorization: 'Basic dXNlcjpwYXNz' } }],
    ['an overlong token', { token: null, headers: { authorization: `Bearer ${'x'.repeat(5000)}` } }],
  ])('answers UNAUTHENTICATED with zero upstream requests for %s', async (_label, options) => {
    const res = await stack.gql(QUERY, {}, options);
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(stack.upstream()).toHaveLength(0);
  });

  it('answers a token the upstream does not know with UNAUTHENTICATED and its 401, not an empty account', async () => {
    const token = stack.secret('mistyped-demo-token');
    const res = await stack.gql(QUERY, {}, { token });
    expect(res.data).toBeNull();
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', upstream: { statusCode: 401 } });
    expectClean(res, token);
  });

  it('forwards the caller token verbatim on every upstream request', async () => {
    const token = newToken('fwd');
    await stack.gql('{ providerKeys(first: 150) { nodes { id } } accessKeyConfigurations { nodes { id } } }', {}, { token });
    expect(stack.upstream().length).toBeGreaterThan(0);
    for (const request of stack.upstream()) expect(request.headers.authorization).toBe(`Bearer ${token}`);
  });
});

describe('upstream status mapping', () => {
  it.each([
    [400, 'BAD_USER_INPUT'],
    [401, 'UNAUTHENTICATED'],
    [403, 'FORBIDDEN'],
    [404, 'NOT_FOUND'],
    [409, 'CONFLICT'],
    [422, 'BAD_USER_INPUT'],
    [429, 'RATE_LIMITED'],
    [500, 'UPSTREAM_ERROR'],
    [502, 'UPSTREAM_ERROR'],
    [503, 'UPSTREAM_ERROR'],
  ])('maps %i to %s with the upstream error body in extensions.upstream', async (status, code) => {
    const token = newToken('status');
    const body = { errorCode: `ERR_NGROK_${status}`, statusCode: status, msg: `simulated ${status}`, details: { operation_id: 'op_1' } };
    stack.simulator.injectFault({ status, body });
    const res = await stack.gql(QUERY, {}, { token });
    expect(res.errors?.[0]?.extensions).toEqual({ code, upstream: body });
    expect(res.errors?.[0]?.message).toContain(`simulated ${status}`);
    expectClean(res, token);
  });

  it('answers 429 with Retry-After as RATE_LIMITED with retryAfterSeconds', async () => {
    stack.simulator.injectFault({
      status: 429,
      body: { statusCode: 429, msg: 'slow down', details: {} },
      headers: { 'Retry-After': '120' },
    });
    const res = await stack.gql(QUERY);
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: 120 });
  });

  it('maps a non-JSON error body to the status code alone', async () => {
    stack.simulator.injectFault({ status: 502, body: '<html>bad gateway</html>' });
    const res = await stack.gql(QUERY);
    expect(res.errors?.[0]?.extensions).toEqual({ code: 'UPSTREAM_ERROR', upstream: { statusCode: 502 } });
  });
});

describe('upstream faults', () => {
  it('answers UPSTREAM_TIMEOUT within about UPSTREAM_TIMEOUT_MS, and the next request works', async () => {
    const token = newToken('slow');
    stack.simulator.injectFault({ hang: true });
    const started = performance.now();
    const res = await stack.gql(QUERY, {}, { token });
    expect(res.errors?.[0]?.extensions?.code).toBe('UPSTREAM_TIMEOUT');
    // The upstream never answers: the timeout ended the wait, no sooner and not much later.
    expect(elapsedSince(started)).toBeGreaterThanOrEqual(TIMEOUT_MS * 0.9);
    expect(elapsedSince(started)).toBeLessThan(TIMEOUT_MS + SCHEDULING_SLACK_MS);
    expectClean(res, token);
    const next = await stack.gql(QUERY);
    expect(next.errors).toBeUndefined();
  });

  it('maps a reset connection to UPSTREAM_UNAVAILABLE', async () => {
    stack.simulator.injectFault({ reset: true });
    const res = await stack.gql(QUERY);
    expect(res.errors?.[0]?.extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
    expect((await stack.gql(QUERY)).errors).toBeUndefined();
  });

  it('maps malformed JSON and wrong-shaped bodies to UPSTREAM_BAD_RESPONSE', async () => {
    stack.simulator.injectFault({ malformedJson: true });
    const malformed = await stack.gql(QUERY);
    expect(malformed.errors?.[0]?.extensions?.code).toBe('UPSTREAM_BAD_RESPONSE');
    stack.simulator.injectFault({ status: 200, body: { unexpected: true } });
    const wrongShape = await stack.gql(QUERY);
    expect(wrongShape.errors?.[0]?.extensions?.code).toBe('UPSTREAM_BAD_RESPONSE');
  });

  it('does not follow redirects (the token stays with the configured origin)', async () => {
    stack.simulator.injectFault({ status: 302, headers: { Location: 'http://127.0.0.2:9/steal' } });
    const res = await stack.gql(QUERY);
    expect(res.errors?.[0]?.extensions?.code).toBe('UPSTREAM_ERROR');
    expect(stack.upstream()).toHaveLength(1);
  });

  it('never fetches nextPageUri: the next page goes to the configured origin with beforeId', async () => {
    const token = newToken('next');
    const account = stack.simulator.account(token);
    for (let i = 0; i < 3; i++) account.createProviderKey({ providerId: 'openai', name: `k${i}`, value: `sk-next-${i}-xxxxxxxxxxxx` });
    stack.simulator.injectFault({ nextPageUri: 'http://127.0.0.2:9/provider-keys?beforeId=evil', match: { method: 'GET' } });
    const res = await stack.gql('{ providerKeys(first: 1) { nodes { resourceId } pageInfo { hasNextPage } } }', {}, { token });
    expect(res.data.providerKeys.pageInfo.hasNextPage).toBe(true);
    expect(stack.upstream().every((request) => request.query.beforeId !== 'evil')).toBe(true);
  });
});
