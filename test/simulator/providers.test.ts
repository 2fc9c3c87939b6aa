import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AiGatewaySimulator, startAiGatewaySimulator } from '../../src/simulator/index.ts';
import { type CallOptions, call, expectAiGatewayError, freshToken } from './helpers.ts';

let sim: AiGatewaySimulator;
beforeAll(async () => {
  sim = await startAiGatewaySimulator({ port: 0 });
});
afterAll(() => sim.close());

const api = (path: string, opts?: CallOptions) => call(sim.url, path, opts);

const VLLM = {
  providerId: 'internal-vllm',
  name: 'vLLM',
  baseUrl: 'https://vllm.example.com/v1',
  supportedApiSurfaces: [
    { format: 'openai', surface: 'chat-completions', baseUrl: 'https://chat.example.com/v1', supportedParams: [{ name: 'messages' }] },
  ],
  models: [
    { modelId: 'llama-70b', providerModelId: 'meta-llama/Llama-3.1-70B-Instruct', unsupportedParams: ['logprobs'] },
    { modelId: 'qwen' },
  ],
};

async function create(token: string, body: Record<string, unknown> = VLLM) {
  const res = await api('/providers', { method: 'POST', token, body });
  expect(res.status, res.text).toBe(201);
  return res.json;
}

describe('custom providers', () => {
  it('creates a provider with its models and serves it by id and in the list', async () => {
    const token = freshToken('prov');
    const created = await create(token);
    expect(created).toMatchObject({
      id: expect.stringMatching(/^aigp_/),
      uri: `${sim.url}/providers/${created.id}`,
      providerId: 'internal-vllm',
      baseUrl: 'https://vllm.example.com/v1',
      supportedApiSurfaces: VLLM.supportedApiSurfaces,
      createdBy: { id: expect.stringMatching(/^aigak_/) },
    });
    expect(created.models).toEqual([
      {
        id: expect.any(String),
        modelId: 'llama-70b',
        providerModelId: 'meta-llama/Llama-3.1-70B-Instruct',
        unsupportedParams: ['logprobs'],
      },
      { id: expect.any(String), modelId: 'qwen', unsupportedParams: [] },
    ]);
    expect(created).not.toHaveProperty('metadata');
    expect((await api(`/providers/${created.id}`, { token })).json).toEqual(created);
    expect((await api('/providers', { token })).json).toEqual({
      aiGatewayProviders: [created],
      uri: `${sim.url}/providers`,
      nextPageUri: null,
    });
    expectAiGatewayError(await api(`/providers/${created.id}`, { token: freshToken('other') }), 404);
  });

  it('pages like every list', async () => {
    const token = freshToken('prov-page');
    const ids = [];
    for (let i = 0; i < 3; i++)
      ids.push((await create(token, { providerId: `p${i}`, name: `p${i}`, baseUrl: 'https://p.example.com' })).id);
    const page = await api('/providers?limit=2', { token });
    expect(page.json.aiGatewayProviders.map((p: { id: string }) => p.id)).toEqual([ids[2], ids[1]]);
    expect(page.json.nextPageUri).toBe(`${sim.url}/providers?beforeId=${ids[1]}&limit=2`);
  });

  it('validates create bodies with the field at fault', async () => {
    const token = freshToken('prov-bad');
    const base = { providerId: 'ok', name: 'ok', baseUrl: 'https://ok.example.com' };
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ name: 'x', baseUrl: 'https://x.example.com' }, 'providerId'],
      [{ providerId: 'x', baseUrl: 'https://x.example.com' }, 'name'],
      [{ providerId: 'x', name: 'x' }, 'baseUrl'],
      [{ ...base, providerId: '' }, 'providerId'],
      [{ ...base, providerId: 'p'.repeat(256) }, 'providerId'],
      [{ ...base, name: '' }, 'name'],
      [{ ...base, name: 'n'.repeat(256) }, 'name'],
      [{ ...base, baseUrl: `https://x.example.com/${'a'.repeat(2030)}` }, 'baseUrl'],
      [{ ...base, baseUrl: 'http://vllm.example.com' }, 'baseUrl'],
      [{ ...base, baseUrl: 'not a url' }, 'baseUrl'],
      [{ ...base, metadata: 'm'.repeat(4097) }, 'metadata'],
      [{ ...base, providerId: 'openai' }, 'providerId'],
      [{ ...base, color: 'red' }, 'color'],
      [{ ...base, models: [{ modelId: 'a' }, { modelId: 'a' }] }, 'models[1].modelId'],
      [{ ...base, models: [{ modelId: '' }] }, 'models[0].modelId'],
      [{ ...base, models: [{ modelId: 'a', unsupportedParams: 'tools' }] }, 'models[0].unsupportedParams'],
      [{ ...base, models: [{ modelId: 'a', providerModelId: 'p'.repeat(256) }] }, 'models[0].providerModelId'],
      [{ ...base, supportedApiSurfaces: [{ surface: 'chat-completions' }] }, 'supportedApiSurfaces[0].format'],
      [{ ...base, supportedApiSurfaces: [{ format: 'openai', baseUrl: 'http://chat.example.com' }] }, 'supportedApiSurfaces[0].baseUrl'],
      [
        { ...base, supportedApiSurfaces: [{ format: 'openai', supportedParams: ['messages'] }] },
        'supportedApiSurfaces[0].supportedParams[0]',
      ],
    ];
    for (const [body, field] of cases) expectAiGatewayError(await api('/providers', { method: 'POST', token, body }), 400, field);
    expect((await api('/providers', { token })).json.aiGatewayProviders).toEqual([]);
  });

  it('takes http only for ngrok .internal endpoints', async () => {
    const token = freshToken('prov-internal');
    expect((await create(token, { providerId: 'lab', name: 'lab', baseUrl: 'http://ollama.internal:11434/v1' })).baseUrl).toBe(
      'http://ollama.internal:11434/v1',
    );
  });

  it('refuses a providerId already used in the account (409), not in another account', async () => {
    const token = freshToken('prov-dup');
    const first = await create(token);
    const dup = await api('/providers', { method: 'POST', token, body: { ...VLLM, name: 'again' } });
    expectAiGatewayError(dup, 409);
    expect(dup.json.details).toEqual({ providerId: first.id });
    await create(freshToken('prov-dup-other'));
  });
});

