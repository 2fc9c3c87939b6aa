import { toGlobalId } from 'graphql-relay';
import { describe, expect, it } from 'vitest';
import { apiKeysOf } from '../src/simulator/ai-gateway/api-keys.ts';
import { newToken, useStack } from './helpers/stack.ts';

const stack = useStack();

const FIELDS = 'id resourceId uri name description metadata keyRedacted lastUsed createdAt updatedAt createdBy { id } lastUpdatedBy { id }';
const CREATE = /* GraphQL */ `
  mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { clientMutationId token apiKey { ${FIELDS} } } }
`;
const UPDATE = /* GraphQL */ `
  mutation($input: UpdateApiKeyInput!) { updateApiKey(input: $input) { clientMutationId apiKey { ${FIELDS} } } }
`;
const DELETE = /* GraphQL */ `
  mutation($input: DeleteApiKeyInput!) { deleteApiKey(input: $input) { clientMutationId deletedApiKeyId } }
`;

const apiKeyId = (id: string) => toGlobalId('ApiKey', id);
const writes = () => stack.upstream().filter((request) => request.method !== 'GET');

function account() {
  const token = newToken('apikey');
  const acc = stack.simulator.account(token);
  return { token, acc, own: apiKeysOf(acc).get(acc.apiKeyId) };
}

describe('apiKeys and apiKey', () => {
  it('pages newest first and reads one key by ID and through node, never with a token', async () => {
    const { token, acc, own } = account();
    const created = [0, 1, 2].map((i) => apiKeysOf(acc).create({ name: `k${i}` }).id).reverse();
    const list = await stack.gql(`{ apiKeys(first: 2) { nodes { resourceId name } pageInfo { hasNextPage endCursor } } }`, {}, { token });
    expect(list.data.apiKeys.nodes.map((k: any) => k.resourceId)).toEqual(created.slice(0, 2));
    expect(list.data.apiKeys.pageInfo.hasNextPage).toBe(true);
    const rest = await stack.gql(
      'query($after: String) { apiKeys(after: $after) { nodes { resourceId } pageInfo { hasNextPage } } }',
      { after: list.data.apiKeys.pageInfo.endCursor },
      { token },
    );
    // The account's own key (the token in use) sorts by its id like any other.
    expect(rest.data.apiKeys.nodes.map((k: any) => k.resourceId).sort()).toEqual([created[2], own.id].sort());
    expect(rest.data.apiKeys.pageInfo.hasNextPage).toBe(false);

    const id = apiKeyId(own.id);
    const one = await stack.gql(
      `query($id: ID!) { apiKey(id: $id) { ${FIELDS} } node(id: $id) { id ... on ApiKey { keyRedacted } } }`,
      { id },
      { token },
    );
    expect(one.errors).toBeUndefined();
    expect(one.data.apiKey).toMatchObject({ id, resourceId: own.id, keyRedacted: own.keyRedacted });
    expect(one.data.node).toEqual({ id, keyRedacted: own.keyRedacted });
    expect(
      (await stack.gql('query($id: ID!) { apiKey(id: $id) { id } }', { id: apiKeyId('aigak_missing') }, { token })).data.apiKey,
    ).toBeNull();
  });
});

describe('createApiKey', () => {
  it('returns the token once, in the payload only: never readable again, never logged', async () => {
    const { token } = account();
    const res = await stack.gql(
      CREATE,
      { input: { name: 'terraform', description: null, metadata: '{"repo":"infra"}', clientMutationId: 'c1' } },
      { token },
    );
    expect(res.errors).toBeUndefined();
    const secret: string = stack.secret(res.data.createApiKey.token);
    expect(secret.length).toBeGreaterThan(20);
    expect(res.data.createApiKey).toMatchObject({
      clientMutationId: 'c1',
      apiKey: { name: 'terraform', description: null, metadata: '{"repo":"infra"}' },
    });
    expect(res.data.createApiKey.apiKey.keyRedacted).not.toContain(secret);
    expect(writes().map((r) => [r.method, r.path, r.body])).toEqual([
      ['POST', '/api-keys', { name: 'terraform', metadata: '{"repo":"infra"}' }],
    ]);

    // The same request reads the key through the loader the create primed: no token there either.
    const again = await stack.gql(
      `query($id: ID!) { apiKey(id: $id) { ${FIELDS} } apiKeys(first: 100) { nodes { id keyRedacted } } }`,
      { id: res.data.createApiKey.apiKey.id },
      { token },
    );
    expect(again.text).not.toContain(secret);
    // The new key works as an AI Gateway credential (the simulator treats it as the same account).
    const withNewKey = await stack.gql('{ apiKeys { nodes { resourceId } } }', {}, { token: secret });
    expect(withNewKey.data.apiKeys.nodes.map((k: any) => k.resourceId)).toContain(res.data.createApiKey.apiKey.resourceId);
  });

  it('refuses over-long labels before any upstream request', async () => {
    const { token } = account();
    for (const [input, field] of [
      [{ name: 'n'.repeat(256) }, 'name'],
      [{ description: 'd'.repeat(256) }, 'description'],
      [{ metadata: 'm'.repeat(4097) }, 'metadata'],
    ] as const) {
      const res = await stack.gql(CREATE, { input }, { token });
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    expect(stack.upstream()).toHaveLength(0);
  });
});

describe('updateApiKey and deleteApiKey', () => {
  it('send only the given fields, null as null', async () => {
    const { token, acc } = account();
    const key = apiKeysOf(acc).create({ name: 'ci', description: 'preview deploys' });
    const res = await stack.gql(UPDATE, { input: { id: apiKeyId(key.id), description: null, metadata: 'm' } }, { token });
    expect(res.errors).toBeUndefined();
    expect(writes().map((r) => [r.method, r.path, r.body])).toEqual([
      ['PATCH', `/api-keys/${key.id}`, { description: null, metadata: 'm' }],
    ]);
    expect(res.data.updateApiKey.apiKey).toMatchObject({ name: 'ci', description: null, metadata: 'm' });
    const wrongType = await stack.gql(UPDATE, { input: { id: toGlobalId('AccessKey', key.id), name: 'x' } }, { token });
    expect(wrongType.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const missing = await stack.gql(UPDATE, { input: { id: apiKeyId('aigak_missing'), name: 'x' } }, { token });
    expect(missing.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', upstream: { statusCode: 404 } });
  });

  it('delete answers the deleted global ID; the deleted key stops working', async () => {
    const { token, acc } = account();
    const key = apiKeysOf(acc).create({ name: 'old', token: stack.secret(`old-key-${Math.random().toString(36).slice(2)}`) });
    const res = await stack.gql(DELETE, { input: { id: apiKeyId(key.id), clientMutationId: 'd' } }, { token });
    expect(res.data.deleteApiKey).toEqual({ clientMutationId: 'd', deletedApiKeyId: apiKeyId(key.id) });
    const refused = await stack.gql('{ apiKeys { nodes { id } } }', {}, { token: key.token });
    expect(refused.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
