import { describe, expect, it } from 'vitest';
import { graphiqlOptions } from '../src/graphiql.ts';
import { providersOf } from '../src/simulator/ai-gateway/providers.ts';
import { newToken, useStack } from './helpers/stack.ts';

const stack = useStack();

const MODELS = /* GraphQL */ `
  query($first: Int, $after: String, $provider: String) {
    models(first: $first, after: $after, provider: $provider) {
      edges { cursor node { modelId } }
      nodes { modelId builtIn offerings { providerId } }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    }
  }
`;

const catalogReads = () => stack.upstream().filter((request) => request.path === '/v1/models');
const providerReads = () => stack.upstream().filter((request) => request.path.startsWith('/providers'));

function account() {
  const token = newToken('models');
  const acc = stack.simulator.account(token);
  const provider = providersOf(acc).create({
    providerId: 'lab',
    name: 'Lab box',
    baseUrl: 'https://lab.example.com/v1',
    supportedApiSurfaces: [{ format: 'openai', surface: 'chat-completions', supportedParams: [{ name: 'messages' }] }],
    models: [{ modelId: 'llama3.2' }, { modelId: 'qwen2.5-coder', unsupportedParams: ['tools'] }],
  });
  return { token, acc, provider };
}

describe('models', () => {
  it('serves the catalog in camelCase: times as DateTime, prices as exact decimal strings with their conditions', async () => {
    const { token } = account();
    const res = await stack.gql(
      `{ models(first: 500) { nodes {
        modelId name slug description builtIn createdAt releasedAt inputModalities outputModalities
        offerings { modelId providerId displayName status contextLength maxCompletionTokens
          prices { type unit price currency conditions { ttl minInputTokens maxInputTokens quality resolution serviceTier } } }
      } } }`,
      {},
      { token },
    );
    expect(res.errors).toBeUndefined();
    const models = res.data.models.nodes as any[];
    const sonnet = models.find((m) => m.modelId === 'claude-sonnet-4-6');
    expect(sonnet).toMatchObject({
      name: 'Claude Sonnet 4.6',
      builtIn: true,
      createdAt: '2026-02-20T00:00:00.000Z',
      releasedAt: '2026-02-17T00:00:00.000Z',
      inputModalities: ['text', 'image'],
      outputModalities: ['text'],
    });
    const offering = sonnet.offerings[0];
    expect(offering).toMatchObject({
      modelId: 'anthropic:claude-sonnet-4-6',
      providerId: 'anthropic',
      displayName: 'Anthropic',
      status: 'active',
    });
    expect(offering.prices).toContainEqual({
      type: 'prompt',
      unit: 'token',
      price: '0.000006',
      currency: 'USD',
      conditions: { ttl: null, minInputTokens: 200001, maxInputTokens: null, quality: null, resolution: null, serviceTier: null },
    });
    expect(offering.prices).toContainEqual(expect.objectContaining({ type: 'input_cache_read', price: '0.0000003', conditions: null }));
    // The upstream's text, digit for digit: no float ever formats these.
    expect(res.text).toContain('"price":"0.00000125"');
    const image = models.find((m) => m.modelId === 'gpt-image-1').offerings[0];
    expect(image.contextLength).toBeNull();
    expect(image.prices).toContainEqual(
      expect.objectContaining({
        unit: 'image',
        price: '0.167',
        conditions: expect.objectContaining({ quality: 'high', resolution: '1024x1024' }),
      }),
    );
    const custom = models.filter((m) => !m.builtIn);
    expect(custom.map((m) => m.modelId)).toEqual(['llama3.2', 'qwen2.5-coder']);
    expect(custom[0].offerings[0]).toMatchObject({ modelId: 'lab:llama3.2', providerId: 'lab', displayName: 'Lab box', prices: [] });
    expect(catalogReads()).toHaveLength(1);
  });

  it('pages the one upstream list with opaque cursors and exact hasNextPage, reading it once per request', async () => {
    const { token } = account();
    const all = (await stack.gql(MODELS, { first: 500 }, { token })).data.models.nodes.map((m: any) => m.modelId);
    expect(all.length).toBeGreaterThan(10);
    stack.simulator.clearRequests();
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: any = await stack.gql(MODELS, { first: 4, after }, { token });
      seen.push(...page.data.models.nodes.map((m: any) => m.modelId));
      expect(page.data.models.edges.map((e: any) => e.node.modelId)).toEqual(page.data.models.nodes.map((m: any) => m.modelId));
      expect(page.data.models.pageInfo.hasPreviousPage).toBe(false);
      if (!page.data.models.pageInfo.hasNextPage) break;
      after = page.data.models.pageInfo.endCursor;
    }
    expect(seen).toEqual(all);
    expect(catalogReads()).toHaveLength(Math.ceil(all.length / 4));
    // Exactly as many as there are: hasNextPage is false on the last item.
    const exact = await stack.gql(MODELS, { first: all.length }, { token });
    expect(exact.data.models.pageInfo.hasNextPage).toBe(false);
    const zero = await stack.gql(MODELS, { first: 0 }, { token });
    expect(zero.data.models).toMatchObject({ nodes: [], pageInfo: { hasNextPage: true, endCursor: null } });
  });

  it('keeps the models a provider offers, with cursors bound to that filter', async () => {
    const { token } = account();
    const groq = await stack.gql(MODELS, { provider: 'groq', first: 1 }, { token });
    expect(groq.data.models.nodes).toEqual([
      { modelId: 'llama-3.3-70b', builtIn: true, offerings: [{ providerId: 'groq' }, { providerId: 'cerebras' }] },
    ]);
    const lab = await stack.gql(MODELS, { provider: 'lab' }, { token });
    expect(lab.data.models.nodes.map((m: any) => m.modelId)).toEqual(['llama3.2', 'qwen2.5-coder']);
    expect((await stack.gql(MODELS, { provider: 'nobody' }, { token })).data.models.nodes).toEqual([]);

    const openai = await stack.gql(MODELS, { provider: 'openai', first: 1 }, { token });
    stack.simulator.clearRequests();
    const crossed = await stack.gql(MODELS, { after: openai.data.models.pageInfo.endCursor }, { token });
    expect(crossed.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'after' });
    expect(stack.upstream()).toHaveLength(0);
  });

  it('validates first, after and provider before any upstream request', async () => {
    const { token } = account();
    for (const variables of [{ first: -1 }, { first: 501 }, { after: 'bm90IGEgY3Vyc29y' }, { provider: 'p'.repeat(256) }]) {
      const res = await stack.gql(MODELS, variables, { token });
      expect(res.errors?.[0]?.extensions?.code, JSON.stringify(variables).slice(0, 40)).toBe('BAD_USER_INPUT');
    }
    expect(stack.upstream()).toHaveLength(0);
  });
});

