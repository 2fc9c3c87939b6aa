// OpenRouter simulator: GET /credits and GET /activity over real HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOpenRouterSimulator, type OpenRouterSimulator } from '../../src/simulator/index.ts';
import { call, freshToken, type CallOptions } from './helpers.ts';
import { schemaProblems } from '../helpers/contract.ts';

const DAY = 86_400_000;
let sim: OpenRouterSimulator;
beforeAll(async () => {
  sim = await startOpenRouterSimulator({ port: 0 });
});
afterAll(() => sim.close());

const api = (path: string, opts?: CallOptions) => call(sim.url, path, opts);
const micros = (usd: number) => BigInt(Math.round(usd * 1e6));
const utcDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

interface Row {
  date: string;
  model: string;
  endpoint_id: string;
  usage: number;
  byok_usage_inference: number;
  requests: number;
  prompt_tokens: number;
  completion_tokens: number;
  reasoning_tokens: number;
}

async function allKeyHashes(): Promise<Array<{ hash: string; usage: number }>> {
  const keys: Array<{ hash: string; usage: number }> = [];
  for (let offset = 0; ; offset += 100) {
    const page = (await api(`/keys?include_disabled=true&offset=${offset}`)).json.data;
    keys.push(...page);
    if (page.length < 100) return keys;
  }
}

describe('GET /credits', () => {
  it('demo: credits cover the usage, which is the sum of the keys usage', async () => {
    const res = await api('/credits');
    expect(res.status).toBe(200);
    expect(schemaProblems('openrouter', 'CreditsResponse', res.json)).toEqual([]);
    const { total_credits, total_usage } = res.json.data;
    expect(total_credits).toBeGreaterThan(total_usage);
    const keys = await allKeyHashes();
    expect(micros(total_usage)).toBe(keys.reduce((sum, k) => sum + micros(k.usage), 0n));
  });

  it('a fresh account has zero; an inference key is refused; no key is 401', async () => {
    expect((await api('/credits', { token: freshToken('or') })).json).toEqual({ data: { total_credits: 0, total_usage: 0 } });
    const created = await api('/keys', { method: 'POST', body: { name: 'inference' } });
    for (const path of ['/credits', '/activity']) {
      expect((await api(path, { token: created.json.key })).status).toBe(403);
      expect((await api(path, { token: null })).status).toBe(401);
    }
    await api(`/keys/${created.json.data.hash}`, { method: 'DELETE' });
  });
});

describe('GET /activity', () => {
  let rows: Row[];
  beforeAll(async () => {
    rows = (await api('/activity')).json.data;
  });

  it('demo: rows of the last 30 completed UTC days, newest day first, in the contract shape', async () => {
    expect(schemaProblems('openrouter', 'ActivityResponse', { data: rows })).toEqual([]);
    expect(rows.length).toBeGreaterThan(50);
    const dates = rows.map((r) => r.date);
    expect(dates).toEqual([...dates].sort().reverse());
    expect(dates[0]! < utcDate(Date.now())).toBe(true);
    expect(dates.at(-1)! >= utcDate(Date.now() - 31 * DAY)).toBe(true);
    expect(rows.some((r) => r.byok_usage_inference > 0)).toBe(true);
    expect(rows.some((r) => r.reasoning_tokens > 0)).toBe(true);
    const keys = new Set(rows.map((r) => `${r.date} ${r.model} ${r.endpoint_id}`));
    expect(keys.size).toBe(rows.length);
  });

  it('the account rows are the sums of every key rows (api_key_hash), exactly', async () => {
    const sums = new Map<string, Record<string, bigint>>();
    let idleKeys = 0;
    for (const { hash } of await allKeyHashes()) {
      const res = await api(`/activity?api_key_hash=${hash}`);
      expect(res.status).toBe(200);
      if (res.json.data.length === 0) idleKeys++;
      for (const r of res.json.data as Row[]) {
        const key = `${r.date} ${r.model} ${r.endpoint_id}`;
        const s = sums.get(key) ?? { usage: 0n, byok: 0n, requests: 0n, prompt: 0n, completion: 0n, reasoning: 0n };
        s.usage! += micros(r.usage);
        s.byok! += micros(r.byok_usage_inference);
        s.requests! += BigInt(r.requests);
        s.prompt! += BigInt(r.prompt_tokens);
        s.completion! += BigInt(r.completion_tokens);
        s.reasoning! += BigInt(r.reasoning_tokens);
        sums.set(key, s);
      }
    }
    expect(idleKeys).toBeGreaterThan(0);
    const account = new Map(
      rows.map((r) => [
        `${r.date} ${r.model} ${r.endpoint_id}`,
        {
          usage: micros(r.usage),
          byok: micros(r.byok_usage_inference),
          requests: BigInt(r.requests),
          prompt: BigInt(r.prompt_tokens),
          completion: BigInt(r.completion_tokens),
          reasoning: BigInt(r.reasoning_tokens),
        },
      ]),
    );
    expect(account).toEqual(sums);
  });

  it('date keeps one day, alone or with api_key_hash', async () => {
    const day = rows[5]!.date;
    const res = await api(`/activity?date=${day}`);
    expect(res.json.data).toEqual(rows.filter((r) => r.date === day));
    const hash = (await allKeyHashes())[0]!.hash;
    const keyRows = (await api(`/activity?api_key_hash=${hash}`)).json.data as Row[];
    expect((await api(`/activity?api_key_hash=${hash}&date=${day}`)).json.data).toEqual(keyRows.filter((r) => r.date === day));
  });

  it.each(['2026-13-01', '2026-02-30', '20260101', 'yesterday', utcDate(Date.now()), utcDate(Date.now() - 40 * DAY)])(
    'date=%s → 400',
    async (date) => {
      const res = await api(`/activity?date=${date}`);
      expect(res.status).toBe(400);
      expect(schemaProblems('openrouter', 'ErrorResponse', res.json)).toEqual([]);
    },
  );

  it('an unknown key hash and a fresh account have no rows', async () => {
    expect((await api('/activity?api_key_hash=0000')).json).toEqual({ data: [] });
    expect((await api('/activity', { token: freshToken('or') })).json).toEqual({ data: [] });
  });
});
