import { describe, expect, it } from 'vitest';
import { BoundedLabel, OTHER } from '../../src/observability/metrics.ts';
import { routeTemplate } from '../../src/observability/route-template.ts';
import { scrape, sum } from '../helpers/prometheus.ts';
import { newToken, startStack, useStack } from '../helpers/stack.ts';

const stack = useStack({ UPSTREAM_RETRY_BUDGET_MS: '2000' });

describe('GET /metrics', () => {
  it('serves the Prometheus text format with process metrics', async () => {
    const res = await fetch(`${stack.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    expect(text).toContain('# TYPE graphql_operations_total counter');
    expect(text).toContain('# TYPE upstream_request_duration_seconds histogram');
    expect(text).toContain('process_cpu_user_seconds_total');
  });

  it('counts operations by name, type and outcome, with a duration histogram', async () => {
    await stack.gql('query MetricsList { providerKeys(first: 2) { nodes { id } } }');
    await stack.gql('query MetricsList { providerKeys(first: 2) { nodes { id } } }');
    await stack.gql('query MetricsDenied { providerKeys(first: 2) { nodes { id } } }', {}, { token: null });
    const samples = await scrape(stack.url);
    const ok = { operation_name: 'MetricsList', operation_type: 'query', outcome: 'success' };
    expect(sum(samples, 'graphql_operations_total', ok)).toBe(2);
    expect(sum(samples, 'graphql_operation_duration_seconds_count', ok)).toBe(2);
    expect(sum(samples, 'graphql_operation_duration_seconds_bucket', { ...ok, le: '+Inf' })).toBe(2);
    expect(sum(samples, 'graphql_operations_total', { operation_name: 'MetricsDenied', outcome: 'error' })).toBe(1);
    expect(sum(samples, 'graphql_errors_total', { code: 'UNAUTHENTICATED' })).toBeGreaterThanOrEqual(1);
  });

  it('counts parse and validation failures by code', async () => {
    const before = await scrape(stack.url);
    await stack.gql('{ providerKeys(');
    await stack.gql('query MetricsInvalid { noSuchField }');
    const after = await scrape(stack.url);
    const delta = (code: string) => sum(after, 'graphql_errors_total', { code }) - sum(before, 'graphql_errors_total', { code });
    expect(delta('GRAPHQL_PARSE_FAILED')).toBe(1);
    expect(delta('GRAPHQL_VALIDATION_FAILED')).toBe(1);
    expect(sum(after, 'graphql_operations_total', { operation_name: 'MetricsInvalid', operation_type: 'query', outcome: 'error' })).toBe(1);
  });

  it('counts upstream calls by upstream, route template, method and status, with latency', async () => {
    const list = await stack.gql('query MetricsIds { providerKeys(first: 1) { nodes { id } } }');
    const id = list.data.providerKeys.nodes[0].id;
    await stack.gql('query MetricsNode($id: ID!) { node(id: $id) { id } }', { id });
    const samples = await scrape(stack.url);
    const route = { upstream: 'AI Gateway', route: '/provider-keys/{id}', method: 'GET', status: '200' };
    expect(sum(samples, 'upstream_requests_total', route)).toBeGreaterThanOrEqual(1);
    expect(sum(samples, 'upstream_request_duration_seconds_count', route)).toBeGreaterThanOrEqual(1);
    expect(sum(samples, 'upstream_requests_total', { route: '/provider-keys', method: 'GET', status: '200' })).toBeGreaterThanOrEqual(1);
  });

  it('counts retries and failed attempts by status', async () => {
    const before = await scrape(stack.url);
    stack.simulator.injectFault({
      match: { method: 'GET', path: '/provider-keys' },
      status: 503,
      body: { statusCode: 503, msg: 'busy', details: {} },
    });
    const res = await stack.gql('query MetricsRetry { providerKeys(first: 1) { nodes { id } } }');
    expect(res.errors).toBeUndefined();
    const after = await scrape(stack.url);
    const labels = { upstream: 'AI Gateway', route: '/provider-keys', method: 'GET' };
    expect(sum(after, 'upstream_retries_total', labels) - sum(before, 'upstream_retries_total', labels)).toBe(1);
    expect(
      sum(after, 'upstream_requests_total', { ...labels, status: '503' }) -
        sum(before, 'upstream_requests_total', { ...labels, status: '503' }),
    ).toBe(1);
  });

  it('labels transport failures with the error code', async () => {
    stack.simulator.injectFault({ match: { method: 'PATCH' }, reset: true });
    const list = await stack.gql('{ providerKeys(first: 1) { nodes { id } } }');
    await stack.gql('mutation MetricsReset($id: ID!) { updateProviderKey(input: { id: $id, name: "x" }) { clientMutationId } }', {
      id: list.data.providerKeys.nodes[0].id,
    });
    const samples = await scrape(stack.url);
    expect(sum(samples, 'upstream_requests_total', { method: 'PATCH', route: '/provider-keys/{id}', status: 'UPSTREAM_UNAVAILABLE' })).toBe(
      1,
    );
    expect(sum(samples, 'graphql_operations_total', { operation_name: 'MetricsReset', operation_type: 'mutation', outcome: 'error' })).toBe(
      1,
    );
  });

  it('records DataLoader batch sizes', async () => {
    const token = newToken('metrics-batch');
    const account = stack.simulator.account(token);
    const keys = Array.from({ length: 3 }, (_, i) =>
      account.createProviderKey({ providerId: 'openai', name: `k${i}`, value: `sk-metrics-${i}-xxxxxxxxxxxx` }),
    );
    account.createAccessKeyConfiguration({
      name: 'cfg',
      router: { rules: [{ provider: 'openai', steps: [{ type: 'user', keys: keys.map((key) => ({ id: key.id })) }] }] },
    });
    const before = await scrape(stack.url);
    await stack.gql(
      '{ accessKeyConfigurations(first: 5) { nodes { router { rules { steps { keys { providerKey { name } } } } } } } }',
      {},
      { token },
    );
    const after = await scrape(stack.url);
    const delta = (name: string) => sum(after, name, { loader: 'providerKey' }) - sum(before, name, { loader: 'providerKey' });
    expect(delta('dataloader_batch_size_count')).toBe(1);
    expect(delta('dataloader_batch_size_sum')).toBe(3);
  });

  it('puts no token, resource id, global id or secret in any label', async () => {
    const token = newToken('metrics-secret');
    const account = stack.simulator.account(token);
    const key = account.createProviderKey({ providerId: 'openai', name: 'secret holder', value: 'sk-very-secret-value-123456' });
    const list = await stack.gql('{ providerKeys(first: 5) { nodes { id } } }', {}, { token });
    await stack.gql('query($id: ID!) { node(id: $id) { id } }', { id: list.data.providerKeys.nodes[0].id }, { token });
    const text = await (await fetch(`${stack.url}/metrics`)).text();
    for (const secret of [token, key.id, list.data.providerKeys.nodes[0].id, 'sk-very-secret', 'aigpk_', 'Bearer']) {
      expect(text).not.toContain(secret);
    }
  });

  it('collapses anonymous, malformed, overlong and excess operation names to fixed values', async () => {
    await stack.gql('{ __typename }');
    await stack.gql(`query ${'L'.repeat(80)} { __typename }`);
    const samples = await scrape(stack.url);
    expect(sum(samples, 'graphql_operations_total', { operation_name: 'anonymous' })).toBeGreaterThanOrEqual(1);
    expect(samples.some((s) => s.labels.operation_name?.startsWith('LLLL'))).toBe(false);
    expect(sum(samples, 'graphql_operations_total', { operation_name: OTHER })).toBeGreaterThanOrEqual(1);
  });

  it('keeps each gateway in its own registry', async () => {
    const other = await startStack();
    try {
      await other.gql('query OnlyInOther { __typename }');
      expect(sum(await scrape(other.url), 'graphql_operations_total', { operation_name: 'OnlyInOther' })).toBe(1);
      expect(sum(await scrape(stack.url), 'graphql_operations_total', { operation_name: 'OnlyInOther' })).toBe(0);
    } finally {
      await other.close();
    }
  });

  it('is off with METRICS_ENABLED=false', async () => {
    const off = await startStack({ METRICS_ENABLED: 'false' });
    try {
      expect((await fetch(`${off.url}/metrics`)).status).toBe(404);
      expect(off.gateway.metrics).toBeUndefined();
    } finally {
      await off.close();
    }
  });
});

describe('label bounds', () => {
  it('turns upstream paths into route templates without ids', () => {
    expect(routeTemplate('/provider-keys')).toBe('/provider-keys');
    expect(routeTemplate('/provider-keys/aigpk_000hhacs77y80')).toBe('/provider-keys/{id}');
    expect(routeTemplate('/access-key-configurations/aigac_1/')).toBe('/access-key-configurations/{id}');
    expect(routeTemplate('/keys/9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08')).toBe('/keys/{id}');
    // Even a word-like id in an id position, or an id-like collection, never survives.
    expect(routeTemplate('/keys/abcdef')).toBe('/keys/{id}');
    expect(routeTemplate('/sk-live-123/x')).toBe('/{id}/{id}');
    expect(routeTemplate('/a/1/b/2/c/3/d/4')).toBe('/a/{id}/b/{id}/c/{id}');
  });

  it('caps distinct values and refuses malformed ones', () => {
    const label = new BoundedLabel(3, /^[a-z]+$/);
    expect(['a', 'b', 'c', 'd', 'a'].map((v) => label.value(v, 'none'))).toEqual(['a', 'b', 'c', OTHER, 'a']);
    expect(label.value('A!', 'none')).toBe(OTHER);
    expect(label.value(undefined, 'none')).toBe('none');
  });
});