describe('ModelOffering.provider', () => {
  it('links custom offerings to their Provider from one provider-list read per request, built-in ones to null', async () => {
    const { token, provider } = account();
    const res = await stack.gql(
      `{ a: models(first: 500) { nodes { offerings { providerId provider { id resourceId name } } } }
         b: models(provider: "lab") { nodes { offerings { provider { providerId } } } } }`,
      {},
      { token },
    );
    expect(res.errors).toBeUndefined();
    const offerings = res.data.a.nodes.flatMap((m: any) => m.offerings);
    expect(offerings.filter((o: any) => o.provider !== null)).toEqual([
      { providerId: 'lab', provider: expect.objectContaining({ resourceId: provider.id, name: 'Lab box' }) },
      { providerId: 'lab', provider: expect.objectContaining({ resourceId: provider.id }) },
    ]);
    expect(offerings.filter((o: any) => o.providerId === 'openai').every((o: any) => o.provider === null)).toBe(true);
    expect(res.data.b.nodes.map((m: any) => m.offerings[0].provider)).toEqual([{ providerId: 'lab' }, { providerId: 'lab' }]);
    expect(providerReads()).toHaveLength(1);
    expect(catalogReads()).toHaveLength(1);
  });

  it('reads no provider list when only built-in offerings ask', async () => {
    const { token } = account();
    await stack.gql('{ models(provider: "openai") { nodes { offerings { provider { id } } } } }', {}, { token });
    expect(providerReads()).toHaveLength(0);
  });

  it('is null when the provider list no longer has the slug (deleted between the two reads)', async () => {
    const { token } = account();
    stack.simulator.injectFault({
      match: { method: 'GET', path: '/providers' },
      body: { aiGatewayProviders: [], uri: 'x', nextPageUri: null },
    });
    const res = await stack.gql('{ models(provider: "lab") { nodes { modelId offerings { provider { id } } } } }', {}, { token });
    expect(res.errors).toBeUndefined();
    expect(res.data.models.nodes).toEqual([
      { modelId: 'llama3.2', offerings: [{ provider: null }] },
      { modelId: 'qwen2.5-coder', offerings: [{ provider: null }] },
    ]);
  });

  it('fails only the provider fields when the provider list cannot be read', async () => {
    const { token } = account();
    stack.simulator.injectFault({ match: { method: 'GET', path: '/providers' }, status: 500, times: Infinity });
    const res = await stack.gql('{ models(provider: "lab") { nodes { modelId offerings { provider { id } } } } }', {}, { token });
    expect(res.data.models.nodes.map((m: any) => m.modelId)).toEqual(['llama3.2', 'qwen2.5-coder']);
    expect(res.errors?.map((e) => [e.extensions?.code, e.path?.join('.')])).toEqual([
      ['UPSTREAM_ERROR', 'models.nodes.0.offerings.0.provider'],
      ['UPSTREAM_ERROR', 'models.nodes.1.offerings.0.provider'],
    ]);
    expect(providerReads()).toHaveLength(1);
  });
});

describe('the GraphiQL catalog tabs', () => {
  it('answer from the demo account without errors, custom providers linked', async () => {
    const tabs = graphiqlOptions('demo').defaultTabs!.filter((tab) => /query (Catalog|CustomProviders)/.test(tab.query ?? ''));
    expect(tabs).toHaveLength(2);
    const [catalog, custom] = await Promise.all(tabs.map((tab) => stack.gql(tab.query!, JSON.parse(tab.variables!))));
    expect(catalog!.errors).toBeUndefined();
    expect(catalog!.data.models.nodes.length).toBe(10);
    const ollama = await stack.gql(tabs[0]!.query!, { provider: 'my-ollama' });
    expect(ollama.data.models.nodes.map((m: any) => m.offerings[0].provider?.baseUrl)).toEqual([
      'http://ollama-lab.internal:11434/v1',
      'http://ollama-lab.internal:11434/v1',
    ]);
    expect(custom!.errors).toBeUndefined();
    expect(custom!.data.providers.nodes.map((p: any) => [p.providerId, p.providerKeys.nodes.length])).toEqual([
      ['internal-vllm', 0],
      ['my-ollama', 4],
    ]);
  });
});
