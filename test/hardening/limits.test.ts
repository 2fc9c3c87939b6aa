import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, useStack, type Stack } from '../helpers/stack.ts';
import { LIST_FIRST_LOADERS } from '../../src/data-loaders.ts';

const stack = useStack({ CORS_ORIGINS: 'https://app.example.com' });

async function expectRefused(query: string, limit: string, variables: Record<string, unknown> = {}) {
  const res = await stack.gql(query, variables);
  expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit });
  expect(res.data ?? null).toBeNull();
  expect(stack.upstream()).toHaveLength(0);
  return res.errors![0]!.extensions as Record<string, unknown>;
}

describe('operation limits, applied before any upstream request', () => {
  it('refuses more than 15 aliases', async () => {
    const aliases = Array.from({ length: 16 }, (_, i) => `a${i}: providerKeys(first: 1) { nodes { id } }`).join('\n');
    await expectRefused(`{ ${aliases} }`, 'aliases');
  });

  it('allows the deepest query the schema has at the default depth limit of 12', async () => {
    const deepest =
      '{ accessKeyConfigurations { edges { node { router { rules { steps { keys { providerKey { createdBy { id } } } } } } } } } }';
    expect((await stack.gql(deepest)).errors).toBeUndefined();
  });

  it('refuses more than 10 directives', async () => {
    const fields = Array.from({ length: 11 }, () => 'id @include(if: true)').join(' ');
    await expectRefused(`{ providerKeys(first: 1) { nodes { ${fields} } } }`, 'directives');
  });

  it('refuses documents of more than 2000 tokens', async () => {
    const fields = Array.from({ length: 2100 }, () => 'id').join(' ');
    await expectRefused(`{ providerKeys(first: 1) { nodes { ${fields} } } }`, 'tokens');
  });

  it('refuses an operation that could fan out into more than 250 upstream requests, counting first', async () => {
    // One GET /usage per access key: nothing batches that, so it counts per key.
    const query =
      'query($first: Int, $since: DateTime!) { accessKeys(first: $first) { nodes { usageEvents(startTime: $since, first: 1) { nodes { eventId } } } } }';
    const since = new Date(Date.now() - 86_400_000).toISOString();
    expect(await expectRefused(query, 'upstreamRequests', { first: 300, since })).toMatchObject({ cost: 304, max: 250 });
    const res = await stack.gql(query, { first: 200, since });
    expect(res.errors).toBeUndefined();
  });

  it('counts nodes(ids:) by the number of ids and aliases of connections by their pages', async () => {
    const ids = Array.from({ length: 100 }, (_, i) => `id${i}`);
    const aliases = Array.from({ length: 3 }, (_, i) => `a${i}: nodes(ids: $ids) { id }`).join(' ');
    // 3 × 100 ids, plus one possible list read per list-first loader (src/data-loaders.ts).
    expect(await expectRefused(`query($ids: [ID!]!) { ${aliases} }`, 'upstreamRequests', { ids })).toMatchObject({
      cost: 300 + LIST_FIRST_LOADERS,
      max: 250,
    });
  });
});

describe('HTTP-level protections', () => {
  it('answers 413 to a body over MAX_REQUEST_BYTES and stays up', async () => {
    const big = JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(1_100_000) } });
    const res = await fetch(`${stack.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer demo' },
      body: big,
    });
    expect(res.status).toBe(413);
    expect((await stack.gql('{ __typename }')).data).toEqual({ __typename: 'Query' });
  });

  it('blocks simple cross-site requests (CSRF) that carry neither credentials nor a custom header', async () => {
    const form = await fetch(`${stack.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(form.status).toBe(403);
    const get = await fetch(`${stack.url}/graphql?query=${encodeURIComponent('{ __typename }')}`, {
      headers: { accept: 'application/json' },
    });
    expect(get.status).toBe(403);
    const withHeader = await fetch(`${stack.url}/graphql?query=${encodeURIComponent('{ __typename }')}`, {
      headers: { accept: 'application/json', 'x-graphql-yoga-csrf': '1' },
    });
    expect(withHeader.status).toBe(200);
  });

  it('answers CORS preflights for allowed origins only', async () => {
    const preflight = (origin: string) =>
      fetch(`${stack.url}/graphql`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
      });
    const allowed = await preflight('https://app.example.com');
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(allowed.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
    const other = await preflight('https://evil.example.net');
    expect(other.headers.get('access-control-allow-origin')).not.toBe('https://evil.example.net');
    expect(other.headers.get('access-control-allow-origin')).not.toBe('*');
  });

  it('keeps introspection on by default', async () => {
    const res = await stack.gql('{ __schema { queryType { name } } }');
    expect(res.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
  });
});

describe('configurable switches', () => {
  it('turns introspection off, lowers the depth limit, and sends no CORS headers without CORS_ORIGINS', async () => {
    const locked = await startStack({ INTROSPECTION: 'false', MAX_QUERY_DEPTH: '4' });
    try {
      const res = await locked.gql('{ __schema { queryType { name } } }');
      expect(res.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect((await locked.gql('{ providerKeys(first: 1) { nodes { id } } }')).errors).toBeUndefined();
      locked.simulator.clearRequests();
      const deep = await locked.gql('{ accessKeyConfigurations { nodes { router { rules { provider } } } } }');
      expect(deep.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'depth' });
      expect(locked.upstream()).toHaveLength(0);
      const preflight = await fetch(`${locked.url}/graphql`, {
        method: 'OPTIONS',
        headers: { origin: 'https://app.example.com', 'access-control-request-method': 'POST' },
      });
      expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await locked.close();
    }
  });
});

describe('upstream-request estimate of documents without variables', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ MAX_UPSTREAM_REQUESTS: '30' });
  });
  afterAll(() => stack.close());

  it('counts a rotate as two requests (it may read the name before it writes)', async () => {
    const rotate = (alias: string) =>
      `${alias}: rotateProviderKey(input: { id: "UHJvdmlkZXJLZXk6YWlncGtfMQ==", value: "sk-${alias}-0123456789abcdef" }) { clientMutationId }`;
    stack.simulator.clearRequests();
    const res = await stack.gql(
      `mutation { ${['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n'].map(rotate).join(' ')} }`,
    );
    // 14 rotates × 2 + one possible list read per list-first loader > 30, refused before any upstream request.
    expect(res.errors?.[0]?.extensions).toMatchObject({
      code: 'QUERY_TOO_COMPLEX',
      limit: 'upstreamRequests',
      cost: 28 + LIST_FIRST_LOADERS,
    });
    expect(stack.upstream()).toHaveLength(0);
  });

  it('gives every execution of the same document the same answer, per operation name', async () => {
    const document =
      'query Small { providerKeys(first: 5) { nodes { id } } } query Big { accessKeys(first: 40) { nodes { usageEvents(startTime: "2020-01-01T00:00:00Z", first: 1) { nodes { eventId } } } } }';
    for (let run = 0; run < 4; run++) {
      const answer = await fetch(`${stack.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer demo' },
        body: JSON.stringify({ query: document, operationName: run % 2 ? 'Big' : 'Small' }),
      }).then((response) => response.json() as Promise<{ data?: unknown; errors?: { extensions: Record<string, unknown> }[] }>);
      if (run % 2) expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'upstreamRequests' });
      else expect(answer.errors).toBeUndefined();
    }
  });
});
