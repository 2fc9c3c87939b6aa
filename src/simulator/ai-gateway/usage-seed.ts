// The demo account's usage history: 30 days up to the seed time, generated from its own access
// keys, configurations and provider keys (so routing, failover and managed fallback look like
// what the configurations say), deterministic apart from where "now" falls.
import { seededString } from '../ids.ts';
import { SeededRandom } from '../seeded-random.ts';
import type { AccessKeyRecord, AiGatewayAccount, ConfigurationRecord, ProviderKeyRecord } from './store.ts';
import { type ModelInfo, modelInfo, modelsOf } from './usage-pricing.ts';
import { type AttemptInput, DAY_MS, type RetryAction } from './usage.ts';

/** Requests per day by access key name; keys not listed make a couple. */
const DAILY_REQUESTS: Record<string, number> = {
  'web-frontend-prod': 28,
  'support-widget': 12,
  'ci-staging': 7,
  'alice-local-dev': 3,
  'legacy-integration': 2,
};
const STREAMING = new Set(['web-frontend-prod', 'support-widget']);
const HISTORY_DAYS = 30;
/** Attempts older than this carry no retryAction: recorded before the field was stored. */
const RETRY_ACTION_SINCE_DAYS = 25;

type Candidate = { keySource: 'ngrok' } | { keySource: 'user'; providerKey: ProviderKeyRecord };

interface RoutePlan {
  provider: string;
  models: ModelInfo[];
  /** Fallback chain: steps in order, keys in order inside a step. */
  steps: Candidate[][];
}

function allowedModels(cfg: ConfigurationRecord | undefined, provider: string): ModelInfo[] {
  const allow = cfg?.access?.models?.allow;
  if (allow === undefined) return modelsOf(provider);
  return allow.filter((id) => id.startsWith(`${provider}:`)).map((id) => modelInfo(provider, id.slice(provider.length + 1)));
}

/** What the key's configuration routes to; a key without one uses ngrok-paid OpenAI inference. */
function routesFor(account: AiGatewayAccount, key: AccessKeyRecord): RoutePlan[] {
  const cfg = key.configurationId === null ? undefined : account.configurations.get(key.configurationId);
  const rules = cfg?.router?.rules ?? [];
  if (rules.length === 0) return [{ provider: 'openai', models: allowedModels(cfg, 'openai'), steps: [[{ keySource: 'ngrok' }]] }];
  return rules
    .map((rule): RoutePlan => {
      const provider = rule.provider ?? rule.model?.split(':')[0] ?? '';
      const models = rule.model ? [modelInfo(provider, rule.model.slice(provider.length + 1))] : allowedModels(cfg, provider);
      const steps = rule.steps.map((step): Candidate[] =>
        step.type === 'ngrok'
          ? [{ keySource: 'ngrok' }]
          : (step.keyIds ?? []).flatMap((id) => {
              const providerKey = account.providerKeys.get(id);
              return providerKey ? [{ keySource: 'user' as const, providerKey }] : [];
            }),
      );
      return { provider, models, steps: steps.filter((s) => s.length > 0) };
    })
    .filter((r) => r.models.length > 0 && r.steps.length > 0);
}

type Failure = { status: number; stopReason: string; completion: 'failed' | 'timed_out'; retryable: boolean };
const FAILURES: Failure[] = [
  { status: 429, stopReason: 'rate_limited', completion: 'failed', retryable: true },
  { status: 429, stopReason: 'rate_limited', completion: 'failed', retryable: true },
  { status: 500, stopReason: 'error', completion: 'failed', retryable: true },
  { status: 502, stopReason: 'error', completion: 'failed', retryable: true },
  { status: 503, stopReason: 'overloaded', completion: 'failed', retryable: true },
  { status: 504, stopReason: 'timeout', completion: 'timed_out', retryable: true },
  { status: 400, stopReason: 'invalid_request', completion: 'failed', retryable: false },
];

function successTokens(rng: SeededRandom, model: ModelInfo): AttemptInput['tokens'] {
  const input = rng.int(300, 6000);
  const output = rng.int(40, 1500);
  const cached = model.caches === true && rng.chance(0.4);
  const writes = model.provider === 'anthropic' && rng.chance(0.2);
  return {
    input,
    output,
    reasoning: model.reasons ? rng.int(0, Math.floor(output / 2)) : 0,
    cacheRead: cached ? rng.int(100, Math.floor(input / 2)) : 0,
    cacheWrite5m: writes ? rng.int(500, 3000) : 0,
    cacheWrite1h: writes && rng.chance(0.25) ? rng.int(500, 2000) : 0,
  };
}

function stopReason(rng: SeededRandom, provider: string): string {
  return provider === 'anthropic'
    ? rng.pick(['end_turn', 'end_turn', 'max_tokens', 'tool_use'])
    : rng.pick(['stop', 'stop', 'length', 'tool_calls']);
}

