import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { goDurationNanos } from '../../src/contract/go-duration.ts';
import { type AiGatewaySimulator, startAiGatewaySimulator } from '../../src/simulator/index.ts';
import { type CallOptions, call, expectAiGatewayError, freshToken } from './helpers.ts';

let sim: AiGatewaySimulator;
beforeAll(async () => {
  sim = await startAiGatewaySimulator({ port: 0 });
});
afterAll(() => sim.close());

const api = (path: string, opts?: CallOptions) => call(sim.url, path, opts);
const patch = (token: string, body: unknown) => api('/gateway-config', { method: 'PATCH', token, body });

describe('gateway configuration', () => {
  it('starts from the documented defaults, per account', async () => {
    const token = freshToken('cfg');
    const res = await api('/gateway-config', { token });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      accountId: expect.stringMatching(/^ac_/),
      uri: `${sim.url}/gateway-config`,
      totalTimeout: '120s',
      perRequestTimeout: '60s',
      maxInputTokens: 1_000_000,
      maxOutputTokens: 128_000,
      metadata: null,
    });
    expect((await api('/gateway-config', { token })).json.accountId).toBe(res.json.accountId);
    expect((await api('/gateway-config', { token: freshToken('cfg-other') })).json.accountId).not.toBe(res.json.accountId);
  });

  it('keeps omitted fields, removes a cap with null and sets one with a number', async () => {
    const token = freshToken('cfg-patch');
    const set = await patch(token, { totalTimeout: '1m30s', maxInputTokens: null, maxOutputTokens: 4096, metadata: '{"a":1}' });
    expect(set.status).toBe(200);
    expect(set.json).toMatchObject({
      totalTimeout: '1m30s',
      perRequestTimeout: '60s',
      maxInputTokens: null,
      maxOutputTokens: 4096,
      metadata: '{"a":1}',
    });
    expect((await api('/gateway-config', { token })).json).toEqual(set.json);
    const kept = await patch(token, { perRequestTimeout: '45s', metadata: null });
    expect(kept.json).toMatchObject({
      totalTimeout: '1m30s',
      perRequestTimeout: '45s',
      maxInputTokens: null,
      maxOutputTokens: 4096,
      metadata: null,
    });
    expect((await patch(token, { maxInputTokens: 2 ** 40 })).json.maxInputTokens).toBe(2 ** 40);
    expect((await patch(token, {})).json).toMatchObject({ maxInputTokens: 2 ** 40, maxOutputTokens: 4096 });
  });

  it('refuses anything but a positive Go duration for the timeouts, and leaves everything as it was', async () => {
    const token = freshToken('cfg-bad');
    const before = (await api('/gateway-config', { token })).json;
    for (const value of ['ninety', '-5s', '', '0s', '0', '5', '5 s', '1d', 'm', null, 90]) {
      expectAiGatewayError(await patch(token, { totalTimeout: value, maxOutputTokens: 1 }), 400, 'totalTimeout');
      expectAiGatewayError(await patch(token, { perRequestTimeout: value }), 400, 'perRequestTimeout');
    }
    for (const value of [1.5, -1, 0, '100', 2 ** 53, true]) {
      expectAiGatewayError(await patch(token, { maxInputTokens: value }), 400, 'maxInputTokens');
    }
    expectAiGatewayError(await patch(token, { metadata: 'x'.repeat(4097) }), 400, 'metadata');
    expectAiGatewayError(await patch(token, { timeout: '1s' }), 400, 'timeout');
    expect((await api('/gateway-config', { token })).json).toEqual(before);
  });

  it('reads Go durations as time.ParseDuration does', () => {
    expect(goDurationNanos('90s')).toBe(90e9);
    expect(goDurationNanos('2m')).toBe(120e9);
    expect(goDurationNanos('1m30s')).toBe(90e9);
    expect(goDurationNanos('1.5h')).toBe(5400e9);
    expect(goDurationNanos('250ms')).toBe(250e6);
    expect(goDurationNanos('-5s')).toBe(-5e9);
    expect(goDurationNanos('0')).toBe(0);
    for (const bad of ['', 'ninety', '5', 's', '1d', '1h 2m', '.s']) expect(goDurationNanos(bad)).toBeUndefined();
  });

  it('is seeded for the demo account', async () => {
    expect((await api('/gateway-config')).json).toMatchObject({ totalTimeout: '120s', perRequestTimeout: '45s', maxOutputTokens: 64_000 });
  });
});
