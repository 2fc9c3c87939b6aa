import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FRESH_ACCOUNT_PREFIX, startAiGatewaySimulator, type AiGatewaySimulator } from '../../src/simulator/index.ts';
import { call, expectAiGatewayError, freshToken, type CallOptions } from './helpers.ts';

let sim: AiGatewaySimulator;
beforeAll(async () => {
  sim = await startAiGatewaySimulator({ port: 0 });
});
afterAll(() => sim.close());

const api = (path: string, opts?: CallOptions) => call(sim.url, path, opts);

const expectError = expectAiGatewayError;

describe('auth and accounts', () => {
  it('answers 401 in the Error shape without a usable bearer token', async () => {
    const variants: Array<Record<string, string>> = [{}, { authorization: 'Bearer ' }, { authorization: 'Basic abc' }];
    for (const headers of variants) {
      const res = await api('/provider-keys', { token: null, headers });
      expectError(res, 401);
      expect(res.headers.get('content-type')).toBe('application/json');
    }
  });

  it('answers 401 in the Error shape to a token no account has, like the real API, without echoing it', async () => {
    for (const token of ['demo-typo', 'sk-not-an-ngrok-key', `x${freshToken()}`]) {
      const res = await api('/provider-keys', { token });
      expectError(res, 401);
      expect(res.json).toMatchObject({ errorCode: 'ERR_NGROK_401', statusCode: 401 });
      expect(res.text).not.toContain(token);
      expect((await api('/access-keys/aigk_1', { token, method: 'PATCH', body: { name: 'n' } })).status).toBe(401);
    }
    // Nothing was created for them.
    expect((await api('/provider-keys', { token: 'demo-typo' })).status).toBe(401);
  });

  it('opens a new empty account for a token starting with "fresh-", the same one on every use until a reset', async () => {
    const token = freshToken('open');
    expect(token.startsWith(FRESH_ACCOUNT_PREFIX)).toBe(true);
    expect((await api('/provider-keys', { token })).json.aiGatewayProviderKeys).toEqual([]);
    const created = await api('/provider-keys', {
      token,
      method: 'POST',
      body: { providerId: 'openai', name: 'k', value: 'sk-fresh-0123456789' },
    });
    expect(created.status).toBe(201);
    expect((await api('/provider-keys', { token })).json.aiGatewayProviderKeys).toHaveLength(1);
    expect((await api('/provider-keys', { token: freshToken('other') })).json.aiGatewayProviderKeys).toEqual([]);
    // An account made in-process (tests seed this way) is known over HTTP whatever its token.
    sim.account('seeded-in-process').createProviderKey({ providerId: 'openai', name: 's', value: 'sk-seeded-0123456789' });
    expect((await api('/provider-keys', { token: 'seeded-in-process' })).json.aiGatewayProviderKeys).toHaveLength(1);
  });

  it('keeps each token in its own account', async () => {
    const a = freshToken('a');
    const b = freshToken('b');
    const created = await api('/provider-keys', {
      method: 'POST',
      token: a,
      body: { providerId: 'openai', name: 'mine', value: 'sk-a-secret-000000000' },
    });
    expect(created.status).toBe(201);
    expect((await api('/provider-keys', { token: a })).json.aiGatewayProviderKeys).toHaveLength(1);
    expect((await api('/provider-keys', { token: b })).json.aiGatewayProviderKeys).toEqual([]);
    expectError(await api(`/provider-keys/${created.json.id}`, { token: b }), 404);
    expectError(await api(`/provider-keys/${created.json.id}`, { token: b, method: 'DELETE' }), 404);
    expect((await api(`/provider-keys/${created.json.id}`, { token: a })).status).toBe(200);
  });

  it('seeds the demo account', async () => {
    const keys = (await api('/provider-keys')).json.aiGatewayProviderKeys as Array<{ providerId: string; keyRedacted: string }>;
    expect(keys.length).toBeGreaterThanOrEqual(30);
    expect(new Set(keys.map((k) => k.providerId))).toEqual(new Set(['openai', 'anthropic', 'google', 'mistral', 'groq', 'my-ollama']));
    expect(keys.every((k) => k.keyRedacted.startsWith('sk-demo-'))).toBe(true);
    const configs = (await api('/access-key-configurations')).json.aiGatewayAccessKeyConfigurations;
    expect(configs.length).toBeGreaterThanOrEqual(6);
    expect(JSON.stringify(configs)).toContain('"type":"ngrok"');
    const accessKeys = (await api('/access-keys')).json.aiGatewayAccessKeys;
    expect(accessKeys.length).toBe(5);
    expect(accessKeys.some((k: { accessKeyConfiguration: unknown }) => k.accessKeyConfiguration === null)).toBe(true);
    expect(accessKeys.some((k: { accessKeyConfiguration: unknown }) => k.accessKeyConfiguration !== null)).toBe(true);
  });
});

