import { toGlobalId } from 'graphql-relay';
import { describe, expect, it } from 'vitest';
import { providersOf } from '../src/simulator/ai-gateway/providers.ts';
import { newToken, useStack } from './helpers/stack.ts';

const stack = useStack();

const FIELDS = /* GraphQL */ `
  id resourceId uri providerId name baseUrl metadata createdAt updatedAt createdBy { id } lastUpdatedBy { id }
  supportedApiSurfaces { format surface baseUrl supportedParams }
  models { resourceId modelId providerModelId unsupportedParams }
`;
const CREATE = /* GraphQL */ `
  mutation($input: CreateProviderInput!) { createProvider(input: $input) { clientMutationId provider { ${FIELDS} } } }
`;
const UPDATE = /* GraphQL */ `
  mutation($input: UpdateProviderInput!) { updateProvider(input: $input) { clientMutationId provider { ${FIELDS} } } }
`;
const DELETE = /* GraphQL */ `
  mutation($input: DeleteProviderInput!) { deleteProvider(input: $input) { clientMutationId deletedProviderId } }
`;

const providerId = (id: string) => toGlobalId('Provider', id);
const writes = () => stack.upstream().filter((request) => request.method !== 'GET');

function account() {
  const token = newToken('prov');
  const acc = stack.simulator.account(token);
  const provider = providersOf(acc).create({
    providerId: 'lab',
    name: 'Lab box',
    baseUrl: 'https://lab.example.com/v1',
    metadata: '{"rack":"b2"}',
    supportedApiSurfaces: [{ format: 'openai', surface: 'chat-completions', supportedParams: [{ name: 'messages' }] }],
    models: [{ modelId: 'llama3.2', providerModelId: 'llama3.2:3b', unsupportedParams: ['tools'] }],
  });
  return { token, acc, provider, id: providerId(provider.id) };
}

