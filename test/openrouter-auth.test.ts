import { toGlobalId } from 'graphql-relay';
import { describe, expect, it } from 'vitest';
import { newToken, useStack } from './helpers/stack.ts';

const stack = useStack();

const ID = toGlobalId('OpenRouterKey', 'c'.repeat(64));
const OPERATIONS: [string, string][] = [
  ['openRouterKeys', '{ openRouterKeys { nodes { id } } }'],
  ['openRouterKey', `{ openRouterKey(id: "${ID}") { id } }`],
  ['node', `{ node(id: "${ID}") { id } }`],
  ['updateOpenRouterKey', `mutation { updateOpenRouterKey(input: { id: "${ID}", name: "x" }) { clientMutationId } }`],
  ['createOpenRouterKey', 'mutation { createOpenRouterKey(input: { name: "x" }) { key } }'],
  ['deleteOpenRouterKey', `mutation { deleteOpenRouterKey(input: { id: "${ID}" }) { clientMutationId } }`],
];

describe('X-OpenRouter-Authorization', () => {
  it.each(OPERATIONS)('%s without it is UNAUTHENTICATED with zero OpenRouter requests, even with Authorization', async (_name, query) => {
    const res = await stack.gql(query, {}, { token: 'demo' });
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(res.errors?.[0]?.message).toContain('X-OpenRouter-Authorization');
    expect(stack.openRouterUpstream()).toHaveLength(0);
    expect(stack.upstream()).toHaveLength(0);
  });

  it.each([
    ['an empty value', ''],
    ['an empty bearer token', 'Bearer '],
    ['another scheme', 'Basic dXNlcjpwYXNz'],
    ['a bare key without the scheme', 'sk-or-v1-abc'],
  ])('refuses %s with UNAUTHENTICATED and no upstream request', async (_label, value) => {
    const res = await stack.gql('{ openRouterKeys { nodes { id } } }', {}, { headers: { 'x-openrouter-authorization': value } });
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(stack.openRouterUpstream()).toHaveLength(0);
  });

  it('is enough on its own: OpenRouter fields need no Authorization header', async () => {
    const res = await stack.gql('{ openRouterKeys(first: 1) { nodes { id } } }', {}, { token: null, openRouterKey: 'demo' });
    expect(res.errors).toBeUndefined();
    expect(res.data.openRouterKeys.nodes).toHaveLength(1);
  });

  it('goes to OpenRouter as "Authorization: <value verbatim>", under the configured /api/v1 base path', async () => {
    const key = newToken('or');
    await stack.gql(
      '{ openRouterKeys { nodes { id } } }',
      {},
      { token: null, headers: { 'x-openrouter-authorization': `bearer   ${key}` } },
    );
    const [request] = stack.openRouterUpstream();
    expect(request?.path).toBe('/api/v1/keys');
    expect(request?.headers.authorization).toBe(`bearer   ${key}`);
    expect(request?.headers['x-openrouter-authorization']).toBeUndefined();
  });
});

describe('token separation between the two upstreams', () => {
  it('sends each upstream only its own token', async () => {
    const aiToken = newToken('ai');
    const orKey = newToken('or');
    stack.openRouter.account(orKey).createKey({ name: 'k' });
    stack.simulator.account(aiToken).createProviderKey({ providerId: 'openai', name: 'pk', value: 'sk-provider-secret-5678' });
    const res = await stack.gql(
      '{ providerKeys(first: 150) { nodes { id } } openRouterKeys(first: 150) { nodes { id } } accessKeyConfigurations { nodes { id } } }',
      {},
      { token: aiToken, openRouterKey: orKey },
    );
    expect(res.errors).toBeUndefined();
    const ai = stack.upstream();
    const or = stack.openRouterUpstream();
    expect(ai.length).toBeGreaterThan(0);
    expect(or.length).toBeGreaterThan(0);
    for (const request of ai) {
      expect(request.headers.authorization).toBe(`Bearer ${aiToken}`);
      expect(JSON.stringify(request.headers)).not.toContain(orKey);
    }
    for (const request of or) {
      expect(request.headers.authorization).toBe(`Bearer ${orKey}`);
      expect(JSON.stringify(request.headers)).not.toContain(aiToken);
    }
    const logs = stack.logs.join('\n');
    expect(logs).not.toContain(aiToken);
    expect(logs).not.toContain(orKey);
  });

  it('an AI Gateway field without Authorization fails alone; OpenRouter still gets only its key', async () => {
    const orKey = newToken('or');
    const res = await stack.gql(
      `{ providerKey(id: "${toGlobalId('ProviderKey', 'aigpk_1')}") { id } openRouterKeys { nodes { id } } }`,
      {},
      {
        token: null,
        openRouterKey: orKey,
      },
    );
    expect(res.errors?.map((error) => error.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    expect(res.data).toEqual({ providerKey: null, openRouterKeys: { nodes: [] } });
    expect(stack.upstream()).toHaveLength(0);
    expect(stack.openRouterUpstream().map((request) => request.headers.authorization)).toEqual([`Bearer ${orKey}`]);
  });

  it('keeps concurrent requests with different OpenRouter keys apart', async () => {
    const keys = [newToken('alice'), newToken('bob'), newToken('carol')];
    for (const key of keys) for (let i = 0; i < 3; i++) stack.openRouter.account(key).createKey({ name: `${key}-${i}` });
    const results = await Promise.all(
      Array.from({ length: 30 }, async (_, i) => {
        const key = keys[i % keys.length]!;
        return { key, res: await stack.gql('{ openRouterKeys { nodes { name } } }', {}, { openRouterKey: key }) };
      }),
    );
    for (const { key, res } of results) {
      const names: string[] = res.data.openRouterKeys.nodes.map((node: any) => node.name);
      expect(names.sort()).toEqual([0, 1, 2].map((i) => `${key}-${i}`));
    }
    const perKey = new Map<string, number>();
    for (const request of stack.openRouterUpstream()) {
      const header = String(request.headers.authorization);
      perKey.set(header, (perKey.get(header) ?? 0) + 1);
    }
    expect([...perKey.entries()].sort()).toEqual(keys.map((key) => [`Bearer ${key}`, 10]).sort());
  });
});