describe('list paging', () => {
  it('walks every item exactly once, newest first, with exact nextPageUri', async () => {
    const token = freshToken('page');
    const acc = sim.account(token);
    const created = Array.from(
      { length: 20 },
      (_, i) => acc.createProviderKey({ providerId: 'openai', name: `k${i}`, value: `sk-page-${i}-0123456789` }).id,
    );
    const expected = [...created].reverse();
    expect([...created].sort().reverse()).toEqual(expected); // ids sort by creation

    const seen: string[] = [];
    let next: string | null = `${sim.url}/provider-keys?limit=5`;
    let pages = 0;
    while (next) {
      const res = await api(next, { token });
      expect(res.status).toBe(200);
      expect(res.json.uri).toBe(next);
      const ids = res.json.aiGatewayProviderKeys.map((k: { id: string }) => k.id);
      seen.push(...ids);
      pages++;
      const last = ids[ids.length - 1];
      const remaining = expected.length - seen.length;
      expect(res.json.nextPageUri).toBe(remaining > 0 ? `${sim.url}/provider-keys?beforeId=${last}&limit=5` : null);
      next = res.json.nextPageUri;
    }
    expect(pages).toBe(4); // 20 items / 5: no empty trailing page
    expect(seen).toEqual(expected);
  });

  it('honours beforeId directly and returns an empty page past the end', async () => {
    const token = freshToken('before');
    const acc = sim.account(token);
    const ids = Array.from({ length: 3 }, (_, i) => acc.createAccessKey({ name: `ak${i}` }).id);
    const res = await api(`/access-keys?beforeId=${ids[2]}`, { token });
    expect(res.json.aiGatewayAccessKeys.map((k: { id: string }) => k.id)).toEqual([ids[1], ids[0]]);
    expect(res.json.nextPageUri).toBeNull();
    const empty = await api(`/access-keys?beforeId=${ids[0]}`, { token });
    expect(empty.json).toEqual({ aiGatewayAccessKeys: [], uri: `${sim.url}/access-keys?beforeId=${ids[0]}`, nextPageUri: null });
  });

  it('rejects limits outside 1..100', async () => {
    for (const limit of ['101', '0', '-1', 'abc', '1.5', '']) expectError(await api(`/provider-keys?limit=${limit}`), 400);
    expect((await api('/provider-keys?limit=100')).status).toBe(200);
    expect((await api('/access-key-configurations?limit=1')).json.aiGatewayAccessKeyConfigurations).toHaveLength(1);
  });

  it('filters provider keys by provider and carries the filter into nextPageUri', async () => {
    const token = freshToken('prov');
    const acc = sim.account(token);
    for (let i = 0; i < 6; i++)
      acc.createProviderKey({ providerId: i % 2 ? 'openai' : 'anthropic', name: `k${i}`, value: `sk-prov-${i}-0123456789` });
    const first = await api('/provider-keys?provider=openai&limit=2', { token });
    const items = first.json.aiGatewayProviderKeys as Array<{ id: string; providerId: string }>;
    expect(items.map((k) => k.providerId)).toEqual(['openai', 'openai']);
    expect(first.json.nextPageUri).toBe(`${sim.url}/provider-keys?beforeId=${items[1]!.id}&limit=2&provider=openai`);
    const second = await api(first.json.nextPageUri, { token });
    expect(second.json.aiGatewayProviderKeys).toHaveLength(1);
    expect(second.json.nextPageUri).toBeNull();
    expect((await api('/provider-keys?provider=nope', { token })).json.aiGatewayProviderKeys).toEqual([]);
  });
});

