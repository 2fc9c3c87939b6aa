import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AiGatewaySimulator, startAiGatewaySimulator } from '../../src/simulator/index.ts';
import { type CallOptions, call, expectAiGatewayError, freshToken } from './helpers.ts';

let sim: AiGatewaySimulator;
beforeAll(async () => {
  sim = await startAiGatewaySimulator({ port: 0 });
});
afterAll(() => sim.close());

const api = (path: string, opts?: CallOptions) => call(sim.url, path, opts);

describe('API keys', () => {
  it('start with the key the account is called with, redacted, without its token', async () => {
    const token = freshToken('apikeys');
    const list = await api('/api-keys', { token });
    expect(list.status).toBe(200);
    expect(list.json.aiGatewayApiKeys).toHaveLength(1);
    const own = list.json.aiGatewayApiKeys[0];
    expect(own).toMatchObject({ id: sim.account(token).apiKeyId, keyRedacted: expect.stringContaining('***') });
    expect(own).not.toHaveProperty('token');
    expect(list.text).not.toContain(token);
  });

  it('return the token once, on create; the new token opens the same account', async () => {
    const token = freshToken('apikeys-create');
    const created = await api('/api-keys', {
      method: 'POST',
      token,
      body: { name: 'terraform', description: 'infra', metadata: '{"a":1}' },
    });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      name: 'terraform',
      description: 'infra',
      metadata: '{"a":1}',
      lastUsed: null,
      token: expect.any(String),
    });
    const secret: string = created.json.token;
    expect(created.json.keyRedacted).not.toContain(secret);

    const fetched = await api(`/api-keys/${created.json.id}`, { token });
    const { token: _once, ...withoutToken } = created.json;
    expect(fetched.json).toEqual(withoutToken);
    const listed = await api('/api-keys', { token: secret });
    expect(listed.json.aiGatewayApiKeys.map((k: { id: string }) => k.id)).toContain(created.json.id);
    expect(listed.text).not.toContain(secret);

    // An empty body creates an unnamed key.
    const bare = await api('/api-keys', { method: 'POST', token });
    expect(bare.status).toBe(201);
    expect(bare.json).not.toHaveProperty('name');
  });

  it('update with PATCH semantics and validate like access keys', async () => {
    const token = freshToken('apikeys-patch');
    const created = (await api('/api-keys', { method: 'POST', token, body: { name: 'n', description: 'd' } })).json;
    const patched = await api(`/api-keys/${created.id}`, { method: 'PATCH', token, body: { description: null, metadata: 'm' } });
    expect(patched.json).toMatchObject({ name: 'n', metadata: 'm' });
    expect(patched.json).not.toHaveProperty('description');
    expect(patched.json).not.toHaveProperty('token');
    expectAiGatewayError(await api(`/api-keys/${created.id}`, { method: 'PATCH', token, body: { name: 'x'.repeat(256) } }), 400, 'name');
    expectAiGatewayError(await api(`/api-keys/${created.id}`, { method: 'PATCH', token, body: { scopes: [] } }), 400, 'scopes');
    expectAiGatewayError(await api('/api-keys', { method: 'POST', token, body: { metadata: 'x'.repeat(4097) } }), 400, 'metadata');
    expectAiGatewayError(await api('/api-keys/aigak_missing', { method: 'PATCH', token, body: { name: 'x' } }), 404);
  });

  it('page newest first', async () => {
    const token = freshToken('apikeys-page');
    for (let i = 0; i < 3; i++) await api('/api-keys', { method: 'POST', token, body: { name: `k${i}` } });
    const page = await api('/api-keys?limit=2', { token });
    expect(page.json.aiGatewayApiKeys.map((k: { name: string }) => k.name)).toEqual(['k2', 'k1']);
    expect(page.json.nextPageUri).toMatch(/beforeId=.*&limit=2$/);
  });

  it('stop working when deleted, the key in use included', async () => {
    const token = freshToken('apikeys-delete');
    const second = (await api('/api-keys', { method: 'POST', token })).json;
    expect((await api(`/api-keys/${second.id}`, { method: 'DELETE', token })).status).toBe(204);
    expectAiGatewayError(await api('/api-keys', { token: second.token }), 401);
    expectAiGatewayError(await api(`/api-keys/${second.id}`, { token }), 404);

    const own = sim.account(token).apiKeyId;
    expect((await api(`/api-keys/${own}`, { method: 'DELETE', token })).status).toBe(204);
    expectAiGatewayError(await api('/api-keys', { token }), 401);
  });

  it('are seeded for the demo account with fixed details', async () => {
    const keys = (await api('/api-keys')).json.aiGatewayApiKeys;
    expect(keys.map((k: { name: string }) => k.name)).toEqual([
      'Demo API key',
      'Grafana usage exporter',
      'CI deploy pipeline',
      'Terraform (infra repo)',
    ]);
    expect((await api('/__simulator/reset', { method: 'POST' })).status).toBe(204);
    expect((await api('/api-keys')).json.aiGatewayApiKeys).toEqual(keys);
  });
});
