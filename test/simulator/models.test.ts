import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AiGatewaySimulator, startAiGatewaySimulator } from '../../src/simulator/index.ts';
import { type CallOptions, call, freshToken } from './helpers.ts';

let sim: AiGatewaySimulator;
beforeAll(async () => {
  sim = await startAiGatewaySimulator({ port: 0 });
});
afterAll(() => sim.close());

const api = (path: string, opts?: CallOptions) => call(sim.url, path, opts);

interface Rate {
  type: string;
  unit: string;
  price: string;
  conditions?: Record<string, unknown>;
}
interface Offering {
  model_id: string;
  id: string;
  display_name: string;
  status: string;
  pricing: { currency: string; rates: Rate[] };
  supported_api_formats: Array<{ name: string; parameters: string[] }>;
}
interface CatalogModel {
  id: string;
  owned_by: string;
  created: number;
  providers: Offering[];
}

async function catalog(token: string): Promise<CatalogModel[]> {
  const res = await api('/v1/models', { token });
  expect(res.status).toBe(200);
  expect(res.json.object).toBe('list');
  return res.json.data;
}

describe('the model catalog', () => {
  it('lists the built-in models for every account, with exact decimal prices and their conditions', async () => {
    const models = await catalog(freshToken('cat'));
    expect(models.length).toBeGreaterThanOrEqual(10);
    expect(models.every((m) => m.owned_by === 'ngrok')).toBe(true);
    const rates = models.flatMap((m) => m.providers.flatMap((o) => o.pricing.rates));
    expect(rates.every((r) => typeof r.price === 'string' && /^\d+(\.\d+)?$/.test(r.price))).toBe(true);
    const sonnet = models.find((m) => m.id === 'claude-sonnet-4-6')!.providers[0]!;
    expect(sonnet.model_id).toBe('anthropic:claude-sonnet-4-6');
    expect(sonnet.pricing.rates).toContainEqual({
      type: 'prompt',
      unit: 'token',
      price: '0.000006',
      conditions: { min_input_tokens: 200_001 },
    });
    expect(sonnet.pricing.rates).toContainEqual({ type: 'input_cache_write', unit: 'token', price: '0.000006', conditions: { ttl: '1h' } });
    const llama = models.find((m) => m.id === 'llama-3.3-70b')!;
    expect(llama.providers.map((o) => o.model_id)).toEqual(['groq:llama-3.3-70b-versatile', 'cerebras:llama-3.3-70b']);
    expect(models.some((m) => m.providers.some((o) => o.status === 'inactive'))).toBe(true);
  });

  it("adds the account's custom-provider models, owned by the organization, and drops them with the provider", async () => {
    const token = freshToken('cat-custom');
    const created = await api('/providers', {
      method: 'POST',
      token,
      body: {
        providerId: 'lab',
        name: 'Lab box',
        baseUrl: 'https://lab.example.com/v1',
        supportedApiSurfaces: [
          { format: 'openai', surface: 'chat-completions', supportedParams: [{ name: 'messages' }, { name: 'tools' }, { name: 'seed' }] },
          { format: 'openai', surface: 'embeddings' },
        ],
        models: [{ modelId: 'llama3.2', providerModelId: 'llama3.2:3b', unsupportedParams: ['tools'] }],
      },
    });
    expect(created.status).toBe(201);
    const custom = (await catalog(token)).filter((m) => m.owned_by === 'organization_owned');
    expect(custom).toHaveLength(1);
    expect(custom[0]).toMatchObject({ id: 'llama3.2', object: 'model', created: Math.floor(Date.parse(created.json.createdAt) / 1000) });
    expect(custom[0]!.providers).toEqual([
      expect.objectContaining({
        model_id: 'lab:llama3.2',
        id: 'lab',
        display_name: 'Lab box',
        status: 'active',
        pricing: { currency: 'USD', rates: [] },
        // Only surfaces the catalog can name; the model's unsupported parameters left out.
        supported_api_formats: [
          { format: 'openai', name: 'chat-completions', path: '/v1/chat/completions', parameters: ['messages', 'seed'] },
        ],
      }),
    ]);
    expect((await catalog(freshToken('cat-other'))).some((m) => m.owned_by === 'organization_owned')).toBe(false);

    expect((await api(`/providers/${created.json.id}`, { method: 'DELETE', token })).status).toBe(204);
    expect((await catalog(token)).some((m) => m.owned_by === 'organization_owned')).toBe(false);
  });

  it("lists the demo account's seeded custom models", async () => {
    const ids = (await catalog('demo'))
      .filter((m) => m.owned_by === 'organization_owned')
      .flatMap((m) => m.providers.map((o) => o.model_id));
    expect(ids).toEqual([
      'internal-vllm:llama-3.1-70b-instruct',
      'internal-vllm:qwen3-32b',
      'my-ollama:llama3.2',
      'my-ollama:qwen2.5-coder',
    ]);
  });
});