describe('updating a custom provider', () => {
  it('keeps omitted fields, clears metadata with null and refuses to clear name or baseUrl', async () => {
    const token = freshToken('prov-patch');
    const p = await create(token, { ...VLLM, metadata: '{"team":"ml"}' });
    const renamed = await api(`/providers/${p.id}`, { method: 'PATCH', token, body: { name: 'vLLM east', metadata: null } });
    expect(renamed.status).toBe(200);
    expect(renamed.json).toMatchObject({
      name: 'vLLM east',
      baseUrl: VLLM.baseUrl,
      models: p.models,
      supportedApiSurfaces: VLLM.supportedApiSurfaces,
    });
    expect(renamed.json).not.toHaveProperty('metadata');
    expect(renamed.json.updatedAt > p.updatedAt).toBe(true);
    for (const [body, field] of [
      [{ name: null }, 'name'],
      [{ baseUrl: null }, 'baseUrl'],
      [{ baseUrl: 'http://plain.example.com' }, 'baseUrl'],
      [{ providerId: 'other' }, 'providerId'],
      [{ models: [{}] }, 'models[0].modelId'],
    ] as const) {
      expectAiGatewayError(await api(`/providers/${p.id}`, { method: 'PATCH', token, body }), 400, field);
    }
    expect((await api(`/providers/${p.id}`, { token })).json).toEqual(renamed.json);
    expectAiGatewayError(await api('/providers/aigp_missing', { method: 'PATCH', token, body: { name: null } }), 404);
  });

  it('replaces the whole model set, keeping the id of a model that stays; [] and null clear', async () => {
    const token = freshToken('prov-models');
    const p = await create(token);
    const llama = p.models[0];
    const replaced = await api(`/providers/${p.id}`, {
      method: 'PATCH',
      token,
      body: { models: [{ modelId: 'mixtral' }, { modelId: 'llama-70b', unsupportedParams: [] }] },
    });
    expect(replaced.json.models).toEqual([
      { id: expect.any(String), modelId: 'mixtral', unsupportedParams: [] },
      { id: llama.id, modelId: 'llama-70b', unsupportedParams: [] },
    ]);
    expect(replaced.json.models[0].id).not.toBe(p.models[1].id);
    expect((await api(`/providers/${p.id}`, { method: 'PATCH', token, body: { models: [] } })).json.models).toEqual([]);
    await api(`/providers/${p.id}`, { method: 'PATCH', token, body: { models: [{ modelId: 'a' }] } });
    expect((await api(`/providers/${p.id}`, { method: 'PATCH', token, body: { models: null } })).json.models).toEqual([]);
  });

  it('replaces or clears the API surfaces', async () => {
    const token = freshToken('prov-surfaces');
    const p = await create(token);
    const surfaces = [{ format: 'anthropic', surface: 'messages' }];
    expect(
      (await api(`/providers/${p.id}`, { method: 'PATCH', token, body: { supportedApiSurfaces: surfaces } })).json.supportedApiSurfaces,
    ).toEqual(surfaces);
    const cleared = await api(`/providers/${p.id}`, { method: 'PATCH', token, body: { supportedApiSurfaces: null } });
    expect(cleared.json).not.toHaveProperty('supportedApiSurfaces');
  });
});

