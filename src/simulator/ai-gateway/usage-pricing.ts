// Models the usage simulator bills, with list prices, and the exact cost of one attempt.
// Prices are USD per million tokens as decimal strings; costs come out in 1e-5 USD units
// (the AI Gateway's 5 fractional digits), each part rounded once, the total summed from the parts.
import { formatDecimal, mulDivRound, parseDecimal } from '../decimal.ts';

export const USD_SCALE = 5;
const PER_MILLION = 1_000_000n;

export interface ModelInfo {
  provider: string;
  model: string;
  displayName: string;
  /** USD per 1M tokens: input, output, cache read, 5-minute cache write, 1-hour cache write. */
  prices: readonly [input: string, output: string, cacheRead: string, cacheWrite5m: string, cacheWrite1h: string];
  /** The same prices in 1e-5 USD units, parsed once. */
  priceUnits: readonly bigint[];
  /** The model reports reasoning tokens (part of its output). */
  reasons?: boolean;
  /** The provider offers prompt caching. */
  caches?: boolean;
}

export const PROVIDER_DISPLAY_NAMES: Record<string, string> = {
  openai: 'OpenAI',
  anthropic: 'Anthropic',
  google: 'Google',
  mistral: 'Mistral AI',
  groq: 'Groq',
};

const m = (
  provider: string,
  model: string,
  displayName: string,
  prices: ModelInfo['prices'],
  extra: Pick<ModelInfo, 'reasons' | 'caches'> = {},
): ModelInfo => ({ provider, model, displayName, prices, priceUnits: prices.map((p) => parseDecimal(p, USD_SCALE)), ...extra });

export const MODELS: readonly ModelInfo[] = [
  m('openai', 'gpt-4o', 'GPT-4o', ['2.50', '10.00', '1.25', '0', '0'], { caches: true }),
  m('openai', 'gpt-4o-mini', 'GPT-4o mini', ['0.15', '0.60', '0.075', '0', '0'], { caches: true }),
  m('openai', 'gpt-4.1', 'GPT-4.1', ['2.00', '8.00', '0.50', '0', '0'], { caches: true }),
  m('openai', 'o4-mini', 'o4-mini', ['1.10', '4.40', '0.275', '0', '0'], { caches: true, reasons: true }),
  m('anthropic', 'claude-sonnet-4-6', 'Claude Sonnet 4.6', ['3.00', '15.00', '0.30', '3.75', '6.00'], { caches: true }),
  m('anthropic', 'claude-haiku-4-5', 'Claude Haiku 4.5', ['1.00', '5.00', '0.10', '1.25', '2.00'], { caches: true }),
  m('google', 'gemini-2.5-pro', 'Gemini 2.5 Pro', ['1.25', '10.00', '0.31', '0', '0'], { reasons: true }),
  m('google', 'gemini-2.5-flash', 'Gemini 2.5 Flash', ['0.30', '2.50', '0.075', '0', '0']),
  m('mistral', 'mistral-large-latest', 'Mistral Large', ['2.00', '6.00', '0', '0', '0']),
  m('mistral', 'mistral-small-latest', 'Mistral Small', ['0.10', '0.30', '0', '0', '0']),
  m('groq', 'llama-3.3-70b-versatile', 'Llama 3.3 70B Versatile', ['0.59', '0.79', '0', '0', '0']),
  m('my-ollama', 'llama3.2', 'llama3.2', ['0', '0', '0', '0', '0']),
  m('my-ollama', 'qwen2.5-coder', 'qwen2.5-coder', ['0', '0', '0', '0', '0']),
];

/** The known model, or a free one named after itself (custom providers, models added in tests). */
export function modelInfo(provider: string, model: string): ModelInfo {
  return MODELS.find((x) => x.provider === provider && x.model === model) ?? m(provider, model, model, ['0', '0', '0', '0', '0']);
}

export function modelsOf(provider: string): ModelInfo[] {
  return MODELS.filter((x) => x.provider === provider);
}

export interface BilledTokens {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite5m: number;
  cacheWrite1h: number;
}

/** Cost parts in 1e-5 USD. */
export interface CostUnits {
  input: bigint;
  output: bigint;
  cacheRead: bigint;
  cacheWrite5m: bigint;
  cacheWrite1h: bigint;
  ngrokProcessingFee: bigint;
}

/** ngrok's fee on managed (ngrok-paid) inference, in percent of the provider cost; BYOK attempts pay none. */
const MANAGED_FEE_PERCENT = 5n;

export function attemptCost(model: ModelInfo, tokens: BilledTokens, managed: boolean): CostUnits {
  const price = model.priceUnits;
  const part = (count: number, perMillion: bigint) => mulDivRound(BigInt(count), perMillion, PER_MILLION);
  const parts = {
    input: part(tokens.input, price[0]!),
    output: part(tokens.output, price[1]!),
    cacheRead: part(tokens.cacheRead, price[2]!),
    cacheWrite5m: part(tokens.cacheWrite5m, price[3]!),
    cacheWrite1h: part(tokens.cacheWrite1h, price[4]!),
  };
  const providerCost = parts.input + parts.output + parts.cacheRead + parts.cacheWrite5m + parts.cacheWrite1h;
  return { ...parts, ngrokProcessingFee: managed ? mulDivRound(providerCost, MANAGED_FEE_PERCENT, 100n) : 0n };
}

export function totalCost(c: CostUnits): bigint {
  return c.input + c.output + c.cacheRead + c.cacheWrite5m + c.cacheWrite1h + c.ngrokProcessingFee;
}

export const usd = (units: bigint): string => formatDecimal(units, USD_SCALE);