describe('provider keys', () => {
  it('creates, reads, rotates and deletes without ever returning the secret', async () => {
    const token = freshToken('pk');
    const secret = 'sk-proj-CREATE-secret-abcdefghijklmnop';
    const created = await api('/provider-keys', {
      method: 'POST',
      token,
      body: { providerId: 'openai', name: 'primary', value: secret, description: 'd', metadata: '{"a":1}' },
    });
    expect(created.status).toBe(201);
    expect(created.json).toEqual({
      id: expect.stringMatching(/^aigpk_[0-9a-z]{13}$/),
      uri: `${sim.url}/provider-keys/${created.json.id}`,
      createdAt: expect.stringMatching(/Z$/),
      updatedAt: created.json.createdAt,
      providerId: 'openai',
      name: 'primary',
      keyRedacted: 'sk-proj-CR***mnop',
      description: 'd',
      metadata: '{"a":1}',
      createdBy: { id: expect.stringMatching(/^aigak_/), uri: expect.stringContaining('/api-keys/aigak_') },
      lastUpdatedBy: created.json.createdBy,
      lastUsed: null,
    });
    expect(created.text).not.toContain(secret);

    const rotated = await api(`/provider-keys/${created.json.id}/rotate`, {
      method: 'POST',
      token,
      body: { name: 'primary v2', value: 'sk-proj-ROTATED-secret-zyxwvutsrqp' },
    });
    expect(rotated.status).toBe(200);
    expect(rotated.json.id).toBe(created.json.id);
    expect(rotated.json.name).toBe('primary v2');
    expect(rotated.json.keyRedacted).toBe('sk-proj-RO***srqp');
    expect(rotated.json.keyRedacted).not.toBe(created.json.keyRedacted);
    expect(rotated.json.updatedAt > created.json.updatedAt).toBe(true);
    expectError(
      await api(`/provider-keys/${created.json.id}/rotate`, { method: 'POST', token, body: { value: 'sk-only-value-000000000' } }),
      400,
    );
    expectError(await api(`/provider-keys/${created.json.id}/rotate`, { method: 'POST', token, body: { name: 'only name' } }), 400);
    expect(sim.account(token).getProviderKey(created.json.id).secret).toBe('sk-proj-ROTATED-secret-zyxwvutsrqp');

    const del = await api(`/provider-keys/${created.json.id}`, { method: 'DELETE', token });
    expect(del.status).toBe(204);
    expect(del.text).toBe('');
    expectError(await api(`/provider-keys/${created.json.id}`, { token }), 404);
  });

  it('validates create bodies', async () => {
    const ok = { providerId: 'openai', name: 'n', value: 'sk-valid-0000000000' };
    for (const body of [
      { name: 'n', value: 'v' },
      { providerId: 'openai', value: 'v' },
      { providerId: 'openai', name: 'n' },
      { ...ok, extra: true },
      { ...ok, name: 'x'.repeat(256) },
      { ...ok, description: 'x'.repeat(256) },
      { ...ok, metadata: 'x'.repeat(4097) },
      { ...ok, name: 5 },
      [ok],
    ]) {
      expectError(await api('/provider-keys', { method: 'POST', token: freshToken(), body }), 400);
    }
    expect(
      (
        await api('/provider-keys', {
          method: 'POST',
          token: freshToken(),
          body: { ...ok, name: 'x'.repeat(255), metadata: 'm'.repeat(4096) },
        })
      ).status,
    ).toBe(201);
  });

  it('PATCH: omitted keeps, null clears, null name and unknown fields are rejected', async () => {
    const token = freshToken('patch');
    const rec = sim
      .account(token)
      .createProviderKey({ providerId: 'openai', name: 'n', value: 'sk-patch-0123456789', description: 'd', metadata: 'm' });
    const res = await api(`/provider-keys/${rec.id}`, { method: 'PATCH', token, body: { description: null } });
    expect(res.status).toBe(200);
    expect(res.json.name).toBe('n');
    expect(res.json.metadata).toBe('m');
    expect('description' in res.json).toBe(false);
    const renamed = await api(`/provider-keys/${rec.id}`, { method: 'PATCH', token, body: { name: 'renamed', metadata: null } });
    expect(renamed.json).toMatchObject({ name: 'renamed' });
    expect('metadata' in renamed.json).toBe(false);
    expectError(await api(`/provider-keys/${rec.id}`, { method: 'PATCH', token, body: { name: null } }), 400);
    expectError(await api(`/provider-keys/${rec.id}`, { method: 'PATCH', token, body: { value: 'x' } }), 400);
    expectError(await api(`/provider-keys/${rec.id}`, { method: 'PATCH', token, body: { providerId: 'x' } }), 400);
    expectError(await api(`/provider-keys/${rec.id}`, { method: 'PATCH', token, body: { description: 'x'.repeat(256) } }), 400);
    expectError(await api('/provider-keys/aigpk_missing', { method: 'PATCH', token, body: {} }), 404);
    expect((await api(`/provider-keys/${rec.id}`, { token })).json.name).toBe('renamed');
  });
});

