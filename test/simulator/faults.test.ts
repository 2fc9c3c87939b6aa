import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  startAiGatewaySimulator,
  startOpenRouterSimulator,
  type AiGatewaySimulator,
  type OpenRouterSimulator,
} from '../../src/simulator/index.ts';
import { call, type CallOptions } from './helpers.ts';

let sim: AiGatewaySimulator;
let or: OpenRouterSimulator;
beforeAll(async () => {
  [sim, or] = await Promise.all([startAiGatewaySimulator(), startOpenRouterSimulator()]);
});
afterAll(() => Promise.all([sim.close(), or.close()]));
beforeEach(() => {
  sim.clearFaults();
  sim.clearRequests();
  or.clearFaults();
});

const api = (path: string, opts?: CallOptions) => call(sim.url, path, opts);
const admin = (path: string, init: RequestInit = {}) => fetch(`${sim.url}/__simulator${path}`, init);

describe('fault kinds', () => {
  it('delays the real answer', async () => {
    sim.injectFault({ delayMs: 150 });
    const t0 = Date.now();
    const res = await api('/provider-keys?limit=1');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
    expect(res.status).toBe(200);
    expect(res.json.aiGatewayProviderKeys).toHaveLength(1);
  });

  it('answers a status with headers and a default body in the API error shape', async () => {
    sim.injectFault({ status: 429, headers: { 'Retry-After': '3' } });
    const res = await api('/provider-keys');
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('3');
    expect(res.json).toMatchObject({ statusCode: 429, msg: expect.any(String), details: {} });

    or.injectFault({ status: 503 });
    const orRes = await call(or.url, '/keys');
    expect(orRes.status).toBe(503);
    expect(orRes.json).toEqual({ error: { code: 503, message: expect.any(String) } });
  });

  it('sends a custom string or object body', async () => {
    sim.injectFault({ status: 502, body: '<html>bad gateway</html>' });
    const html = await api('/provider-keys');
    expect([html.status, html.text, html.headers.get('content-type')]).toEqual([
      502,
      '<html>bad gateway</html>',
      'text/plain; charset=utf-8',
    ]);
    sim.injectFault({ status: 200, body: { unexpected: true } });
    expect((await api('/provider-keys')).json).toEqual({ unexpected: true });
  });

  it('answers a redirect without following it', async () => {
    sim.injectFault({ status: 302, headers: { Location: 'http://127.0.0.2:9/steal' } });
    const res = await api('/provider-keys', { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('http://127.0.0.2:9/steal');
  });

  it('resets the connection', async () => {
    sim.injectFault({ reset: true });
    await expect(api('/provider-keys')).rejects.toThrow();
    expect((await api('/provider-keys?limit=1')).status).toBe(200);
  });

  it('sends truncated JSON', async () => {
    sim.injectFault({ malformedJson: true });
    const res = await fetch(`${sim.url}/provider-keys`, { headers: { authorization: 'Bearer demo' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    await expect(res.json()).rejects.toThrow(SyntaxError);
  });

  it('hangs until the client gives up', async () => {
    sim.injectFault({ hang: true });
    const t0 = Date.now();
    await expect(api('/provider-keys', { signal: AbortSignal.timeout(200) })).rejects.toThrow();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(190);
    expect((await api('/provider-keys?limit=1')).status).toBe(200);
  });

  it('overrides nextPageUri on the real list answer', async () => {
    sim.injectFault({ nextPageUri: 'http://127.0.0.2:9/provider-keys?beforeId=evil', match: { method: 'GET' } });
    const res = await api('/provider-keys?limit=2');
    expect(res.json.aiGatewayProviderKeys).toHaveLength(2);
    expect(res.json.nextPageUri).toBe('http://127.0.0.2:9/provider-keys?beforeId=evil');
    expect((await api('/provider-keys?limit=2')).json.nextPageUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/provider-keys\?beforeId=/);
  });
});

describe('fault matching and consumption', () => {
  it('uses up `times` and then answers normally', async () => {
    sim.injectFault({ status: 503, times: 2 });
    expect((await api('/access-keys')).status).toBe(503);
    expect((await api('/access-keys')).status).toBe(503);
    expect((await api('/access-keys')).status).toBe(200);
  });

  it('consumes faults in injection order and only for matching requests', async () => {
    sim.injectFault({ status: 500, match: { method: 'POST' } });
    sim.injectFault({ status: 502, match: { path: '/access-keys' } });
    sim.injectFault({ status: 503, match: { path: /^\/provider-keys\/[^/]+$/ } });
    sim.injectFault({ status: 504 });
    expect((await api('/access-keys')).status).toBe(502);
    expect((await api('/provider-keys/aigpk_x')).status).toBe(503);
    expect((await api('/access-key-configurations', { method: 'POST', body: { name: 'x' } })).status).toBe(500);
    expect((await api('/provider-keys')).status).toBe(504);
    expect((await api('/provider-keys?limit=1')).status).toBe(200);
  });

  it('supports endless faults until cleared', async () => {
    sim.injectFault({ status: 500, times: Infinity });
    for (let i = 0; i < 5; i++) expect((await api('/access-keys')).status).toBe(500);
    sim.clearFaults();
    expect((await api('/access-keys')).status).toBe(200);
  });
});

describe('request recording', () => {
  it('records method, path, query, lower-case headers and bodies, faulted requests included', async () => {
    sim.injectFault({ status: 500 });
    await api('/provider-keys?limit=3&provider=openai', { headers: { 'X-Trace': 'abc' } });
    await api('/access-key-configurations', { method: 'POST', body: { name: 'recorded' } });
    await api('/access-keys', { method: 'POST', rawBody: '{broken' });
    const [a, b, c] = sim.requests;
    expect(sim.requests).toHaveLength(3);
    expect(a).toMatchObject({
      method: 'GET',
      path: '/provider-keys',
      query: { limit: '3', provider: 'openai' },
      rawBody: '',
      body: undefined,
    });
    expect(a!.headers['x-trace']).toBe('abc');
    expect(a!.headers.authorization).toBe('Bearer demo');
    expect(typeof a!.at).toBe('number');
    expect(b).toMatchObject({
      method: 'POST',
      path: '/access-key-configurations',
      rawBody: '{"name":"recorded"}',
      body: { name: 'recorded' },
    });
    expect(c).toMatchObject({ rawBody: '{broken', body: undefined });
    sim.clearRequests();
    expect(sim.requests).toEqual([]);
  });
});

describe('admin HTTP API', () => {
  it('injects, lists and clears faults without a token and without being recorded', async () => {
    const post = await admin('/faults', {
      method: 'POST',
      body: JSON.stringify({
        match: { method: 'GET', pathRegex: '^/access-keys$' },
        status: 429,
        headers: { 'Retry-After': '1' },
        times: 'Infinity',
      }),
    });
    expect(post.status).toBe(201);
    const listed = await (await admin('/faults')).json();
    expect(listed.faults[0]).toMatchObject({ match: { method: 'GET', pathRegex: expect.any(String) }, status: 429, times: 'Infinity' });
    expect(new RegExp(listed.faults[0].match.pathRegex).test('/access-keys')).toBe(true);
    expect((await api('/access-keys')).status).toBe(429);
    expect((await api('/access-keys')).status).toBe(429);
    expect((await api('/provider-keys?limit=1')).status).toBe(200);
    expect((await admin('/faults', { method: 'DELETE' })).status).toBe(204);
    expect((await api('/access-keys')).status).toBe(200);

    const recorded = await (await admin('/requests')).json();
    expect(recorded.requests.map((r: { path: string }) => r.path)).toEqual([
      '/access-keys',
      '/access-keys',
      '/provider-keys',
      '/access-keys',
    ]);
    expect((await admin('/requests', { method: 'DELETE' })).status).toBe(204);
    expect(sim.requests).toEqual([]);
  });

  it('accepts a plain path and rejects invalid faults', async () => {
    expect(
      (await admin('/faults', { method: 'POST', body: JSON.stringify({ match: { path: '/access-keys' }, malformedJson: true }) })).status,
    ).toBe(201);
    const res = await fetch(`${sim.url}/access-keys`, { headers: { authorization: 'Bearer demo' } });
    await expect(res.json()).rejects.toThrow();
    for (const body of ['{', '[]', '{"status":99}', '{"bogus":1}', '{"match":{"pathRegex":5}}', '{"times":"often"}']) {
      expect((await admin('/faults', { method: 'POST', body })).status).toBe(400);
    }
    expect((await admin('/nope')).status).toBe(404);
    expect((await admin('/faults', { method: 'PUT' })).status).toBe(405);
  });

  it('resets the data over HTTP', async () => {
    sim.account('demo').createProviderKey({ providerId: 'openai', name: 'extra', value: 'sk-extra-0123456789' });
    const before = (await api('/provider-keys')).json.aiGatewayProviderKeys.length;
    expect((await admin('/reset', { method: 'POST' })).status).toBe(204);
    expect((await api('/provider-keys')).json.aiGatewayProviderKeys.length).toBe(before - 1);
  });

  it('works the same on the OpenRouter simulator', async () => {
    const res = await fetch(`${or.url.replace('/api/v1', '')}/__simulator/faults`, {
      method: 'POST',
      body: JSON.stringify({ pathRegex: '/keys$', status: 500 }),
    });
    expect(res.status).toBe(201);
    expect((await call(or.url, '/keys')).status).toBe(500);
    expect((await call(or.url, '/keys')).status).toBe(200);
  });
});