describe('provider and providers', () => {
  it('reads a custom provider with its surfaces and models, by ID, in the list and through node', async () => {
    const { token, provider, id } = account();
    const query = `query($id: ID!) {
      provider(id: $id) { ${FIELDS} }
      providers(first: 5) { nodes { id providerId } pageInfo { hasNextPage } }
      node(id: $id) { id ... on Provider { providerId } }
    }`;
    const res = await stack.gql(query, { id }, { token });
    expect(res.errors).toBeUndefined();
    expect(res.data.provider).toMatchObject({
      id,
      resourceId: provider.id,
      providerId: 'lab',
      baseUrl: 'https://lab.example.com/v1',
      metadata: '{"rack":"b2"}',
      supportedApiSurfaces: [{ format: 'openai', surface: 'chat-completions', baseUrl: null, supportedParams: ['messages'] }],
      models: [{ resourceId: provider.models[0]!.id, modelId: 'llama3.2', providerModelId: 'llama3.2:3b', unsupportedParams: ['tools'] }],
    });
    expect(res.data.providers).toEqual({ nodes: [{ id, providerId: 'lab' }], pageInfo: { hasNextPage: false } });
    expect(res.data.node).toEqual({ id, providerId: 'lab' });
  });

  it('answers null for a provider that does not exist, BAD_USER_INPUT for an ID of another type', async () => {
    const { token } = account();
    const missing = await stack.gql('query($id: ID!) { provider(id: $id) { id } }', { id: providerId('aigp_missing') }, { token });
    expect(missing.errors).toBeUndefined();
    expect(missing.data.provider).toBeNull();
    stack.simulator.clearRequests();
    const wrong = await stack.gql('query($id: ID!) { provider(id: $id) { id } }', { id: toGlobalId('ProviderKey', 'aigpk_1') }, { token });
    expect(wrong.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(stack.upstream()).toHaveLength(0);
  });

  it("lists a provider's keys through the provider-key list filtered by its slug", async () => {
    const { token, acc, id } = account();
    const keys = [0, 1, 2].map((i) => acc.createProviderKey({ providerId: 'lab', name: `lab ${i}`, value: `sk-lab-${i}-0123456789` }).id);
    acc.createProviderKey({ providerId: 'openai', name: 'other', value: 'sk-other-0123456789' });
    const query = `query($id: ID!, $after: String) { provider(id: $id) { providerKeys(first: 2, after: $after) {
      nodes { resourceId providerId } pageInfo { hasNextPage endCursor } } } }`;
    const first = await stack.gql(query, { id }, { token });
    expect(first.data.provider.providerKeys.nodes.map((k: any) => k.resourceId)).toEqual([keys[2], keys[1]]);
    expect(first.data.provider.providerKeys.pageInfo.hasNextPage).toBe(true);
    expect(stack.upstream().find((r) => r.path === '/provider-keys')?.query).toEqual({ limit: '3', provider: 'lab' });
    const second = await stack.gql(query, { id, after: first.data.provider.providerKeys.pageInfo.endCursor }, { token });
    expect(second.data.provider.providerKeys).toEqual({
      nodes: [{ resourceId: keys[0], providerId: 'lab' }],
      pageInfo: { hasNextPage: false, endCursor: expect.any(String) },
    });
  });
});

describe('createProvider', () => {
  it('POSTs the given fields once, mapping parameter names to the upstream shape and dropping nulls', async () => {
    const token = newToken('prov-create');
    const input = {
      clientMutationId: 'c1',
      providerId: 'vllm',
      name: 'vLLM',
      baseUrl: 'http://vllm.internal:8000/v1',
      metadata: null,
      supportedApiSurfaces: [{ format: 'openai', surface: 'responses', baseUrl: 'https://r.example.com/v1', supportedParams: ['input'] }],
      models: [{ modelId: 'qwen', providerModelId: null, unsupportedParams: ['seed'] }],
    };
    const res = await stack.gql(CREATE, { input }, { token });
    expect(res.errors).toBeUndefined();
    expect(res.data.createProvider.clientMutationId).toBe('c1');
    expect(res.data.createProvider.provider).toMatchObject({ providerId: 'vllm', baseUrl: 'http://vllm.internal:8000/v1', metadata: null });
    expect(writes().map((r) => [r.method, r.path, r.body])).toEqual([
      [
        'POST',
        '/providers',
        {
          providerId: 'vllm',
          name: 'vLLM',
          baseUrl: 'http://vllm.internal:8000/v1',
          supportedApiSurfaces: [
            { format: 'openai', surface: 'responses', baseUrl: 'https://r.example.com/v1', supportedParams: [{ name: 'input' }] },
          ],
          models: [{ modelId: 'qwen', unsupportedParams: ['seed'] }],
        },
      ],
    ]);
  });

  it('refuses bad input as BAD_USER_INPUT naming the field, before any upstream request', async () => {
    const token = newToken('prov-bad');
    const valid = { providerId: 'ok', name: 'ok', baseUrl: 'https://ok.example.com' };
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ ...valid, providerId: '' }, 'providerId'],
      [{ ...valid, providerId: 'p'.repeat(256) }, 'providerId'],
      [{ ...valid, name: ' ' }, 'name'],
      [{ ...valid, name: 'n'.repeat(256) }, 'name'],
      [{ ...valid, baseUrl: 'http://plain.example.com' }, 'baseUrl'],
      [{ ...valid, baseUrl: 'not a url' }, 'baseUrl'],
      [{ ...valid, baseUrl: `https://x.example.com/${'a'.repeat(2040)}` }, 'baseUrl'],
      [{ ...valid, metadata: 'm'.repeat(4097) }, 'metadata'],
      [{ ...valid, supportedApiSurfaces: [{ format: '' }] }, 'supportedApiSurfaces[0].format'],
      [{ ...valid, supportedApiSurfaces: [{ format: 'openai', baseUrl: 'ftp://x.example.com' }] }, 'supportedApiSurfaces[0].baseUrl'],
      [{ ...valid, supportedApiSurfaces: [{ format: 'openai', supportedParams: [''] }] }, 'supportedApiSurfaces[0].supportedParams'],
      [{ ...valid, models: [{ modelId: 'a' }, { modelId: 'a' }] }, 'models[1].modelId'],
      [{ ...valid, models: [{ modelId: 'a', unsupportedParams: ['x'.repeat(256)] }] }, 'models[0].unsupportedParams'],
    ];
    for (const [input, field] of cases) {
      const res = await stack.gql(CREATE, { input }, { token });
      expect(res.errors?.[0]?.extensions, field).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(res.data.createProvider).toBeNull();
    }
    expect(stack.upstream()).toHaveLength(0);
  });

  it('passes the upstream refusal of a catalog slug on as BAD_USER_INPUT and a taken slug as CONFLICT', async () => {
    const { token } = account();
    const builtIn = await stack.gql(CREATE, { input: { providerId: 'openai', name: 'x', baseUrl: 'https://x.example.com' } }, { token });
    expect(builtIn.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', upstream: { statusCode: 400 } });
    const taken = await stack.gql(CREATE, { input: { providerId: 'lab', name: 'x', baseUrl: 'https://x.example.com' } }, { token });
    expect(taken.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', upstream: { statusCode: 409 } });
  });
});

