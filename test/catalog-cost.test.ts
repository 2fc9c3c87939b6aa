// The upstream-request estimate (MAX_UPSTREAM_REQUESTS) covers every field of the catalog issue:
// computed before execution, never below what the operation then really costs.
import { parse } from 'graphql';
import { toGlobalId } from 'graphql-relay';
import { describe, expect, it } from 'vitest';
import { CONFIGURATION_KEYS_PAGES, LIST_FIRST_LOADERS } from '../src/data-loaders.ts';
import { estimateUpstreamRequests } from '../src/plugins/upstream-cost-estimate.ts';
import { schema } from '../src/schema/index.ts';
import { apiKeysOf } from '../src/simulator/ai-gateway/api-keys.ts';
import { providersOf } from '../src/simulator/ai-gateway/providers.ts';
import { newToken, useStack } from './helpers/stack.ts';

const stack = useStack();

function account() {
  const token = newToken('cost');
  const acc = stack.simulator.account(token);
  const provider = providersOf(acc).create({
    providerId: 'lab',
    name: 'Lab',
    baseUrl: 'https://lab.example.com',
    models: [{ modelId: 'a' }, { modelId: 'b' }],
  });
  acc.createProviderKey({ providerId: 'lab', name: 'k', value: 'sk-lab-cost-0123456789' });
  const configuration = acc.createAccessKeyConfiguration({ name: 'c' });
  acc.createAccessKey({ name: 'k', accessKeyConfigurationId: configuration.id });
  const apiKey = apiKeysOf(acc).create({ name: 'ci' });
  return { token, provider, apiKey, configuration };
}

const LOOKUPS = LIST_FIRST_LOADERS;

/** [what, document, variables, estimate] — each field of the issue at least once. */
const CASES: Array<[string, string, (ids: ReturnType<typeof account>) => Record<string, unknown>, number]> = [
  ['providers with their keys', '{ providers(first: 10) { nodes { providerKeys(first: 5) { nodes { id } } } } }', () => ({}), 1 + 10],
  ['provider by ID', 'query($id: ID!) { provider(id: $id) { name } }', (a) => ({ id: toGlobalId('Provider', a.provider.id) }), 1 + LOOKUPS],
  ['the catalog with custom providers', '{ models(first: 500) { nodes { offerings { provider { name } } } } }', () => ({}), 1 + 1],
  ['two cuts of the catalog', '{ a: models(provider: "lab") { nodes { modelId } } b: models { nodes { modelId } } }', () => ({}), 2],
  ['API keys', '{ apiKeys(first: 150) { nodes { id } } }', () => ({}), 2],
  ['API key by ID', 'query($id: ID!) { apiKey(id: $id) { name } }', (a) => ({ id: toGlobalId('ApiKey', a.apiKey.id) }), 1 + LOOKUPS],
  ['gateway settings', '{ gatewayConfiguration { totalTimeout } }', () => ({}), 1 + LOOKUPS],
  [
    'configurations with counts and keys',
    '{ accessKeyConfigurations(first: 20) { nodes { accessKeyCount accessKeys(first: 5) { nodes { id } } } } }',
    () => ({}),
    // Plus the pages of all access keys that may answer many configurations at once.
    1 + 20 + CONFIGURATION_KEYS_PAGES,
  ],
  [
    'create a provider',
    'mutation { createProvider(input: { providerId: "x", name: "x", baseUrl: "https://x.example.com" }) { provider { id } } }',
    () => ({}),
    1 + LOOKUPS,
  ],
  [
    'update the settings',
    'mutation { updateGatewayConfiguration(input: { maxInputTokens: null }) { gatewayConfiguration { maxInputTokens } } }',
    () => ({}),
    1 + LOOKUPS,
  ],
  ['create an API key', 'mutation { createApiKey(input: { name: "x" }) { token } }', () => ({}), 1 + LOOKUPS],
];

describe('the upstream-request estimate of the catalog fields', () => {
  it.each(CASES)('%s', async (_what, document, variablesOf, estimate) => {
    const ids = account();
    const variables = variablesOf(ids);
    expect(estimateUpstreamRequests(schema, parse(document), null, variables)).toBe(estimate);
    stack.simulator.clearRequests();
    const res = await stack.gql(document, variables, { token: ids.token });
    expect(res.errors).toBeUndefined();
    expect(stack.upstream().length).toBeLessThanOrEqual(estimate);
  });

  it('refuses a nested fan-out over MAX_UPSTREAM_REQUESTS before any upstream request', async () => {
    const { token } = account();
    const res = await stack.gql('{ providers(first: 200) { nodes { providerKeys(first: 100) { nodes { id } } } } }', {}, { token });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'upstreamRequests', cost: 3 + 200 * 2 });
    expect(stack.upstream()).toHaveLength(0);
  });
});
