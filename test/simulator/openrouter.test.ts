import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FRESH_ACCOUNT_PREFIX, startOpenRouterSimulator, type OpenRouterSimulator } from '../../src/simulator/index.ts';
import { call, freshToken, type CallOptions } from './helpers.ts';

let sim: OpenRouterSimulator;
beforeAll(async () => {
  sim = await startOpenRouterSimulator({ port: 0 });
});
afterAll(() => sim.close());

const api = (path: string, opts?: CallOptions) => call(sim.url, path, opts);

function expectError(res: { status: number; json: unknown }, status: number): void {
  expect(res.status).toBe(status);
  expect(res.json).toMatchObject({ error: { code: status, message: expect.any(String) } });
}

const API_KEY_FIELDS = [
  'byok_usage',
  'byok_usage_daily',
  'byok_usage_monthly',
  'byok_usage_weekly',
  'created_at',
  'creator_user_id',
  'disabled',
  'expires_at',
  'hash',
  'include_byok_in_limit',
  'label',
  'limit',
  'limit_remaining',
  'limit_reset',
  'name',
  'updated_at',
  'usage',
  'usage_daily',
  'usage_monthly',
  'usage_weekly',
  'workspace_id',
];

describe('auth and accounts', () => {
  it('answers 401 {error:{code,message}} without a bearer key', async () => {
    expect(sim.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v1$/);
    for (const path of ['/keys', '/key', '/keys/abc']) {
      const res = await api(path, { token: null });
      expectError(res, 401);
      expect(res.headers.get('content-type')).toBe('application/json');
    }
  });

  it('answers 401 {error:{code,message}} to a key no account has, like the real API, without echoing it', async () => {
    for (const token of ['demo-typo', 'sk-or-v1-not-a-key', `x${freshToken()}`]) {
      for (const path of ['/keys', '/key']) {
        const res = await api(path, { token });
        expectError(res, 401);
        expect(res.json).toEqual({ error: { code: 401, message: 'User not found.' } });
        expect(res.text).not.toContain(token);
      }
    }
  });

  it('opens a new empty account for a management key starting with "fresh-", the same one on every use', async () => {
    const token = freshToken('open');
    expect(token.startsWith(FRESH_ACCOUNT_PREFIX)).toBe(true);
    expect((await api('/keys', { token })).json.data).toEqual([]);
    expect((await api('/keys', { token, method: 'POST', body: { name: 'n' } })).status).toBe(201);
    expect((await api('/keys', { token })).json.data).toHaveLength(1);
    expect((await api('/keys', { token: freshToken('other') })).json.data).toEqual([]);
  });

  it('keeps each management key in its own account', async () => {
    const a = freshToken('a');
    const created = await api('/keys', { method: 'POST', token: a, body: { name: 'mine' } });
    expect((await api('/keys', { token: a })).json.data).toHaveLength(1);
    expect((await api('/keys', { token: freshToken('b') })).json).toEqual({ data: [] });
    expectError(await api(`/keys/${created.json.data.hash}`, { token: freshToken('b') }), 404);
  });

  it('treats a created key secret as an inference key: /key describes it, /keys is 403', async () => {
    const token = freshToken('inf');
    const created = await api('/keys', { method: 'POST', token, body: { name: 'inference', limit: 10 } });
    const me = await api('/key', { token: created.json.key });
    expect(me.json.data).toMatchObject({ label: created.json.data.label, limit: 10, is_management_key: false, is_provisioning_key: false });
    expectError(await api('/keys', { token: created.json.key }), 403);
    expectError(await api('/keys', { method: 'POST', token: created.json.key, body: { name: 'x' } }), 403);
    const mgmt = await api('/key', { token });
    expect(mgmt.json.data).toMatchObject({ is_management_key: true, is_provisioning_key: true, limit: null, limit_remaining: null });
    expect(Object.keys(mgmt.json.data)).toEqual(
      expect.arrayContaining(['label', 'usage', 'byok_usage', 'is_free_tier', 'creator_user_id', 'rate_limit']),
    );
    expect(mgmt.json.data).not.toHaveProperty('hash');
  });
});