describe('deleting a custom provider', () => {
  it('is refused with 409 while a provider key or a configuration refers to it, and works once none does', async () => {
    const token = freshToken('prov-del');
    const acc = sim.account(token);
    const p = await create(token);
    const key = acc.createProviderKey({ providerId: 'internal-vllm', name: 'k', value: 'sk-vllm-0123456789' });
    const byId = acc.createAccessKeyConfiguration({ name: 'by id', access: { providers: { allow: [p.id] } } });
    const byModel = acc.createAccessKeyConfiguration({ name: 'by model', access: { models: { allow: ['internal-vllm:qwen'] } } });
    const byRule = acc.createAccessKeyConfiguration({
      name: 'by rule',
      router: { rules: [{ provider: 'internal-vllm', steps: [{ type: 'user', keys: [{ id: key.id }] }] }] },
    });
    acc.createAccessKeyConfiguration({ name: 'unrelated', access: { providers: { allow: ['internal-vllm-2'] } } });

    const refused = await api(`/providers/${p.id}`, { method: 'DELETE', token });
    expectAiGatewayError(refused, 409);
    expect(refused.json.details).toEqual({ providerKeyIds: key.id, accessKeyConfigurationIds: [byRule.id, byModel.id, byId.id].join(',') });

    acc.deleteProviderKey(key.id);
    for (const cfg of [byId, byModel, byRule]) acc.deleteAccessKeyConfiguration(cfg.id);
    expect((await api(`/providers/${p.id}`, { method: 'DELETE', token })).status).toBe(204);
    expectAiGatewayError(await api(`/providers/${p.id}`, { token }), 404);
    expectAiGatewayError(await api(`/providers/${p.id}`, { method: 'DELETE', token }), 404);
  });
});

describe('the demo account', () => {
  it('has two custom providers, one of them still referenced, the same after every reset', async () => {
    const before = (await api('/providers')).json.aiGatewayProviders;
    expect(before.map((p: { providerId: string }) => p.providerId)).toEqual(['internal-vllm', 'my-ollama']);
    expectAiGatewayError(await api(`/providers/${before[1].id}`, { method: 'DELETE' }), 409);
    expect((await api('/__simulator/reset', { method: 'POST' })).status).toBe(204);
    expect((await api('/providers')).json.aiGatewayProviders).toEqual(before);
  });
});
