import { toGlobalId } from 'graphql-relay';
import { describe, expect, it } from 'vitest';
import { describeOpenRouterError } from '../src/upstream/openrouter.ts';
import { newToken, useStack } from './helpers/stack.ts';

// Retries are covered by the core tests; here each fault maps to one clean error.
const stack = useStack({ UPSTREAM_MAX_RETRIES: '0', UPSTREAM_TIMEOUT_MS: '300' });

const LIST = '{ openRouterKeys(first: 1) { nodes { id } } }';

function expectClean(res: { text: string }, key: string) {
  expect(res.text).not.toContain(key);
  expect(res.text).not.toContain(stack.openRouter.url);
  expect(res.text).not.toMatch(/\bat .*\.ts:\d+/);
  expect(res.text.toLowerCase()).not.toContain('authorization: bearer');
  expect(stack.logs.join('\n')).not.toContain(key);
}

describe('OpenRouter error bodies', () => {
  it.each([
    [400, 'BAD_USER_INPUT'],
    [401, 'UNAUTHENTICATED'],
    [403, 'FORBIDDEN'],
    [404, 'NOT_FOUND'],
    [429, 'RATE_LIMITED'],
    [500, 'UPSTREAM_ERROR'],
    [503, 'UPSTREAM_ERROR'],
  ])('maps %i to %s with extensions.upstream {statusCode, message}', async (status, code) => {
    const key = newToken('orerr');
    const body = {
      error: { code: status, message: `simulated ${status}`, metadata: { provider_name: 'x', raw: 'internal detail' } },
      user_id: 'user_1',
    };
    stack.openRouter.injectFault({ status, body });
    const res = await stack.gql(LIST, {}, { openRouterKey: key });
    expect(res.errors?.[0]?.extensions).toEqual({ code, upstream: { statusCode: status, message: `simulated ${status}` } });
    expect(res.errors?.[0]?.message).toBe(`OpenRouter answered ${status}: simulated ${status}`);
    expect(res.text).not.toContain('internal detail');
    expect(res.text).not.toContain('user_1');
    expectClean(res, key);
  });

  it('answers a real 403 (an inference key used as management key) as FORBIDDEN', async () => {
    const key = newToken('orerr');
    const created = await stack.gql('mutation { createOpenRouterKey(input: { name: "inference" }) { key } }', {}, { openRouterKey: key });
    const inferenceKey: string = created.data.createOpenRouterKey.key;
    const res = await stack.gql(LIST, {}, { openRouterKey: inferenceKey });
    expect(res.errors?.[0]?.extensions).toEqual({
      code: 'FORBIDDEN',
      upstream: { statusCode: 403, message: 'Only management keys can perform this operation' },
    });
    expectClean(res, inferenceKey);
  });

  it('answers a 404 on a lookup with null, not an error', async () => {
    const res = await stack.gql(
      `{ openRouterKey(id: "${toGlobalId('OpenRouterKey', 'd'.repeat(64))}") { id } }`,
      {},
      { openRouterKey: newToken('orerr') },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.openRouterKey).toBeNull();
  });

  it('answers 429 with Retry-After as RATE_LIMITED with retryAfterSeconds', async () => {
    stack.openRouter.injectFault({
      status: 429,
      body: { error: { code: 429, message: 'Rate limit exceeded' } },
      headers: { 'Retry-After': '30' },
    });
    const res = await stack.gql(LIST, {}, { openRouterKey: 'demo' });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: 30, upstream: { statusCode: 429 } });
  });

  it('maps a body that is not the OpenRouter shape to the status code alone', async () => {
    stack.openRouter.injectFault({ status: 502, body: '<html>bad gateway</html>' });
    const html = await stack.gql(LIST, {}, { openRouterKey: 'demo' });
    expect(html.errors?.[0]?.extensions).toEqual({ code: 'UPSTREAM_ERROR', upstream: { statusCode: 502 } });
    stack.openRouter.injectFault({ status: 500, body: { message: 'other shape' } });
    const other = await stack.gql(LIST, {}, { openRouterKey: 'demo' });
    expect(other.errors?.[0]?.extensions).toEqual({ code: 'UPSTREAM_ERROR', upstream: { statusCode: 500, message: '' } });
  });

  it('never repeats a key-looking string from an upstream message', async () => {
    const key = `sk-or-v1-${'9'.repeat(64)}`;
    stack.openRouter.injectFault({ status: 401, body: { error: { code: 401, message: `Invalid key ${key} (Bearer ${key})` } } });
    const res = await stack.gql(LIST, {}, { openRouterKey: key });
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(res.errors?.[0]?.extensions?.upstream?.message).toBe('Invalid key [redacted] ([redacted])');
    expectClean(res, key);
  });

  it('never retries a write', async () => {
    stack.openRouter.injectFault({ status: 503, body: { error: { code: 503, message: 'busy' } }, match: { method: 'POST' } });
    const res = await stack.gql(
      'mutation { createOpenRouterKey(input: { name: "once" }) { key } }',
      {},
      { openRouterKey: newToken('orerr') },
    );
    expect(res.errors?.[0]?.extensions?.code).toBe('UPSTREAM_ERROR');
    expect(stack.openRouterUpstream()).toHaveLength(1);
  });
});