describe('listing', () => {
  it('pages by fixed 100 with offset across 250 keys, newest first', async () => {
    const token = freshToken('page');
    const acc = sim.account(token);
    const hashes = Array.from({ length: 250 }, (_, i) => acc.createKey({ name: `k${i}` }).hash);
    const pages = await Promise.all([0, 100, 200, 250, 300].map((o) => api(`/keys?offset=${o}`, { token })));
    expect(pages.map((p) => p.json.data.length)).toEqual([100, 100, 50, 0, 0]);
    const seen = pages.flatMap((p) => p.json.data.map((k: { hash: string }) => k.hash));
    expect(seen).toEqual([...hashes].reverse());
    expect(Object.keys(pages[0]!.json)).toEqual(['data']);
    expect((await api('/keys', { token })).json).toEqual(pages[0]!.json);
    expect(Object.keys(pages[0]!.json.data[0]).sort()).toEqual(API_KEY_FIELDS);
  });

  it('hides disabled keys unless include_disabled=true', async () => {
    const token = freshToken('dis');
    const acc = sim.account(token);
    acc.createKey({ name: 'on' });
    acc.createKey({ name: 'off', disabled: true });
    const names = async (q: string) => (await api(`/keys${q}`, { token })).json.data.map((k: { name: string }) => k.name);
    expect(await names('')).toEqual(['on']);
    expect(await names('?include_disabled=false')).toEqual(['on']);
    expect(await names('?include_disabled=true')).toEqual(['off', 'on']);
  });

  it('rejects bad offset and include_disabled values', async () => {
    for (const q of ['offset=-1', 'offset=abc', 'offset=1.5', 'include_disabled=yes', 'workspace_id=nope'])
      expectError(await api(`/keys?${q}`), 400);
  });

  it('serves the demo key set with more than 100 keys and mixed timestamp formats', async () => {
    const all = [
      ...(await api('/keys?include_disabled=true')).json.data,
      ...(await api('/keys?include_disabled=true&offset=100')).json.data,
    ] as Array<{
      disabled: boolean;
      created_at: string;
      hash: string;
      label: string;
      limit: number | null;
      limit_remaining: number | null;
    }>;
    expect(all.length).toBe(130);
    expect(new Set(all.map((k) => k.hash)).size).toBe(130);
    expect(all.filter((k) => k.disabled).length).toBeGreaterThan(2);
    expect(all.some((k) => k.created_at.endsWith('+00:00'))).toBe(true);
    expect(all.some((k) => k.created_at.endsWith('Z'))).toBe(true);
    expect(all.every((k) => /^[0-9a-f]{64}$/.test(k.hash) && /^sk-or-v1-\w{3}\.\.\.\w{3}$/.test(k.label))).toBe(true);
    expect(all.some((k) => k.limit === null && k.limit_remaining === null)).toBe(true);
    expect(all.some((k) => k.limit !== null && k.limit_remaining !== null && k.limit_remaining < k.limit)).toBe(true);
    const enabled = (await api('/keys?offset=100')).json.data.length + 100;
    expect(enabled).toBe(all.filter((k) => !k.disabled).length);
  });
});