describe('access key configurations', () => {
  it('creates provider keys inline from router keys and never returns their values', async () => {
    const token = freshToken('inline');
    const acc = sim.account(token);
    const existing = acc.createProviderKey({ providerId: 'openai', name: 'existing', value: 'sk-existing-0123456789' });
    const res = await api('/access-key-configurations', {
      method: 'POST',
      token,
      body: {
        name: 'cfg',
        access: { providers: { allow: ['openai'] }, models: {} },
        router: {
          rules: [
            {
              provider: 'openai',
              steps: [
                { type: 'user', keys: [{ id: existing.id }, { name: 'inline-a', value: 'sk-inline-AAAA-0123456789' }] },
                { type: 'ngrok' },
              ],
            },
            {
              model: 'anthropic:claude-sonnet-4-6',
              steps: [{ type: 'user', keySelectionStrategy: 'ordered', keys: [{ name: 'inline-b', value: 'sk-inline-BBBB-0123456789' }] }],
            },
            { steps: [{ type: 'user', keys: [{ name: 'inline-c', value: 'sk-inline-CCCC-0123456789' }] }] },
          ],
        },
      },
    });
    expect(res.status).toBe(201);
    for (const secret of ['sk-inline-AAAA-0123456789', 'sk-inline-BBBB-0123456789', 'sk-inline-CCCC-0123456789']) {
      expect(res.text).not.toContain(secret);
    }
    expect(res.text).not.toContain('"value"');
    const rules = res.json.router.rules;
    expect(rules[0].steps[0].keys[0]).toEqual({ id: existing.id, name: 'existing', keyRedacted: 'sk-existin***6789' });
    expect(rules[0].steps[0].keys[1]).toEqual({ id: expect.stringMatching(/^aigpk_/), name: 'inline-a', keyRedacted: 'sk-inline-***6789' });
    expect(rules[0].steps[1]).toEqual({ type: 'ngrok' });
    expect(rules[1].steps[0].keySelectionStrategy).toBe('ordered');
    expect(res.json.access).toEqual({ providers: { allow: ['openai'] }, models: {} });

    const byName = Object.fromEntries(acc.listProviderKeys().map((k) => [k.name, k]));
    expect(byName['inline-a']?.providerId).toBe('openai');
    expect(byName['inline-b']?.providerId).toBe('anthropic');
    expect(byName['inline-c']?.providerId).toBe('unknown');
    expect(byName['inline-b']?.id).toBe(rules[1].steps[0].keys[0].id);
    const read = await api(`/access-key-configurations/${res.json.id}`, { token });
    expect(read.json).toEqual(res.json);
  });

  it('rejects bad router shapes and unknown key ids without creating anything', async () => {
    const token = freshToken('badrouter');
    const acc = sim.account(token);
    const rule = (steps: unknown) => ({ name: 'c', router: { rules: [{ provider: 'openai', steps }] } });
    for (const body of [
      rule([]),
      rule([{ type: 'paid' }]),
      rule([{ keys: [{ id: 'x' }] }]),
      rule([{ type: 'user', keys: [{ name: 'n', value: 'sk-x-0000000000' }, { id: 'aigpk_unknown' }] }]),
      rule([{ type: 'user', keys: [{ id: 'aigpk_x', name: 'mixed', value: 'v' }] }]),
      rule([{ type: 'user', keys: [{}] }]),
      rule([{ type: 'user', keys: [{ name: 'no value' }] }]),
      rule([{ type: 'user', keys: [] }]),
      rule([{ type: 'user', keys: [{ id: 'x' }], keySelectionStrategy: 'random' }]),
      rule([{ type: 'user', keys: [{ id: 'x' }], extra: 1 }]),
      { name: 'c', router: { rules: [{ provider: 'openai' }] } },
      { name: 'c', router: { rules: {} } },
      { name: 'c', router: { other: [] } },
      { name: 'c', access: { providers: { allow: 'openai' } } },
      { name: 'c', access: { providers: { deny: [] } } },
      { name: 'c', access: { regions: {} } },
      { description: 'no name' },
    ]) {
      expectError(await api('/access-key-configurations', { method: 'POST', token, body }), 400);
    }
    expect(acc.listProviderKeys()).toEqual([]);
    expect(acc.listConfigurations()).toEqual([]);
  });

  it('PATCH: omit keeps, null clears, access/router replace the whole object', async () => {
    const token = freshToken('cfgpatch');
    const acc = sim.account(token);
    const k1 = acc.createProviderKey({ providerId: 'openai', name: 'k1', value: 'sk-k1-0123456789abc' });
    const k2 = acc.createProviderKey({ providerId: 'anthropic', name: 'k2', value: 'sk-k2-0123456789abc' });
    const cfg = acc.createAccessKeyConfiguration({
      name: 'c',
      description: 'd',
      metadata: 'm',
      access: { providers: { allow: ['openai'] }, models: { allow: ['openai:gpt-4o'] } },
      router: { rules: [{ provider: 'openai', steps: [{ type: 'user', keys: [{ id: k1.id }] }] }] },
    });
    const path = `/access-key-configurations/${cfg.id}`;
    const p1 = await api(path, { method: 'PATCH', token, body: { description: null, access: { models: { allow: [] } } } });
    expect(p1.status).toBe(200);
    expect(p1.json).toMatchObject({ name: 'c', metadata: 'm', access: { models: { allow: [] } } });
    expect(p1.json.access.providers).toBeUndefined();
    expect('description' in p1.json).toBe(false);
    expect(p1.json.router.rules[0].steps[0].keys[0].id).toBe(k1.id);

    const p2 = await api(path, {
      method: 'PATCH',
      token,
      body: { router: { rules: [{ provider: 'anthropic', steps: [{ type: 'user', keys: [{ id: k2.id }] }] }] } },
    });
    expect(p2.json.router).toEqual({
      rules: [{ provider: 'anthropic', steps: [{ type: 'user', keys: [{ id: k2.id, name: 'k2', keyRedacted: k2.keyRedacted }] }] }],
    });

    const p3 = await api(path, { method: 'PATCH', token, body: { router: null, access: null, metadata: null } });
    expect(Object.keys(p3.json).sort()).toEqual([
      'accessKeyCount',
      'createdAt',
      'createdBy',
      'id',
      'lastUpdatedBy',
      'name',
      'updatedAt',
      'uri',
    ]);

    expectError(await api(path, { method: 'PATCH', token, body: { name: null } }), 400);
    expectError(
      await api(path, {
        method: 'PATCH',
        token,
        body: { router: { rules: [{ steps: [{ type: 'user', keys: [{ id: 'aigpk_gone' }] }] }] } },
      }),
      400,
    );
    expectError(await api(path, { method: 'PATCH', token, body: { routers: null } }), 400);
    expect((await api(path, { token })).json).toEqual(p3.json);
  });

  it('refuses to delete a linked configuration with 409 until it is unlinked', async () => {
    const token = freshToken('link');
    const acc = sim.account(token);
    const cfg = acc.createAccessKeyConfiguration({ name: 'linked' });
    const ak = acc.createAccessKey({ name: 'user', accessKeyConfigurationId: cfg.id });
    expectError(await api(`/access-key-configurations/${cfg.id}`, { method: 'DELETE', token }), 409);
    const unlinked = await api(`/access-keys/${ak.id}`, { method: 'PATCH', token, body: { accessKeyConfigurationId: null } });
    expect(unlinked.json.accessKeyConfiguration).toBeNull();
    const del = await api(`/access-key-configurations/${cfg.id}`, { method: 'DELETE', token });
    expect(del.status).toBe(204);
    expectError(await api(`/access-key-configurations/${cfg.id}`, { token }), 404);
  });

  it('drops a deleted provider key from routers', async () => {
    const token = freshToken('cascade');
    const acc = sim.account(token);
    const k = acc.createProviderKey({ providerId: 'openai', name: 'k', value: 'sk-cascade-0123456789' });
    const cfg = acc.createAccessKeyConfiguration({
      name: 'c',
      router: { rules: [{ provider: 'openai', steps: [{ type: 'user', keys: [{ id: k.id }] }] }] },
    });
    expect((await api(`/provider-keys/${k.id}`, { method: 'DELETE', token })).status).toBe(204);
    expect((await api(`/access-key-configurations/${cfg.id}`, { token })).json.router.rules[0].steps[0].keys).toEqual([]);
  });
});

