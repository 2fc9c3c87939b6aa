// Deterministic demo data for the AI Gateway token `demo`.
import { seededString } from '../ids.ts';
import { apiKeysOf } from './api-keys.ts';
import { seedDemoCredits } from './credits-seed.ts';
import { gatewayConfigOf } from './gateway-config.ts';
import { providersOf } from './providers.ts';
import type { AiGatewayAccount, RouterWrite } from './store.ts';
import { seedDemoUsage } from './usage-seed.ts';

export const DEMO_TOKEN = 'demo';
export const DEMO_API_KEY_ID = 'aigak_0demoapikey01';

type KeySpec = [slug: string, name: string, description?: string, team?: string];

// Grouped by providerId; `slug` is a local handle used below to wire routers.
const PROVIDER_KEYS: Record<string, KeySpec[]> = {
  openai: [
    ['oa-prod-1', 'OpenAI production (primary)', 'Main org key for customer-facing chat', 'platform'],
    ['oa-prod-2', 'OpenAI production (fallback)', 'Second project key, used when the primary is rate limited', 'platform'],
    ['oa-staging', 'OpenAI staging', 'Shared by the staging and preview environments'],
    ['oa-batch', 'OpenAI batch jobs', 'Nightly summarisation and embeddings backfills', 'data'],
    ['oa-eval', 'OpenAI eval harness', 'Regression evals run from CI'],
    ['oa-support', 'OpenAI support bot', undefined, 'support'],
    ['oa-notebooks', 'OpenAI data science notebooks', 'Rotated monthly', 'data'],
    ['oa-realtime', 'OpenAI realtime voice', 'Voice agent pilot'],
    ['oa-legacy', 'OpenAI legacy (do not use)', 'Kept until the v1 integration is retired'],
  ],
  anthropic: [
    ['an-prod-1', 'Anthropic production', 'Primary Claude key for customer-facing chat', 'platform'],
    ['an-prod-2', 'Anthropic production (fallback)', 'Separate workspace with its own rate limits', 'platform'],
    ['an-staging', 'Anthropic staging'],
    ['an-support', 'Anthropic support bot', 'Claude for the help-centre assistant', 'support'],
    ['an-batch', 'Anthropic batch', 'Message Batches API jobs', 'data'],
    ['an-review', 'Anthropic code review assistant', 'Used by the PR review bot'],
    ['an-research', 'Anthropic research', undefined, 'research'],
    ['an-eval', 'Anthropic eval harness', 'Regression evals run from CI'],
  ],
  google: [
    ['go-prod', 'Gemini production', 'Gemini API key, production project', 'platform'],
    ['go-staging', 'Gemini staging'],
    ['go-batch', 'Gemini batch', 'Long-context document processing', 'data'],
    ['go-vision', 'Gemini vision pipeline', 'Receipt and invoice extraction'],
    ['go-research', 'Gemini research', undefined, 'research'],
    ['go-translate', 'Gemini translation', 'Help-centre article translation', 'support'],
  ],
  mistral: [
    ['mi-prod', 'Mistral production', 'EU-hosted traffic', 'platform'],
    ['mi-staging', 'Mistral staging'],
    ['mi-batch', 'Mistral batch', 'Classification backfills', 'data'],
    ['mi-eu', 'Mistral EU data residency', 'Customers with EU-only processing contracts'],
    ['mi-edge', 'Mistral edge', 'Small models for autocomplete'],
  ],
  groq: [
    ['gr-prod', 'Groq production', 'Low-latency Llama serving', 'platform'],
    ['gr-staging', 'Groq staging'],
    ['gr-chat', 'Groq low-latency chat', 'Typing-speed suggestions'],
    ['gr-eval', 'Groq eval', undefined, 'research'],
  ],
  'my-ollama': [
    ['ol-lab', 'Ollama lab GPU box', 'Self-hosted Ollama behind an internal endpoint', 'research'],
    ['ol-edge', 'Ollama edge node', 'Fallback box in the second rack'],
    ['ol-staging', 'Ollama staging'],
    ['ol-laptop', 'Ollama dev laptop', 'For local experiments only'],
  ],
};

const T0 = Date.parse('2026-01-05T09:00:00.000Z');
const HOUR = 3_600_000;
const at = (hours: number) => new Date(T0 + hours * HOUR).toISOString();

type Step = NonNullable<RouterWrite['rules']>[number]['steps'][number];
const user = (ids: string[]): Step => ({ type: 'user', keys: ids.map((id) => ({ id })) });

