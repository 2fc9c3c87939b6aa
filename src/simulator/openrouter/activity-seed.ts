// The demo account's OpenRouter credits and per-key activity over the last 30 completed days,
// dated back from the seed time; deterministic per key.
import { mulDivRound } from '../decimal.ts';
import { SeededRandom } from '../seeded-random.ts';
import { ACTIVITY_DAYS, utcDate } from './activity.ts';
import { type OpenRouterAccount, seededUuid } from './store.ts';

const DAY_MS = 86_400_000;
const MICROS_PER_USD = 1_000_000n;

interface Endpoint {
  model: string;
  permaslug: string;
  provider: string;
  /** USD per 1M prompt / completion tokens, in micro-USD. */
  promptPerM: bigint;
  completionPerM: bigint;
  reasons?: boolean;
}

const ENDPOINTS: Endpoint[] = [
  {
    model: 'openai/gpt-4o-mini',
    permaslug: 'openai/gpt-4o-mini-2024-07-18',
    provider: 'OpenAI',
    promptPerM: 150_000n,
    completionPerM: 600_000n,
  },
  {
    model: 'openai/gpt-4.1',
    permaslug: 'openai/gpt-4.1-2025-04-14',
    provider: 'OpenAI',
    promptPerM: 2_000_000n,
    completionPerM: 8_000_000n,
  },
  {
    model: 'anthropic/claude-sonnet-4.5',
    permaslug: 'anthropic/claude-4.5-sonnet-20250929',
    provider: 'Anthropic',
    promptPerM: 3_000_000n,
    completionPerM: 15_000_000n,
  },
  {
    model: 'anthropic/claude-sonnet-4.5',
    permaslug: 'anthropic/claude-4.5-sonnet-20250929',
    provider: 'Amazon Bedrock',
    promptPerM: 3_000_000n,
    completionPerM: 15_000_000n,
  },
  {
    model: 'google/gemini-2.5-flash',
    permaslug: 'google/gemini-2.5-flash',
    provider: 'Google AI Studio',
    promptPerM: 300_000n,
    completionPerM: 2_500_000n,
    reasons: true,
  },
  {
    model: 'meta-llama/llama-3.3-70b-instruct',
    permaslug: 'meta-llama/llama-3.3-70b-instruct',
    provider: 'Groq',
    promptPerM: 590_000n,
    completionPerM: 790_000n,
  },
  {
    model: 'meta-llama/llama-3.3-70b-instruct',
    permaslug: 'meta-llama/llama-3.3-70b-instruct',
    provider: 'DeepInfra',
    promptPerM: 230_000n,
    completionPerM: 400_000n,
  },
  {
    model: 'deepseek/deepseek-chat-v3.1',
    permaslug: 'deepseek/deepseek-chat-v3.1',
    provider: 'DeepSeek',
    promptPerM: 270_000n,
    completionPerM: 1_100_000n,
    reasons: true,
  },
];

const ENDPOINT_IDS = new Map(ENDPOINTS.map((e) => [e, seededUuid(`endpoint:${e.permaslug}:${e.provider}`)]));

function cost(tokens: number, perMillion: bigint): bigint {
  return mulDivRound(BigInt(tokens), perMillion, MICROS_PER_USD);
}

export function seedDemoActivity(account: OpenRouterAccount, nowMs: number): void {
  const keys = [...account.keys.values()].sort((a, b) => a.seq - b.seq);
  keys.forEach((key, i) => {
    // Disabled keys and every third key stay idle, so some keys show an empty activity list.
    if (key.disabled || i % 3 === 2) return;
    const rng = new SeededRandom(`openrouter-activity:${key.hash}`);
    const favourites = [rng.pick(ENDPOINTS), rng.pick(ENDPOINTS)];
    const byok = key.byok_usage > 0;
    for (let day = 1; day <= ACTIVITY_DAYS; day++) {
      if (!rng.chance(0.45)) continue;
      for (const e of rng.chance(0.3) ? favourites : favourites.slice(0, 1)) {
        const requests = rng.int(1, 60);
        const promptTokens = requests * rng.int(200, 3000);
        const completionTokens = requests * rng.int(20, 800);
        const inference = cost(promptTokens, e.promptPerM) + cost(completionTokens, e.completionPerM);
        // With BYOK the provider bills the user's key; OpenRouter charges a 5% fee in credits.
        const viaByok = byok && rng.chance(0.5);
        account.activity.add({
          keyHash: key.hash,
          date: utcDate(nowMs - day * DAY_MS),
          model: e.model,
          modelPermaslug: e.permaslug,
          endpointId: ENDPOINT_IDS.get(e)!,
          providerName: e.provider,
          usageMicros: viaByok ? mulDivRound(inference, 5n, 100n) : inference,
          byokMicros: viaByok ? inference : 0n,
          requests,
          promptTokens,
          completionTokens,
          reasoningTokens: e.reasons ? Math.floor(completionTokens * rng.next() * 0.4) : 0,
        });
      }
    }
  });
}

/** All-time usage is the sum of the keys' usage; credits leave a positive balance. */
export function seedDemoCredits(account: OpenRouterAccount): void {
  let usage = 0n;
  for (const key of account.keys.values()) usage += BigInt(Math.round(key.usage * 1e6));
  const hundredUsd = 100n * MICROS_PER_USD;
  account.credits.totalUsageMicros = usage;
  account.credits.totalCreditsMicros = ((usage + hundredUsd - 1n) / hundredUsd) * hundredUsd + 250n * MICROS_PER_USD;
}
