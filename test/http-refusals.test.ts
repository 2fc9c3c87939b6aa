// Every refusal of an HTTP request carries a code from the closed set, an honest message and
// the GraphQL-over-HTTP status, and no internals; argument validation wins over the estimate.
import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { ALL_ERROR_CODES } from '../src/errors.ts';
import { estimateUpstreamRequests } from '../src/plugins/upstream-cost-estimate.ts';
import { schema } from '../src/schema/index.ts';
import { startStack, useStack } from './helpers/stack.ts';

const stack = useStack({ MAX_REQUEST_BYTES: '1000000' });

const JSON_POST = { 'content-type': 'application/json', authorization: 'Bearer demo' };
const SPEC_ACCEPT = 'application/graphql-response+json';

interface Refusal {
  status: number;
  headers: Headers;
  text: string;
  errors: { message: string; extensions: Record<string, unknown> }[];
}

async function send(path: string, init: RequestInit = {}): Promise<Refusal> {
  const response = await fetch(`${stack.url}${path}`, init);
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, errors: JSON.parse(text).errors };
}

/** A refusal: one error with `code`, a JSON body free of internals, and no upstream request. */
function expectRefusal(res: Refusal, status: number, code: string) {
  expect(res.status, res.text).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/(graphql-response\+)?json/);
  expect(res.errors).toHaveLength(1);
  expect(res.errors[0]!.extensions.code).toBe(code);
  expect(ALL_ERROR_CODES.has(code)).toBe(true);
  expect(res.text).not.toMatch(/originalError|SyntaxError|GraphQLError|TypeError|stack|\bat .*\.[tj]s:\d+/);
  expect(res.headers.get('x-request-id')).toBeTruthy();
  expect(stack.upstream()).toHaveLength(0);
}

describe('HTTP-level refusals', () => {
  it('refuses a cross-site "simple" request without credentials: CSRF_REJECTED, 403, saying what to send', async () => {
    const form = await send('/graphql', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{"query":"{ __typename }"}' });
    expectRefusal(form, 403, 'CSRF_REJECTED');
    expect(form.errors[0]!.message).toMatch(/cross-site/);
    expect(form.errors[0]!.message).toContain('authorization');
    expectRefusal(await send(`/graphql?query=${encodeURIComponent('{ __typename }')}`), 403, 'CSRF_REJECTED');
  });

  it('answers malformed JSON with BAD_REQUEST and 400, without the parser error', async () => {
    for (const accept of ['application/json', SPEC_ACCEPT]) {
      const res = await send('/graphql', { method: 'POST', headers: { ...JSON_POST, accept }, body: '{"query":' });
      expectRefusal(res, 400, 'BAD_REQUEST');
      expect(res.errors[0]!.message).toMatch(/JSON/);
    }
    const batch = await send('/graphql', { method: 'POST', headers: JSON_POST, body: '[{"query":"{ __typename }"}]' });
    expectRefusal(batch, 400, 'BAD_REQUEST');
  });

  it('answers other methods with METHOD_NOT_ALLOWED, 405 and Allow, whatever their headers', async () => {
    for (const method of ['PUT', 'DELETE', 'PATCH']) {
      const res = await send('/graphql', { method, headers: JSON_POST, body: '{}' });
      expectRefusal(res, 405, 'METHOD_NOT_ALLOWED');
      expect(res.headers.get('allow')).toBe('GET, POST');
    }
    expectRefusal(await send('/graphql', { method: 'DELETE' }), 405, 'METHOD_NOT_ALLOWED');
  });

  it('refuses a mutation sent with GET: METHOD_NOT_ALLOWED, 405, Allow: POST', async () => {
    const mutation = encodeURIComponent('mutation { deleteProviderKey(input: { id: "x" }) { deletedProviderKeyId } }');
    const res = await send(`/graphql?query=${mutation}`, { headers: { authorization: 'Bearer demo', accept: 'application/json' } });
    expectRefusal(res, 405, 'METHOD_NOT_ALLOWED');
    expect(res.headers.get('allow')).toBe('POST');
  });

  it('refuses a body over MAX_REQUEST_BYTES: PAYLOAD_TOO_LARGE, 413, naming the limit', async () => {
    const body = JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(1_100_000) } });
    const res = await send('/graphql', { method: 'POST', headers: JSON_POST, body });
    expectRefusal(res, 413, 'PAYLOAD_TOO_LARGE');
    expect(res.errors[0]!.message).toContain('1000000 bytes');
  });

  it('refuses a body it cannot read: UNSUPPORTED_MEDIA_TYPE, 415', async () => {
    const res = await send('/graphql', { method: 'POST', headers: { ...JSON_POST, 'content-type': 'application/xml' }, body: '<query/>' });
    expectRefusal(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
    expect(res.errors[0]!.message).toContain('application/json');
  });

  it('refuses an Accept it cannot answer: NOT_ACCEPTABLE, 406', async () => {
    const res = await send('/graphql', {
      method: 'POST',
      headers: { ...JSON_POST, accept: 'application/xml' },
      body: '{"query":"{ __typename }"}',
    });
    expectRefusal(res, 406, 'NOT_ACCEPTABLE');
  });

  it('answers an unknown path with NOT_FOUND, 404, naming the GraphQL endpoint', async () => {
    const res = await send('/graphq', { method: 'POST', headers: JSON_POST, body: '{"query":"{ __typename }"}' });
    expectRefusal(res, 404, 'NOT_FOUND');
    expect(res.errors[0]!.message).toContain('/graphql');
  });

  it('keeps the GraphQL-over-HTTP statuses of document errors: 400 for graphql-response+json, 200 for application/json', async () => {
    for (const [query, code] of [
      ['{ providerKeys(', 'GRAPHQL_PARSE_FAILED'],
      ['{ noSuchField }', 'GRAPHQL_VALIDATION_FAILED'],
    ] as const) {
      const spec = await send('/graphql', {
        method: 'POST',
        headers: { ...JSON_POST, accept: SPEC_ACCEPT },
        body: JSON.stringify({ query }),
      });
      expectRefusal(spec, 400, code);
      const legacy = await send('/graphql', {
        method: 'POST',
        headers: { ...JSON_POST, accept: 'application/json' },
        body: JSON.stringify({ query }),
      });
      expectRefusal(legacy, 200, code);
    }
  });

  it('does not call the operation limits syntax errors', async () => {
    const shallow = await startStack({ MAX_QUERY_DEPTH: '5' });
    try {
      const deep = await shallow.gql('{ accessKeyConfigurations { nodes { router { rules { steps { type } } } } } }');
      expect(deep.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'depth' });
      expect(deep.errors?.[0]?.message).toBe('Query depth limit of 5 exceeded, found 6.');
      const tokens = await shallow.gql(`{ providerKeys(first: 1) { nodes { ${'id '.repeat(2100)} } } }`);
      expect(tokens.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'tokens' });
      expect(tokens.errors?.[0]?.message).not.toMatch(/syntax/i);
      expect(shallow.upstream()).toHaveLength(0);
    } finally {
      await shallow.close();
    }
  });
});

