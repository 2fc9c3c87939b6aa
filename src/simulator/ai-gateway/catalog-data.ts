// The built-in model catalog the simulator serves on GET /v1/models (owned_by "ngrok").
// Prices are public list prices per unit as decimal strings, the way the upstream writes them
// (never floats); each tier, cache lifetime or service tier is a rate with its conditions.
import type { components } from '../../contract/ai-gateway.ts';

type S = components['schemas'];
type Rate = S['AIGatewayModelPricingRate'];
type Format = S['AIGatewayModelSupportedAPIFormat'];

const OPENAI_CHAT_PARAMS = [
  'model',
  'messages',
  'temperature',
  'top_p',
  'max_completion_tokens',
  'stream',
  'stop',
  'tools',
  'tool_choice',
  'response_format',
  'seed',
  'n',
  'logprobs',
];
const OPENAI_RESPONSES_PARAMS = [
  'model',
  'input',
  'instructions',
  'max_output_tokens',
  'temperature',
  'top_p',
  'stream',
  'tools',
  'text',
  'reasoning',
];
const ANTHROPIC_PARAMS = [
  'model',
  'messages',
  'system',
  'max_tokens',
  'temperature',
  'top_p',
  'top_k',
  'stop_sequences',
  'stream',
  'tools',
  'thinking',
];

const chat: Format = { format: 'openai', name: 'chat-completions', path: '/v1/chat/completions', parameters: OPENAI_CHAT_PARAMS };
const responses: Format = { format: 'openai', name: 'responses', path: '/v1/responses', parameters: OPENAI_RESPONSES_PARAMS };
const messages: Format = { format: 'anthropic', name: 'messages', path: '/v1/messages', parameters: ANTHROPIC_PARAMS };

interface BuiltInProvider {
  displayName: string;
  websiteUrl: string;
  implicitCaching: boolean;
  /** API surfaces of its text models; audio and image models list none. */
  formats: Format[];
}

const PROVIDERS = {
  openai: { displayName: 'OpenAI', websiteUrl: 'https://openai.com', implicitCaching: true, formats: [chat, responses] },
  anthropic: { displayName: 'Anthropic', websiteUrl: 'https://www.anthropic.com', implicitCaching: false, formats: [messages, chat] },
  google: { displayName: 'Google', websiteUrl: 'https://ai.google.dev', implicitCaching: true, formats: [chat] },
  mistral: { displayName: 'Mistral', websiteUrl: 'https://mistral.ai', implicitCaching: false, formats: [chat] },
  groq: { displayName: 'Groq', websiteUrl: 'https://groq.com', implicitCaching: false, formats: [chat] },
  cerebras: { displayName: 'Cerebras', websiteUrl: 'https://www.cerebras.ai', implicitCaching: false, formats: [chat] },
  deepseek: { displayName: 'DeepSeek', websiteUrl: 'https://www.deepseek.com', implicitCaching: true, formats: [chat] },
} satisfies Record<string, BuiltInProvider>;

type ProviderSlug = keyof typeof PROVIDERS;

/** Catalog provider slugs; a custom provider may not take one of these as its providerId. */
export const BUILT_IN_PROVIDER_IDS: ReadonlySet<string> = new Set(Object.keys(PROVIDERS));

const perToken = (type: string, price: string, conditions?: Rate['conditions']): Rate => ({
  type,
  unit: 'token',
  price,
  ...(conditions && { conditions }),
});

interface OfferingSpec {
  /** The provider's own name for the model: the offering's model_id is `<provider>:<name>`. */
  name: string;
  contextLength: number;
  maxCompletionTokens?: number;
  rates: Rate[];
  status?: 'active' | 'inactive';
  /** Text models are served on the provider's API surfaces; others on none. */
  text?: boolean;
  metrics?: S['AIGatewayModelProviderMetrics'];
}

function offering(provider: ProviderSlug, spec: OfferingSpec): S['AIGatewayModelProvider'] {
  const p: BuiltInProvider = PROVIDERS[provider];
  return {
    model_id: `${provider}:${spec.name}`,
    id: provider,
    display_name: p.displayName,
    website_url: p.websiteUrl,
    context_length: spec.contextLength,
    ...(spec.maxCompletionTokens !== undefined && { max_completion_tokens: spec.maxCompletionTokens }),
    supports_implicit_caching: p.implicitCaching,
    status: spec.status ?? 'active',
    pricing: { currency: 'USD', rates: spec.rates },
    supported_api_formats: spec.text === false ? [] : p.formats,
    ...(spec.metrics && { metrics: spec.metrics }),
  };
}