export function seedAiGatewayDemo(account: AiGatewayAccount): void {
  const key: Record<string, string> = {};
  let n = 0;
  for (const [providerId, specs] of Object.entries(PROVIDER_KEYS)) {
    for (const [slug, name, description, team] of specs) {
      const created = at(n * 61);
      const rec = account.createProviderKey({
        providerId,
        name,
        value: `sk-demo-${providerId}-${seededString(slug, 32)}`,
        ...(description !== undefined && { description }),
        ...(team !== undefined && { metadata: JSON.stringify({ team, env: slug.includes('staging') ? 'staging' : 'prod' }) }),
        createdAt: created,
        updatedAt: n % 5 === 0 ? at(n * 61 + 400) : created,
        lastUsed: n % 3 === 2 ? null : at(7000 + n * 7),
      });
      key[slug] = rec.id;
      n++;
    }
  }
  const k = (...slugs: string[]) => slugs.map((s) => key[s]!);

  const cfg: Record<string, string> = {};
  const configs: Array<[string, Parameters<AiGatewayAccount['createAccessKeyConfiguration']>[0]]> = [
    [
      'prod',
      {
        name: 'Production chat',
        description: 'Customer-facing chat: OpenAI with key failover, then ngrok-paid inference',
        metadata: JSON.stringify({ owner: 'platform', oncall: '#ai-platform' }),
        access: { providers: { allow: ['openai', 'anthropic'] } },
        router: {
          rules: [
            { provider: 'openai', steps: [user(k('oa-prod-1', 'oa-prod-2')), { type: 'ngrok' }] },
            { provider: 'anthropic', steps: [user(k('an-prod-1', 'an-prod-2'))] },
          ],
        },
      },
    ],
    [
      'support',
      {
        name: 'Support assistant',
        description: 'Help-centre bot; only two models allowed',
        access: { models: { allow: ['anthropic:claude-sonnet-4-6', 'openai:gpt-4o-mini'] } },
        router: {
          rules: [
            { model: 'anthropic:claude-sonnet-4-6', steps: [user(k('an-support', 'an-prod-1'))] },
            { provider: 'openai', steps: [user(k('oa-support', 'oa-prod-2'))] },
          ],
        },
      },
    ],
    [
      'staging',
      {
        name: 'Staging',
        description: 'All staging keys; no access restrictions',
        router: {
          rules: [
            { provider: 'openai', steps: [user(k('oa-staging'))] },
            { provider: 'anthropic', steps: [user(k('an-staging'))] },
            { provider: 'google', steps: [user(k('go-staging'))] },
            { provider: 'mistral', steps: [user(k('mi-staging'))] },
          ],
        },
      },
    ],
    [
      'batch',
      {
        name: 'Batch summarisation',
        description: 'Nightly jobs; Gemini first, Mistral for classification',
        metadata: JSON.stringify({ owner: 'data', schedule: '0 2 * * *' }),
        access: { providers: { allow: ['google', 'mistral', 'openai'] } },
        router: {
          rules: [
            { provider: 'google', steps: [user(k('go-batch', 'go-prod'))] },
            { provider: 'mistral', steps: [user(k('mi-batch')), user(k('mi-prod'))] },
            { provider: 'openai', steps: [user(k('oa-batch'))] },
          ],
        },
      },
    ],
    [
      'latency',
      {
        name: 'Low latency (Groq first)',
        description: 'Llama on Groq, falling back to OpenAI keys',
        router: {
          rules: [
            { model: 'groq:llama-3.3-70b-versatile', steps: [user(k('gr-chat', 'gr-prod')), user(k('oa-prod-1'))] },
            { provider: 'groq', steps: [user(k('gr-prod'))] },
          ],
        },
      },
    ],
    [
      'local',
      {
        name: 'Local models',
        description: 'Self-hosted Ollama only',
        access: { providers: { allow: ['my-ollama'] }, models: { allow: ['my-ollama:llama3.2', 'my-ollama:qwen2.5-coder'] } },
        router: { rules: [{ provider: 'my-ollama', steps: [user(k('ol-lab', 'ol-edge')), user(k('ol-laptop'))] }] },
      },
    ],
    [
      'sandbox',
      {
        name: 'Interns sandbox',
        description: 'ngrok-paid inference on one cheap model',
        access: { providers: { allow: ['openai'] }, models: { allow: ['openai:gpt-4o-mini'] } },
        router: { rules: [{ provider: 'openai', steps: [{ type: 'ngrok' }] }] },
      },
    ],
  ];
  configs.forEach(([slug, input], i) => {
    const created = at(3000 + i * 26);
    cfg[slug] = account.createAccessKeyConfiguration({ ...input, createdAt: created, updatedAt: at(3000 + i * 26 + 50) }).id;
  });

  const accessKeys: Array<[string, string | undefined, string | undefined]> = [
    ['web-frontend-prod', 'prod', 'Next.js app in production'],
    ['support-widget', 'support', 'Embedded help-centre widget'],
    ['ci-staging', 'staging', 'GitHub Actions preview deployments'],
    ['alice-local-dev', 'local', undefined],
    ['legacy-integration', undefined, 'Unrestricted; migrate to a configuration'],
  ];
  accessKeys.forEach(([name, cfgSlug, description], i) => {
    account.createAccessKey({
      name,
      ...(description !== undefined && { description }),
      ...(cfgSlug !== undefined && { accessKeyConfigurationId: cfg[cfgSlug]! }),
      token: `ng-demo${i}-g1-${seededString(name, 40)}`,
      createdAt: at(4000 + i * 30),
      lastUsed: i === 3 ? null : at(7500 + i * 11),
    });
  });
  seedProvidersApiKeysAndSettings(account);

  // Usage history follows the keys and configurations above; both are dated back from now.
  account.usage.seed.set(() => seedDemoUsage(account, Date.now()));
  seedDemoCredits(account.credits, Date.now());
}