describe('access keys', () => {
  it('returns the token only on create and links configurations as {id, uri, name}', async () => {
    const token = freshToken('ak');
    const cfg = sim.account(token).createAccessKeyConfiguration({ name: 'scope' });
    const created = await api('/access-keys', { method: 'POST', token, body: { name: 'app', accessKeyConfigurationId: cfg.id } });
    expect(created.status).toBe(201);
    expect(created.json.token).toMatch(/^ng-[a-z0-9]{5}-g1-[A-Za-z0-9]+$/);
    expect(created.json.id).toMatch(/^aigk_[0-9a-z]{13}$/);
    expect(created.json.keyRedacted).toBe(`${created.json.token.slice(0, 10)}***${created.json.token.slice(-4)}`);
    expect(created.json.accessKeyConfiguration).toEqual({
      id: cfg.id,
      uri: `${sim.url}/access-key-configurations/${cfg.id}`,
      name: 'scope',
    });
    expect('accessKeyConfigurationId' in created.json).toBe(false);

    const got = await api(`/access-keys/${created.json.id}`, { token });
    expect('token' in got.json).toBe(false);
    expect(got.text).not.toContain(created.json.token);
    const list = await api('/access-keys', { token });
    expect(list.text).not.toContain(created.json.token);
    expect(list.json.aiGatewayAccessKeys[0]).toEqual(got.json);

    const empty = await api('/access-keys', { method: 'POST', token, rawBody: '' });
    expect(empty.status).toBe(201);
    expect(empty.json.accessKeyConfiguration).toBeNull();
    expect(empty.json.name).toBeUndefined();
    expectError(await api('/access-keys', { method: 'POST', token, body: { accessKeyConfigurationId: 'aigac_nope' } }), 400);
    expectError(await api('/access-keys', { method: 'POST', token, body: { token: 'x' } }), 400);
  });

  it('PATCH: omit keeps, null clears, unknown configuration is 400', async () => {
    const token = freshToken('akpatch');
    const acc = sim.account(token);
    const cfg = acc.createAccessKeyConfiguration({ name: 'c1' });
    const ak = acc.createAccessKey({ name: 'n', description: 'd', metadata: 'm' });
    const path = `/access-keys/${ak.id}`;
    const p1 = await api(path, { method: 'PATCH', token, body: { name: null, accessKeyConfigurationId: cfg.id } });
    expect(p1.json).toMatchObject({ description: 'd', metadata: 'm', accessKeyConfiguration: { id: cfg.id, name: 'c1' } });
    expect('name' in p1.json).toBe(false);
    const p2 = await api(path, { method: 'PATCH', token, body: { description: 'new' } });
    expect(p2.json).toMatchObject({ description: 'new', accessKeyConfiguration: { id: cfg.id } });
    expectError(await api(path, { method: 'PATCH', token, body: { accessKeyConfigurationId: 'aigac_nope' } }), 400);
    expect((await api(path, { method: 'DELETE', token })).status).toBe(204);
    expectError(await api(path, { token }), 404);
  });
});

