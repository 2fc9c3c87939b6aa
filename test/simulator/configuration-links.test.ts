// The links between configurations and access keys: accessKeyCount and the list filter.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AiGatewaySimulator, startAiGatewaySimulator } from '../../src/simulator/index.ts';
import { type CallOptions, call, freshToken } from './helpers.ts';

let sim: AiGatewaySimulator;
beforeAll(async () => {
  sim = await startAiGatewaySimulator({ port: 0 });
});
afterAll(() => sim.close());

const api = (path: string, opts?: CallOptions) => call(sim.url, path, opts);

describe('configurations and their access keys', () => {
  it('count linked keys exactly as keys are linked, unlinked, relinked and deleted', async () => {
    const token = freshToken('links');
    const acc = sim.account(token);
    const a = acc.createAccessKeyConfiguration({ name: 'a' }).id;
    const b = acc.createAccessKeyConfiguration({ name: 'b' }).id;
    const counts = async () => {
      const list = (await api('/access-key-configurations', { token })).json.aiGatewayAccessKeyConfigurations;
      const single = (await api(`/access-key-configurations/${a}`, { token })).json.accessKeyCount;
      const byId = Object.fromEntries(list.map((c: { id: string; accessKeyCount: number }) => [c.id, c.accessKeyCount]));
      expect(byId[a]).toBe(single);
      return [byId[a], byId[b]];
    };
    expect(await counts()).toEqual([0, 0]);
    const k1 = (await api('/access-keys', { method: 'POST', token, body: { accessKeyConfigurationId: a } })).json.id;
    const k2 = (await api('/access-keys', { method: 'POST', token, body: { accessKeyConfigurationId: a } })).json.id;
    expect(await counts()).toEqual([2, 0]);
    await api(`/access-keys/${k1}`, { method: 'PATCH', token, body: { accessKeyConfigurationId: b } });
    expect(await counts()).toEqual([1, 1]);
    await api(`/access-keys/${k2}`, { method: 'PATCH', token, body: { accessKeyConfigurationId: null } });
    expect(await counts()).toEqual([0, 1]);
    await api(`/access-keys/${k1}`, { method: 'PATCH', token, body: { name: 'kept link' } });
    expect(await counts()).toEqual([0, 1]);
    await api(`/access-keys/${k1}`, { method: 'DELETE', token });
    expect(await counts()).toEqual([0, 0]);
    const created = await api('/access-key-configurations', { method: 'POST', token, body: { name: 'c' } });
    expect(created.json.accessKeyCount).toBe(0);
  });

  it("list one configuration's keys, newest first, with the filter carried into nextPageUri", async () => {
    const token = freshToken('links-filter');
    const acc = sim.account(token);
    const cfg = acc.createAccessKeyConfiguration({ name: 'a' }).id;
    const other = acc.createAccessKeyConfiguration({ name: 'b' }).id;
    const linked = [];
    for (let i = 0; i < 5; i++) {
      linked.push(acc.createAccessKey({ name: `in${i}`, accessKeyConfigurationId: cfg }).id);
      acc.createAccessKey({ name: `out${i}`, ...(i % 2 === 0 && { accessKeyConfigurationId: other }) });
    }
    const first = await api(`/access-keys?accessKeyConfigurationId=${cfg}&limit=3`, { token });
    const ids = first.json.aiGatewayAccessKeys.map((k: { id: string }) => k.id);
    expect(ids).toEqual([linked[4], linked[3], linked[2]]);
    expect(
      first.json.aiGatewayAccessKeys.every((k: { accessKeyConfiguration: { id: string } }) => k.accessKeyConfiguration.id === cfg),
    ).toBe(true);
    expect(first.json.nextPageUri).toBe(`${sim.url}/access-keys?beforeId=${linked[2]}&limit=3&accessKeyConfigurationId=${cfg}`);
    const second = await api(first.json.nextPageUri, { token });
    expect(second.json.aiGatewayAccessKeys.map((k: { id: string }) => k.id)).toEqual([linked[1], linked[0]]);
    expect(second.json.nextPageUri).toBeNull();
    expect((await api('/access-keys?accessKeyConfigurationId=aigac_unknown', { token })).json.aiGatewayAccessKeys).toEqual([]);
    expect((await api('/access-keys', { token })).json.aiGatewayAccessKeys).toHaveLength(10);
  });
});
