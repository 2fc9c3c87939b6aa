import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { useStack } from './helpers/stack.ts';

const stack = useStack({ GRAPHIQL_DEMO_TOKEN: 'demo' });

describe('HTTP server', () => {
  it('made no upstream request at start-up', () => {
    expect(stack.upstream()).toHaveLength(0);
  });

  it('answers /healthz with 200 without calling upstream', async () => {
    const res = await fetch(`${stack.url}/healthz`);
    expect(res.status).toBe(200);
    expect(stack.upstream()).toHaveLength(0);
  });

  it('serves GraphiQL from the gateway itself (no CDN) with the demo header and example operation', async () => {
    const res = await fetch(`${stack.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<div id="root">');
    expect(html).not.toMatch(/<script[^>]+src=["']https?:/);
    expect(html).not.toMatch(/<link[^>]+href=["']https?:/);
    expect(html).toContain('Bearer demo');
    expect(html).toContain('providerKeys(first:');
  });

  it('runs queries sent with GET', async () => {
    const query = encodeURIComponent('{ providerKeys(first: 2) { nodes { id } } }');
    const res = await fetch(`${stack.url}/graphql?query=${query}`, {
      headers: { authorization: 'Bearer demo', accept: 'application/json' },
    });
    const body = await res.json();
    expect(body.errors).toBeUndefined();
    expect(body.data.providerKeys.nodes).toHaveLength(2);
  });

  it('echoes a safe x-request-id and creates one otherwise', async () => {
    const given = await stack.gql('{ __typename }', {}, { headers: { 'x-request-id': 'req-123' } });
    expect(given.headers.get('x-request-id')).toBe('req-123');
    const created = await stack.gql('{ __typename }');
    expect(created.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('gives parse and validation errors a code', async () => {
    stack.simulator.clearRequests();
    const parse = await stack.gql('{ providerKeys(');
    expect(parse.errors?.[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    const validation = await stack.gql('{ noSuchField }');
    expect(validation.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const badVariable = await stack.gql('query($first: Int) { providerKeys(first: $first) { nodes { id } } }', { first: 'ten' });
    expect(badVariable.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(stack.upstream()).toHaveLength(0);
  });
});

describe('configuration', () => {
  it('has documented defaults', () => {
    expect(loadConfig({})).toMatchObject({
      port: 4000,
      host: '0.0.0.0',
      aiGatewayApiUrl: 'https://api.ngrok.ai',
      upstreamTimeoutMs: 10_000,
    });
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ AI_GATEWAY_API_URL: 'not a url' }, 'AI_GATEWAY_API_URL'],
    [{ UPSTREAM_TIMEOUT_MS: '0' }, 'UPSTREAM_TIMEOUT_MS'],
  ])('refuses %j naming the variable', (env, name) => {
    expect(() => loadConfig(env)).toThrow(name);
  });
});