describe('robustness', () => {
  it('answers unknown routes, wrong methods and malformed JSON in the Error shape', async () => {
    expectError(await api('/nope'), 404);
    expectError(await api('/provider-keys/x/y/z'), 404);
    const wrong = await api('/provider-keys', { method: 'PUT', body: {} });
    expectError(wrong, 405);
    expect(wrong.headers.get('allow')).toBe('GET, POST');
    expectError(await api('/provider-keys', { method: 'POST', rawBody: '{"providerId":' }), 400);
    expectError(await api('/provider-keys', { method: 'POST', rawBody: '"just a string"' }), 400);
    expect((await api('/provider-keys?limit=1')).status).toBe(200); // still alive
  });

  it('never returns a stored secret in any GET or list', async () => {
    const token = freshToken('leak');
    const acc = sim.account(token);
    const k = acc.createProviderKey({ providerId: 'openai', name: 'k', value: 'sk-LEAKCHECK-provider-0123456789' });
    acc.createAccessKeyConfiguration({
      name: 'c',
      router: {
        rules: [
          { provider: 'openai', steps: [{ type: 'user', keys: [{ id: k.id }, { name: 'i', value: 'sk-LEAKCHECK-inline-0123456789' }] }] },
        ],
      },
    });
    acc.createAccessKey({ name: 'a', token: 'ng-LEAKC-g1-LEAKCHECKaccesskeytoken0123456789' });
    const secrets = [
      ...acc.listProviderKeys().map((p) => p.secret),
      ...acc.listAccessKeys().map((a) => a.token),
      ...sim
        .account('demo')
        .listProviderKeys()
        .map((p) => p.secret),
      ...sim
        .account('demo')
        .listAccessKeys()
        .map((a) => a.token),
    ];
    const bodies: string[] = [];
    for (const t of [token, 'demo']) {
      for (const path of ['/provider-keys', '/access-key-configurations', '/access-keys']) {
        const list = await api(path, { token: t });
        bodies.push(list.text);
        for (const item of Object.values(list.json).find(Array.isArray) as Array<{ uri: string }>) {
          bodies.push((await api(item.uri, { token: t })).text);
        }
      }
    }
    for (const body of bodies) for (const secret of secrets) expect(body).not.toContain(secret);
  });

  it('reset() wipes accounts and re-seeds the demo deterministically', async () => {
    const token = freshToken('reset');
    sim.account(token).createProviderKey({ providerId: 'openai', name: 'k', value: 'sk-reset-0123456789' });
    const before = (await api('/provider-keys')).json;
    sim.account('demo').deleteAccessKey(sim.account('demo').listAccessKeys()[0]!.id);
    sim.reset();
    expect((await api('/provider-keys', { token })).json.aiGatewayProviderKeys).toEqual([]);
    expect((await api('/provider-keys')).json).toEqual(before);
    expect((await api('/access-keys')).json.aiGatewayAccessKeys).toHaveLength(5);
  });

  it('can start without demo data', async () => {
    const bare = await startAiGatewaySimulator({ seedDemo: false });
    try {
      expectError(await call(bare.url, '/provider-keys'), 401); // no demo account
      expect((await call(bare.url, '/provider-keys', { token: freshToken() })).json.aiGatewayProviderKeys).toEqual([]);
    } finally {
      await bare.close();
    }
  });
});