/** Created after everything above so that the ids above stay what they were. */
function seedProvidersApiKeysAndSettings(account: AiGatewayAccount): void {
  const openAiChat = (params: string[]) => ({
    format: 'openai',
    surface: 'chat-completions',
    supportedParams: params.map((name) => ({ name })),
  });
  const CHAT_PARAMS = ['model', 'messages', 'temperature', 'top_p', 'max_tokens', 'stream', 'stop', 'seed', 'tools', 'response_format'];
  // my-ollama is referenced by provider keys and the "Local models" configuration, so deleting it is refused (409).
  providersOf(account).create({
    providerId: 'my-ollama',
    name: 'Ollama lab GPU box',
    baseUrl: 'http://ollama-lab.internal:11434/v1',
    metadata: JSON.stringify({ team: 'research', rack: 'b2' }),
    supportedApiSurfaces: [openAiChat(CHAT_PARAMS)],
    models: [
      { modelId: 'llama3.2', providerModelId: 'llama3.2:3b', unsupportedParams: [] },
      { modelId: 'qwen2.5-coder', providerModelId: 'qwen2.5-coder:14b', unsupportedParams: ['tools', 'response_format'] },
    ],
    createdAt: at(-30),
    updatedAt: at(-6),
  });
  providersOf(account).create({
    providerId: 'internal-vllm',
    name: 'vLLM cluster (us-east)',
    baseUrl: 'https://vllm.us-east.example.com/v1',
    supportedApiSurfaces: [
      openAiChat(CHAT_PARAMS),
      {
        format: 'openai',
        surface: 'responses',
        baseUrl: 'https://vllm-responses.us-east.example.com/v1',
        supportedParams: [{ name: 'input' }],
      },
    ],
    models: [
      { modelId: 'llama-3.1-70b-instruct', providerModelId: 'meta-llama/Llama-3.1-70B-Instruct', unsupportedParams: ['seed'] },
      { modelId: 'qwen3-32b', providerModelId: 'Qwen/Qwen3-32B', unsupportedParams: [] },
    ],
    createdAt: at(5200),
  });

  apiKeysOf(account).seedDetails(account.apiKeyId, {
    name: 'Demo API key',
    description: 'The key behind the demo token',
    createdAt: at(-48),
    updatedAt: at(-48),
    lastUsed: at(7600),
  });
  const apiKeys: Array<[name: string, description: string, lastUsedHours: number | null]> = [
    ['Terraform (infra repo)', 'Manages configurations and access keys as code', 7410],
    ['CI deploy pipeline', 'Creates preview access keys for pull requests', 7588],
    ['Grafana usage exporter', 'Reads usage and credits every five minutes', null],
  ];
  apiKeys.forEach(([name, description, lastUsed], i) => {
    apiKeysOf(account).create({
      name,
      description,
      ...(i === 0 && { metadata: JSON.stringify({ owner: 'platform', repo: 'infra' }) }),
      token: `${seededString(`api-key-${name}`, 27)}_${seededString(`api-key-secret-${name}`, 21)}`,
      createdAt: at(5300 + i * 40),
      lastUsed: lastUsed === null ? null : at(lastUsed),
    });
  });

  gatewayConfigOf(account).update({
    perRequestTimeout: '45s',
    maxOutputTokens: 64_000,
    metadata: JSON.stringify({ owner: 'platform', changeTicket: 'OPS-1432' }),
  });
}
