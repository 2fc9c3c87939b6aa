// openRouterCredits, openRouterActivity and OpenRouterKey.activity against the OpenRouter simulator.
import { describe, expect, it } from 'vitest';
import { newToken, useStack } from './helpers/stack.ts';

const stack = useStack();

const OR = { openRouterKey: 'demo' };
const yesterday = () => new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
const activityCalls = () => stack.openRouterUpstream().filter((r) => r.path === '/api/v1/activity');

describe('openRouterCredits', () => {
  it('serves the account credits and a balance computed on the decimals, not in floating point', async () => {
    const res = await stack.gql('{ openRouterCredits { totalCredits totalUsage balance } }', {}, OR);
    expect(res.errors).toBeUndefined();
    const { totalCredits, totalUsage, balance } = res.data.openRouterCredits;
    expect(totalCredits).toBeGreaterThan(totalUsage);
    expect(balance).toBeCloseTo(totalCredits - totalUsage, 6);

    stack.openRouter.injectFault({
      match: { path: '/api/v1/credits' },
      status: 200,
      body: { data: { total_credits: 100.3, total_usage: 100.1 } },
    });
    const exact = await stack.gql('{ openRouterCredits { balance } }', {}, OR);
    // 100.3 - 100.1 in floating point is 0.20000000000000284.
    expect(exact.data.openRouterCredits.balance).toBe(0.2);
  });

  it('needs the OpenRouter management key, and sends only that key to OpenRouter', async () => {
    const anonymous = await stack.gql('{ openRouterCredits { balance } }');
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(stack.openRouterUpstream()).toHaveLength(0);
    const management = newToken('or');
    await stack.gql('{ openRouterCredits { balance } }', {}, { openRouterKey: management });
    expect(stack.openRouterUpstream().map((r) => r.headers.authorization)).toEqual([`Bearer ${management}`]);
    expect(stack.upstream()).toHaveLength(0);
  });
});

describe('openRouterActivity', () => {
  const ACTIVITY = /* GraphQL */ `
    query ($date: String) {
      openRouterActivity(date: $date) {
        date model modelPermaslug endpointId providerName usage byokUsageInference requests promptTokens completionTokens reasoningTokens
      }
    }
  `;

  it('maps the rows, and `date` keeps one day', async () => {
    const all = await stack.gql(ACTIVITY, {}, OR);
    expect(all.errors).toBeUndefined();
    expect(all.data.openRouterActivity.length).toBeGreaterThan(10);
    const direct = await fetch(`${stack.openRouter.url}/activity`, { headers: { authorization: 'Bearer demo' } }).then((r) => r.json());
    const first = direct.data[0];
    expect(all.data.openRouterActivity[0]).toEqual({
      date: first.date,
      model: first.model,
      modelPermaslug: first.model_permaslug,
      endpointId: first.endpoint_id,
      providerName: first.provider_name,
      usage: first.usage,
      byokUsageInference: first.byok_usage_inference,
      requests: first.requests,
      promptTokens: first.prompt_tokens,
      completionTokens: first.completion_tokens,
      reasoningTokens: first.reasoning_tokens,
    });
    const day = await stack.gql(ACTIVITY, { date: yesterday() }, OR);
    expect(day.data.openRouterActivity.every((row: any) => row.date === yesterday())).toBe(true);
    expect(activityCalls().at(-1)?.query).toEqual({ date: yesterday() });
  });

  it.each(['2026-02-30', '2026-1-01', 'yesterday', '2026-11-07T00:00:00Z', ''])(
    'refuses date %j before any upstream request',
    async (date) => {
      const res = await stack.gql(ACTIVITY, { date }, OR);
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'date' });
      expect(stack.openRouterUpstream()).toHaveLength(0);
    },
  );

  it('passes an upstream refusal of a day outside the window on as BAD_USER_INPUT', async () => {
    const res = await stack.gql(ACTIVITY, { date: '2020-01-01' }, OR);
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', upstream: { statusCode: 400 } });
  });
});

describe('OpenRouterKey.activity', () => {
  it('reads each key’s activity once per request, whatever the aliases', async () => {
    const res = await stack.gql(
      `query($day: String) { openRouterKeys(first: 12) { nodes { hash a: activity { requests } b: activity { model } d: activity(date: $day) { date } } } }`,
      { day: yesterday() },
      OR,
    );
    expect(res.errors).toBeUndefined();
    const keys = res.data.openRouterKeys.nodes;
    // One call per key without a date and one per key with it; never one per alias.
    expect(activityCalls()).toHaveLength(keys.length * 2);
    for (const key of keys) {
      const direct = await fetch(`${stack.openRouter.url}/activity?api_key_hash=${key.hash}`, {
        headers: { authorization: 'Bearer demo' },
      }).then((r) => r.json());
      expect(key.a.map((row: any) => row.requests)).toEqual(direct.data.map((row: any) => row.requests));
      expect(key.d.every((row: any) => row.date === yesterday())).toBe(true);
    }
    expect(keys.some((key: any) => key.a.length === 0)).toBe(true);
    expect(keys.some((key: any) => key.a.length > 0)).toBe(true);
    expect(new Set(activityCalls().map((r) => r.query.api_key_hash))).toEqual(new Set(keys.map((key: any) => key.hash)));
  });
});