describe('argument validation wins over the upstream-request estimate', () => {
  it.each([
    ['providerKeys', '{ providerKeys(first: 100000) { nodes { id } } }', {}, {}],
    ['openRouterKeys', '{ openRouterKeys(first: 100000) { nodes { id } } }', {}, { openRouterKey: 'demo' }],
    ['providerKeys', 'query($n: Int) { providerKeys(first: $n) { nodes { id } } }', { n: 100000 }, {}],
    ['accessKeyConfigurations', '{ accessKeyConfigurations(first: -1) { nodes { router { rules { provider } } } } }', {}, {}],
  ])(
    'answers %s with first out of range as BAD_USER_INPUT at its path, with no upstream request',
    async (field, query, variables, options) => {
      const res = await stack.gql(query, variables, options);
      expect(res.errors).toHaveLength(1);
      expect(res.errors?.[0]).toMatchObject({ path: [field], extensions: { code: 'BAD_USER_INPUT', argumentName: 'first' } });
      expect(res.errors?.[0]?.message).toBe('"first" must be between 0 and 500.');
      expect(stack.upstream()).toHaveLength(0);
      expect(stack.openRouterUpstream()).toHaveLength(0);
    },
  );

  it('answers nodes(ids:) with too many ids as BAD_USER_INPUT, not as too complex', async () => {
    const ids = Array.from({ length: 300 }, (_, i) => `id${i}`);
    const res = await stack.gql('query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids });
    expect(res.errors?.[0]).toMatchObject({ path: ['nodes'], extensions: { code: 'BAD_USER_INPUT' } });
    expect(res.errors?.[0]?.message).toContain('at most 100');
    expect(stack.upstream()).toHaveLength(0);
  });

  it('still refuses valid arguments whose fan-out is too large, even beside an invalid field', async () => {
    // One GET /usage per access key: nothing batches that, so it counts per key.
    const costly = 'accessKeys(first: 300) { nodes { usageEvents(startTime: "2026-01-01T00:00:00Z", first: 1) { nodes { eventId } } } }';
    const alone = await stack.gql(`{ ${costly} }`);
    expect(alone.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'upstreamRequests' });
    const beside = await stack.gql(`{ bad: providerKeys(first: 100000) { nodes { id } } ${costly} }`);
    expect(beside.errors).toHaveLength(1);
    expect(beside.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'upstreamRequests' });
    expect(stack.upstream()).toHaveLength(0);
  });

  it('estimates fields with refused arguments at zero and valid ones as before', () => {
    const cost = (query: string, variables: Record<string, unknown> = {}) =>
      estimateUpstreamRequests(schema, parse(query), undefined, variables);
    expect(cost('{ providerKeys(first: 100000) { nodes { id } } }')).toBe(0);
    expect(cost('query($n: Int) { providerKeys(first: $n) { nodes { id } } }', { n: 501 })).toBe(0);
    expect(cost('{ providerKeys(first: -1) { nodes { id } } }')).toBe(0);
    expect(cost('{ providerKeys(first: 500) { nodes { id } } }')).toBe(6);
    expect(cost('{ providerKeys { nodes { id } } }')).toBe(1);
    expect(cost('query($n: Int) { providerKeys(first: $n) { nodes { id } } }', { n: null })).toBe(1);
    expect(cost('query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids: Array(101).fill('x') })).toBe(0);
    expect(cost('query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids: Array(100).fill('x') })).toBe(103);
  });
});