const unix = (isoDate: string) => Math.floor(Date.parse(isoDate) / 1000);

interface ModelSpec {
  id: string;
  name: string;
  /** When the model entered the catalog, and when its maker released it (ISO dates). */
  created: string;
  released?: string;
  description: string;
  input: string[];
  output: string[];
  tokenizer?: string;
  offerings: S['AIGatewayModelProvider'][];
}

function model(spec: ModelSpec): S['AIGatewayModel'] {
  return {
    id: spec.id,
    name: spec.name,
    created: unix(spec.created),
    ...(spec.released !== undefined && { released: unix(spec.released) }),
    description: spec.description,
    architecture: {
      modality: `${spec.input.join('+')}->${spec.output.join('+')}`,
      input_modalities: spec.input,
      output_modalities: spec.output,
      ...(spec.tokenizer !== undefined && { tokenizer: spec.tokenizer }),
    },
    slug: spec.id,
    object: 'model',
    owned_by: 'ngrok',
    providers: spec.offerings,
  };
}

const steady = (p50: number, p95: number): S['AIGatewayModelQuantiles'] => ({
  p50,
  p95,
  window_minutes: 60,
  as_of: '2026-09-01T00:00:00Z',
});

const LONG_PROMPT = { min_input_tokens: 200_001 };
const SHORT_PROMPT = { max_input_tokens: 200_000 };