describe('OpenRouter transport and shape faults', () => {
  it('maps a hanging upstream to UPSTREAM_TIMEOUT and a reset to UPSTREAM_UNAVAILABLE', async () => {
    stack.openRouter.injectFault({ hang: true });
    expect((await stack.gql(LIST, {}, { openRouterKey: 'demo' })).errors?.[0]?.extensions?.code).toBe('UPSTREAM_TIMEOUT');
    stack.openRouter.injectFault({ reset: true });
    expect((await stack.gql(LIST, {}, { openRouterKey: 'demo' })).errors?.[0]?.extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
    expect((await stack.gql(LIST, {}, { openRouterKey: 'demo' })).errors).toBeUndefined();
  });

  it.each([
    ['malformed JSON', { malformedJson: true }],
    ['a list without data', { status: 200, body: { keys: [] } }],
    ['a key without hash', { status: 200, body: { data: [{ name: 'x' }] } }],
    ['a key with a wrongly typed field', { status: 200, body: { data: [{ hash: 'h', name: 'x', usage: '1.0' }] } }],
  ])('maps %s to UPSTREAM_BAD_RESPONSE', async (_label, fault) => {
    stack.openRouter.injectFault(fault);
    const res = await stack.gql(LIST, {}, { openRouterKey: 'demo' });
    expect(res.errors?.[0]?.extensions?.code).toBe('UPSTREAM_BAD_RESPONSE');
  });

  it('refuses a create answer without the secret, and a delete answer other than {deleted: true}', async () => {
    const key = newToken('orerr');
    const hash = stack.openRouter.account(key).createKey({ name: 'k' }).hash;
    stack.openRouter.injectFault({ status: 201, body: { data: { hash: 'h' } }, match: { method: 'POST' } });
    const created = await stack.gql('mutation { createOpenRouterKey(input: { name: "x" }) { key } }', {}, { openRouterKey: key });
    expect(created.errors?.[0]?.extensions?.code).toBe('UPSTREAM_BAD_RESPONSE');
    stack.openRouter.injectFault({ status: 200, body: { deleted: false }, match: { method: 'DELETE' } });
    const deleted = await stack.gql(
      `mutation { deleteOpenRouterKey(input: { id: "${toGlobalId('OpenRouterKey', hash)}" }) { deletedOpenRouterKeyId } }`,
      {},
      { openRouterKey: key },
    );
    expect(deleted.errors?.[0]?.extensions?.code).toBe('UPSTREAM_BAD_RESPONSE');
  });

  it('does not follow redirects', async () => {
    stack.openRouter.injectFault({ status: 307, headers: { Location: 'http://127.0.0.2:9/steal' } });
    const res = await stack.gql(LIST, {}, { openRouterKey: 'demo' });
    expect(res.errors?.[0]?.extensions?.code).toBe('UPSTREAM_ERROR');
    expect(stack.openRouterUpstream()).toHaveLength(1);
  });
});

describe('describeOpenRouterError', () => {
  it('reads {error: {code, message}} and leaves metadata out', () => {
    expect(describeOpenRouterError(404, { error: { code: 404, message: 'API key not found', metadata: { a: 1 } } })).toEqual({
      message: 'API key not found',
      upstream: { statusCode: 404, message: 'API key not found' },
    });
  });

  it('tolerates other shapes', () => {
    expect(describeOpenRouterError(500, 'text')).toEqual({ message: '', upstream: { statusCode: 500, message: '' } });
    expect(describeOpenRouterError(500, { error: 'boom' })).toEqual({ message: '', upstream: { statusCode: 500, message: '' } });
  });
});