/** Why the loop moved from `from` to `to` (indexes into the flattened chain). */
function moveOn(flat: Array<{ step: number; c: Candidate }>, from: number, to: number): RetryAction {
  if (flat[to]!.step === flat[from]!.step) return 'next_key';
  return flat[to]!.c.keySource === 'ngrok' ? 'managed_fallback' : 'next_backend';
}

/** The attempts of one request along its route's fallback chain. */
function planAttempts(rng: SeededRandom, route: RoutePlan, streaming: boolean, recordRetryAction: boolean): AttemptInput[] {
  const model = rng.pick(route.models);
  const flat = route.steps.flatMap((cands, step) => cands.map((c) => ({ step, c })));
  const attempts: AttemptInput[] = [];
  let i = 0;
  let retriedSame = false;
  for (;;) {
    const { c } = flat[i]!;
    const base = {
      provider: route.provider,
      model: model.model,
      keySource: c.keySource,
      ...(c.keySource === 'user' && { providerKey: c.providerKey }),
    };
    const failProbability = attempts.length === 0 ? 0.12 : 0.3;
    if (!rng.chance(failProbability)) {
      const duration = rng.int(400, 9000);
      const brokeMidStream = streaming && rng.chance(0.02);
      const unknown = !brokeMidStream && rng.chance(0.005);
      attempts.push({
        ...base,
        tokens: successTokens(rng, model),
        // A stream that broke after the first token cannot be retried; the provider never reported usage.
        ...(brokeMidStream && { completion: 'stream_failed', usageEstimated: true }),
        ...(unknown && { completion: 'unknown', statusCode: 499 }),
        stopReason: brokeMidStream ? 'error' : unknown ? 'client_disconnected' : stopReason(rng, route.provider),
        retryAction: brokeMidStream || unknown ? 'fail_fast' : 'succeeded',
        durationMs: duration,
        upstreamDurationMs: duration - rng.int(5, 40),
        timeToFirstTokenMs: rng.int(150, 900),
      });
      break;
    }
    const failure = rng.pick(FAILURES);
    const duration = failure.completion === 'timed_out' ? 60_000 : rng.int(50, 800);
    const attempt: AttemptInput = {
      ...base,
      statusCode: failure.status,
      completion: failure.completion,
      stopReason: failure.stopReason,
      tokens: { input: 0 },
      durationMs: duration,
      upstreamDurationMs: duration - rng.int(1, 20),
      timeToFirstTokenMs: null,
    };
    attempts.push(attempt);
    if (!failure.retryable) {
      attempt.retryAction = 'fail_fast';
      break;
    }
    // A managed 429 moves to another of ngrok's quota pools; a 502 may be retried on the same key once.
    if (c.keySource === 'ngrok' && failure.status === 429 && !retriedSame) {
      attempt.retryAction = 'next_quota_pool';
      retriedSame = true;
    } else if (failure.status === 502 && !retriedSame) {
      attempt.retryAction = 'retry_same_backend';
      retriedSame = true;
    } else if (i + 1 < flat.length) {
      attempt.retryAction = moveOn(flat, i, i + 1);
      i += 1;
    } else {
      attempt.retryAction = 'exhausted';
      break;
    }
  }
  if (!recordRetryAction) for (const a of attempts) delete a.retryAction;
  return attempts;
}

export function seedDemoUsage(account: AiGatewayAccount, nowMs: number): void {
  const rng = new SeededRandom('demo-usage');
  // Every attempt (a request lasts at most a few minutes) ends before the seed time.
  const endMs = Math.floor(nowMs / 60_000) * 60_000 - 10 * 60_000;
  let n = 0;
  for (const key of account.listAccessKeys().reverse()) {
    const routes = routesFor(account, key);
    if (routes.length === 0) continue;
    const name = key.name ?? '';
    const perDay = DAILY_REQUESTS[name] ?? 2;
    for (let day = 0; day < HISTORY_DAYS; day++) {
      const dayEndMs = endMs - day * DAY_MS;
      const weekend = [0, 6].includes(new Date(dayEndMs).getUTCDay());
      if (weekend && name === 'ci-staging') continue;
      const count = Math.round(perDay * (weekend ? 0.5 : 1) * (0.7 + rng.next() * 0.6));
      for (let r = 0; r < count; r++) {
        const streaming = STREAMING.has(name) && rng.chance(0.7);
        account.usage.addRequest({
          requestId: `rq_${seededString(`demo-usage-${n++}`, 26)}`,
          accessKeyId: key.id,
          startedAtMs: dayEndMs - Math.floor(rng.next() * DAY_MS),
          isStreaming: streaming,
          attempts: planAttempts(rng, rng.pick(routes), streaming, day < RETRY_ACTION_SINCE_DAYS),
        });
      }
    }
  }
}