export const BUILT_IN_MODELS: readonly S['AIGatewayModel'][] = [
  model({
    id: 'gpt-4o',
    name: 'GPT-4o',
    created: '2025-06-01',
    released: '2024-05-13',
    description: "OpenAI's multimodal flagship of 2024: text and image in, text out.",
    input: ['text', 'image'],
    output: ['text'],
    tokenizer: 'o200k_base',
    offerings: [
      offering('openai', {
        name: 'gpt-4o',
        contextLength: 128_000,
        maxCompletionTokens: 16_384,
        rates: [perToken('prompt', '0.0000025'), perToken('completion', '0.00001'), perToken('input_cache_read', '0.00000125')],
        metrics: {
          uptime_last_1h: 0.9991,
          uptime_last_1d: 0.9987,
          throughput_last_1h: steady(92.4, 61.8),
          latency_last_1h: steady(410, 980),
        },
      }),
    ],
  }),
  model({
    id: 'gpt-4o-mini',
    name: 'GPT-4o mini',
    created: '2025-06-01',
    released: '2024-07-18',
    description: 'Small, fast and cheap GPT-4o variant.',
    input: ['text', 'image'],
    output: ['text'],
    tokenizer: 'o200k_base',
    offerings: [
      offering('openai', {
        name: 'gpt-4o-mini',
        contextLength: 128_000,
        maxCompletionTokens: 16_384,
        rates: [perToken('prompt', '0.00000015'), perToken('completion', '0.0000006'), perToken('input_cache_read', '0.000000075')],
      }),
    ],
  }),
  model({
    id: 'gpt-4.1',
    name: 'GPT-4.1',
    created: '2025-06-01',
    released: '2025-04-14',
    description: 'Long-context GPT model for coding and instruction following.',
    input: ['text', 'image'],
    output: ['text'],
    tokenizer: 'o200k_base',
    offerings: [
      offering('openai', {
        name: 'gpt-4.1',
        contextLength: 1_047_576,
        maxCompletionTokens: 32_768,
        rates: [perToken('prompt', '0.000002'), perToken('completion', '0.000008'), perToken('input_cache_read', '0.0000005')],
      }),
    ],
  }),
  model({
    id: 'o3',
    name: 'o3',
    created: '2025-06-01',
    released: '2025-04-16',
    description: 'Reasoning model; the flex service tier trades latency for half the price.',
    input: ['text', 'image'],
    output: ['text'],
    tokenizer: 'o200k_base',
    offerings: [
      offering('openai', {
        name: 'o3',
        contextLength: 200_000,
        maxCompletionTokens: 100_000,
        rates: [
          perToken('prompt', '0.000002'),
          perToken('completion', '0.000008'),
          perToken('input_cache_read', '0.0000005'),
          perToken('prompt', '0.000001', { service_tier: 'flex' }),
          perToken('completion', '0.000004', { service_tier: 'flex' }),
        ],
      }),
    ],
  }),
  model({
    id: 'gpt-image-1',
    name: 'GPT Image 1',
    created: '2025-06-01',
    released: '2025-04-23',
    description: 'Image generation, priced per output image by quality and size.',
    input: ['text', 'image'],
    output: ['image'],
    offerings: [
      offering('openai', {
        name: 'gpt-image-1',
        contextLength: 0,
        text: false,
        rates: [
          perToken('prompt', '0.000005'),
          { type: 'image_output', unit: 'image', price: '0.011', conditions: { quality: 'low', resolution: '1024x1024' } },
          { type: 'image_output', unit: 'image', price: '0.042', conditions: { quality: 'medium', resolution: '1024x1024' } },
          { type: 'image_output', unit: 'image', price: '0.167', conditions: { quality: 'high', resolution: '1024x1024' } },
          { type: 'image_output', unit: 'image', price: '0.25', conditions: { quality: 'high', resolution: '1536x1024' } },
        ],
      }),
    ],
  }),
  model({
    id: 'whisper-1',
    name: 'Whisper',
    created: '2025-06-01',
    released: '2023-03-01',
    description: 'Speech to text, priced per second of audio.',
    input: ['audio'],
    output: ['text'],
    offerings: [
      offering('openai', {
        name: 'whisper-1',
        contextLength: 0,
        text: false,
        rates: [{ type: 'audio_input', unit: 'second', price: '0.0001' }],
      }),
    ],
  }),
  model({
    id: 'claude-sonnet-4-6',
    name: 'Claude Sonnet 4.6',
    created: '2026-02-20',
    released: '2026-02-17',
    description: "Anthropic's balanced model; prompts over 200K tokens are billed at the long-context rate.",
    input: ['text', 'image'],
    output: ['text'],
    tokenizer: 'claude',
    offerings: [
      offering('anthropic', {
        name: 'claude-sonnet-4-6',
        contextLength: 1_000_000,
        maxCompletionTokens: 64_000,
        rates: [
          perToken('prompt', '0.000003', SHORT_PROMPT),
          perToken('prompt', '0.000006', LONG_PROMPT),
          perToken('completion', '0.000015', SHORT_PROMPT),
          perToken('completion', '0.0000225', LONG_PROMPT),
          perToken('input_cache_write', '0.00000375', { ttl: '5m' }),
          perToken('input_cache_write', '0.000006', { ttl: '1h' }),
          perToken('input_cache_read', '0.0000003'),
        ],
        metrics: { uptime_last_15m: 1, uptime_last_1h: 0.9978, throughput_last_1h: steady(71.3, 44.9), latency_last_1h: steady(880, 2150) },
      }),
    ],
  }),
  model({
    id: 'claude-haiku-4-5',
    name: 'Claude Haiku 4.5',
    created: '2025-10-20',
    released: '2025-10-15',
    description: "Anthropic's fastest model.",
    input: ['text', 'image'],
    output: ['text'],
    tokenizer: 'claude',
    offerings: [
      offering('anthropic', {
        name: 'claude-haiku-4-5',
        contextLength: 200_000,
        maxCompletionTokens: 64_000,
        rates: [
          perToken('prompt', '0.000001'),
          perToken('completion', '0.000005'),
          perToken('input_cache_write', '0.00000125', { ttl: '5m' }),
          perToken('input_cache_write', '0.000002', { ttl: '1h' }),
          perToken('input_cache_read', '0.0000001'),
        ],
      }),
    ],
  }),
  model({
    id: 'claude-3-5-haiku',
    name: 'Claude 3.5 Haiku',
    created: '2025-06-01',
    released: '2024-10-22',
    description: 'Retired by the provider; kept in the catalog as inactive.',
    input: ['text'],
    output: ['text'],
    tokenizer: 'claude',
    offerings: [
      offering('anthropic', {
        name: 'claude-3-5-haiku-20241022',
        contextLength: 200_000,
        maxCompletionTokens: 8_192,
        status: 'inactive',
        rates: [perToken('prompt', '0.0000008'), perToken('completion', '0.000004')],
      }),
    ],
  }),
  model({
    id: 'gemini-2.5-pro',
    name: 'Gemini 2.5 Pro',
    created: '2025-06-18',
    released: '2025-06-17',
    description: "Google's reasoning model; prompts over 200K tokens cost more.",
    input: ['text', 'image', 'audio', 'video'],
    output: ['text'],
    tokenizer: 'gemini',
    offerings: [
      offering('google', {
        name: 'gemini-2.5-pro',
        contextLength: 1_048_576,
        maxCompletionTokens: 65_536,
        rates: [
          perToken('prompt', '0.00000125', SHORT_PROMPT),
          perToken('prompt', '0.0000025', LONG_PROMPT),
          perToken('completion', '0.00001', SHORT_PROMPT),
          perToken('completion', '0.000015', LONG_PROMPT),
          perToken('input_cache_read', '0.00000031', SHORT_PROMPT),
          perToken('input_cache_read', '0.000000625', LONG_PROMPT),
        ],
      }),
    ],
  }),
  model({
    id: 'gemini-2.5-flash',
    name: 'Gemini 2.5 Flash',
    created: '2025-06-18',
    released: '2025-06-17',
    description: 'Fast multimodal Gemini model.',
    input: ['text', 'image', 'audio', 'video'],
    output: ['text'],
    tokenizer: 'gemini',
    offerings: [
      offering('google', {
        name: 'gemini-2.5-flash',
        contextLength: 1_048_576,
        maxCompletionTokens: 65_536,
        rates: [perToken('prompt', '0.0000003'), perToken('completion', '0.0000025'), perToken('input_cache_read', '0.000000075')],
      }),
    ],
  }),
  model({
    id: 'mistral-large',
    name: 'Mistral Large',
    created: '2025-06-01',
    released: '2024-11-18',
    description: "Mistral's top general-purpose model.",
    input: ['text'],
    output: ['text'],
    tokenizer: 'mistral',
    offerings: [
      offering('mistral', {
        name: 'mistral-large-latest',
        contextLength: 131_072,
        rates: [perToken('prompt', '0.000002'), perToken('completion', '0.000006')],
      }),
    ],
  }),
  model({
    id: 'codestral',
    name: 'Codestral',
    created: '2025-06-01',
    released: '2025-01-13',
    description: 'Code completion model with fill-in-the-middle.',
    input: ['text'],
    output: ['text'],
    tokenizer: 'mistral',
    offerings: [
      offering('mistral', {
        name: 'codestral-latest',
        contextLength: 256_000,
        rates: [perToken('prompt', '0.0000003'), perToken('completion', '0.0000009')],
      }),
    ],
  }),
  model({
    id: 'llama-3.3-70b',
    name: 'Llama 3.3 70B',
    created: '2025-06-01',
    released: '2024-12-06',
    description: "Meta's open-weight 70B model, served by two inference providers.",
    input: ['text'],
    output: ['text'],
    tokenizer: 'llama3',
    offerings: [
      offering('groq', {
        name: 'llama-3.3-70b-versatile',
        contextLength: 131_072,
        maxCompletionTokens: 32_768,
        rates: [perToken('prompt', '0.00000059'), perToken('completion', '0.00000079')],
        metrics: { uptime_last_1h: 0.9995, throughput_last_1h: steady(276.5, 198.2), latency_last_1h: steady(190, 520) },
      }),
      offering('cerebras', {
        name: 'llama-3.3-70b',
        contextLength: 65_536,
        maxCompletionTokens: 8_192,
        rates: [perToken('prompt', '0.00000085'), perToken('completion', '0.0000012')],
      }),
    ],
  }),
  model({
    id: 'deepseek-chat',
    name: 'DeepSeek V3',
    created: '2025-06-01',
    released: '2024-12-26',
    description: 'DeepSeek chat model; cache hits are billed at the cache-read rate.',
    input: ['text'],
    output: ['text'],
    tokenizer: 'deepseek',
    offerings: [
      offering('deepseek', {
        name: 'deepseek-chat',
        contextLength: 65_536,
        maxCompletionTokens: 8_192,
        rates: [perToken('prompt', '0.00000027'), perToken('completion', '0.0000011'), perToken('input_cache_read', '0.00000007')],
      }),
    ],
  }),
];