describe('updateProvider', () => {
  it('sends only the given fields: null clears metadata and the lists, a list replaces the whole set', async () => {
    const { token, id, provider } = account();
    const res = await stack.gql(
      UPDATE,
      { input: { id, metadata: null, supportedApiSurfaces: null, models: [{ modelId: 'llama3.2' }, { modelId: 'mistral' }] } },
      { token },
    );
    expect(res.errors).toBeUndefined();
    expect(writes().map((r) => r.body)).toEqual([
      { metadata: null, supportedApiSurfaces: null, models: [{ modelId: 'llama3.2' }, { modelId: 'mistral' }] },
    ]);
    expect(res.data.updateProvider.provider).toMatchObject({ name: 'Lab box', metadata: null, supportedApiSurfaces: [] });
    expect(res.data.updateProvider.provider.models.map((m: any) => m.modelId)).toEqual(['llama3.2', 'mistral']);
    expect(res.data.updateProvider.provider.models[0].resourceId).toBe(provider.models[0]!.id);

    stack.simulator.clearRequests();
    const cleared = await stack.gql(UPDATE, { input: { id, models: [] } }, { token });
    expect(writes().map((r) => r.body)).toEqual([{ models: [] }]);
    expect(cleared.data.updateProvider.provider.models).toEqual([]);
  });

  it('refuses null for name and baseUrl, and bad values, before any upstream request', async () => {
    const { token, id } = account();
    for (const [input, field] of [
      [{ id, name: null }, 'name'],
      [{ id, baseUrl: null }, 'baseUrl'],
      [{ id, baseUrl: 'http://x.example.com' }, 'baseUrl'],
      [{ id, models: [{ modelId: '' }] }, 'models[0].modelId'],
    ] as const) {
      const res = await stack.gql(UPDATE, { input }, { token });
      expect(res.errors?.[0]?.extensions, field).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    const wrongType = await stack.gql(UPDATE, { input: { id: toGlobalId('ApiKey', 'x'), name: 'n' } }, { token });
    expect(wrongType.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(stack.upstream()).toHaveLength(0);
  });

  it('is NOT_FOUND for a provider that does not exist', async () => {
    const { token } = account();
    const res = await stack.gql(UPDATE, { input: { id: providerId('aigp_missing'), name: 'x' } }, { token });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', upstream: { statusCode: 404 } });
  });
});

describe('deleteProvider', () => {
  it('is refused with CONFLICT and the upstream answer while a provider key refers to it, then deletes once unreferenced', async () => {
    const { token, acc, id } = account();
    const key = acc.createProviderKey({ providerId: 'lab', name: 'k', value: 'sk-lab-delete-0123456789' });
    const refused = await stack.gql(DELETE, { input: { id, clientMutationId: 'd1' } }, { token });
    expect(refused.errors?.[0]?.extensions).toMatchObject({
      code: 'CONFLICT',
      upstream: { statusCode: 409, msg: expect.stringContaining('still referenced'), details: { providerKeyIds: key.id } },
    });
    expect(refused.data.deleteProvider).toBeNull();
    expect(writes()).toHaveLength(1);

    acc.deleteProviderKey(key.id);
    const res = await stack.gql(DELETE, { input: { id, clientMutationId: 'd2' } }, { token });
    expect(res.data.deleteProvider).toEqual({ clientMutationId: 'd2', deletedProviderId: id });
    expect((await stack.gql('query($id: ID!) { provider(id: $id) { id } }', { id }, { token })).data.provider).toBeNull();
  });
});