describe('create, get, update, delete', () => {
  it('returns the secret once on create and never again', async () => {
    const token = freshToken('crud');
    const created = await api('/keys', {
      method: 'POST',
      token,
      body: { name: 'ci', limit: 25, limit_reset: 'weekly', include_byok_in_limit: true, expires_at: '2027-03-01T00:00:00Z' },
    });
    expect(created.status).toBe(201);
    expect(Object.keys(created.json).sort()).toEqual(['data', 'key']);
    const { data, key } = created.json;
    expect(key).toMatch(/^sk-or-v1-[0-9a-f]{64}$/);
    expect(data).toMatchObject({
      name: 'ci',
      disabled: false,
      limit: 25,
      limit_remaining: 25,
      limit_reset: 'weekly',
      include_byok_in_limit: true,
      usage: 0,
      byok_usage: 0,
      updated_at: null,
      expires_at: '2027-03-01T00:00:00Z',
      label: `sk-or-v1-${key.slice(9, 12)}...${key.slice(-3)}`,
    });
    expect(data.hash).toMatch(/^[0-9a-f]{64}$/);
    const got = await api(`/keys/${data.hash}`, { token });
    expect(got.json).toEqual({ data });
    const listed = await api('/keys?include_disabled=true', { token });
    for (const text of [got.text, listed.text]) expect(text).not.toContain(key);
  });

  it('validates create bodies', async () => {
    const token = freshToken('val');
    for (const body of [
      {},
      { name: '' },
      { name: 5 },
      { name: 'x', limit: 'ten' },
      { name: 'x', limit: -1 },
      { name: 'x', limit_reset: 'yearly' },
      { name: 'x', include_byok_in_limit: 'yes' },
      { name: 'x', expires_at: '2027-03-01T00:00:00+02:00' },
      { name: 'x', expires_at: 'tomorrow' },
      { name: 'x', workspace_id: 'not-a-uuid' },
      { name: 'x', creator_user_id: '' },
      { name: 'x', disabled: true },
    ]) {
      expectError(await api('/keys', { method: 'POST', token, body }), 400);
    }
    expectError(await api('/keys', { method: 'POST', token, rawBody: '{"name":' }), 400);
    const ok = await api('/keys', {
      method: 'POST',
      token,
      body: { name: 'x', limit: null, limit_reset: null, expires_at: null, creator_user_id: null },
    });
    expect(ok.status).toBe(201);
    expect(ok.json.data).toMatchObject({ limit: null, limit_reset: null, expires_at: null, creator_user_id: null });
  });

  it('PATCH: omitted unchanged, null clears limit/limit_reset, other nulls and fields are 400', async () => {
    const token = freshToken('patch');
    const rec = sim.account(token).createKey({ name: 'n', limit: 10, limit_reset: 'daily', include_byok_in_limit: true });
    const path = `/keys/${rec.hash}`;
    const p1 = await api(path, { method: 'PATCH', token, body: { limit: null } });
    expect(p1.status).toBe(200);
    expect(p1.json.data).toMatchObject({
      name: 'n',
      limit: null,
      limit_remaining: null,
      limit_reset: 'daily',
      include_byok_in_limit: true,
    });
    expect(p1.json.data.updated_at).toMatch(/Z$/);
    const p2 = await api(path, {
      method: 'PATCH',
      token,
      body: { limit_reset: null, disabled: true, name: 'renamed', include_byok_in_limit: false },
    });
    expect(p2.json.data).toMatchObject({ name: 'renamed', disabled: true, limit_reset: null, include_byok_in_limit: false });
    expect(p2.json.data.updated_at >= p1.json.data.updated_at).toBe(true);
    for (const body of [
      { name: null },
      { disabled: null },
      { include_byok_in_limit: null },
      { expires_at: null },
      { workspace_id: 'x' },
      { limit: 'x' },
      { limit_reset: 'hourly' },
    ]) {
      expectError(await api(path, { method: 'PATCH', token, body }), 400);
    }
    expectError(await api(`/keys/${'0'.repeat(64)}`, { method: 'PATCH', token, body: {} }), 404);
    expect((await api(path, { token })).json.data.name).toBe('renamed');
  });

  it('deletes with 200 {deleted:true} and 404s afterwards', async () => {
    const token = freshToken('del');
    const rec = sim.account(token).createKey({ name: 'gone' });
    const res = await api(`/keys/${rec.hash}`, { method: 'DELETE', token });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ deleted: true });
    expectError(await api(`/keys/${rec.hash}`, { token }), 404);
    expectError(await api(`/keys/${rec.hash}`, { method: 'DELETE', token }), 404);
  });

  it('answers unknown routes and wrong methods in the OpenRouter error shape', async () => {
    expectError(await api('/nope'), 404);
    expectError(await call(sim.url.replace('/api/v1', ''), '/keys'), 404);
    expectError(await api('/keys', { method: 'PUT', body: {} }), 405);
    expectError(await api('/key', { method: 'DELETE' }), 405);
  });

  it('never returns a demo secret in any GET or list', async () => {
    const secrets = [...sim.account('demo').keys.values()].map((k) => k.secret);
    const first = await api('/keys?include_disabled=true');
    const second = await api('/keys?include_disabled=true&offset=100');
    const one = await api(`/keys/${first.json.data[0].hash}`);
    for (const text of [first.text, second.text, one.text]) for (const s of secrets) expect(text).not.toContain(s);
  });
});
