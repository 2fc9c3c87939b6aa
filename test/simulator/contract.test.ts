// Every operation the simulators serve answers as the contract (openapi/*.yaml) says: one case
// per exchange below, each validated against the declared response schema. An operation the
// contract lists must have a case here or be in NOT_SERVED, and NOT_SERVED must really be
// unserved, so a new route or a new contract operation cannot go unchecked.
// Adding an operation = adding one entry to CASES (and removing it from NOT_SERVED).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKeysOf } from '../../src/simulator/ai-gateway/api-keys.ts';
import { providersOf } from '../../src/simulator/ai-gateway/providers.ts';
import { seedAiGatewayDemo } from '../../src/simulator/ai-gateway/seed.ts';
import { seedOpenRouterDemo } from '../../src/simulator/openrouter/seed.ts';
import {
  type AiGatewayAccount,
  type AiGatewaySimulator,
  type OpenRouterAccount,
  type OpenRouterSimulator,
  startAiGatewaySimulator,
  startOpenRouterSimulator,
} from '../../src/simulator/index.ts';
import { type ContractName, contractOperations, operationById, validateResponse } from '../helpers/contract.ts';
import { call, freshToken } from './helpers.ts';

/** A fresh account per case, seeded like the demo one on first use, in whichever simulator the case calls. */
interface Fixture {
  token: string;
  readonly ai: AiGatewayAccount;
  readonly openRouter: OpenRouterAccount;
}

type FromFixture<T> = T | ((f: Fixture) => T);

interface ContractCase {
  contract: ContractName;
  operationId: string;
  /** What this case shows, when an operation has several. */
  title?: string;
  /** Path under the API's base URL, query included; default: the template (which must then have no parameters). */
  path?: FromFixture<string>;
  body?: FromFixture<Record<string, unknown>>;
  /** Bearer token; default: the fixture's; null sends no Authorization header. */
  token?: FromFixture<string | null>;
  /** Expected status; default: the operation's only declared success status. */
  status?: number;
}

const first = <T>(items: readonly T[]): T => {
  if (items.length === 0) throw new Error('the seeded fixture has no such item');
  return items[0]!;
};
const providerKey = (f: Fixture) => first(f.ai.listProviderKeys()).id;
const linkedConfiguration = (f: Fixture) => first(f.ai.listAccessKeys().filter((k) => k.configurationId !== null)).configurationId!;
const accessKey = (f: Fixture) => first(f.ai.listAccessKeys()).id;
const apiKey = (f: Fixture) => first(apiKeysOf(f.ai).list()).id;
const provider = (f: Fixture, providerId: string) =>
  first(
    providersOf(f.ai)
      .list()
      .filter((p) => p.providerId === providerId),
  ).id;
const openRouterHash = (f: Fixture) => first(f.openRouter.listKeys({ offset: 0, includeDisabled: false })).hash;

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();
/** A request recorded in the fixture's usage history, by its id. */
const recordedRequest = (f: Fixture) =>
  f.ai.usage.addRequest({
    accessKeyId: accessKey(f),
    startedAtMs: Date.now() - 60_000,
    attempts: [
      { provider: 'openai', model: 'gpt-4o', keySource: 'ngrok', statusCode: 429, retryAction: 'next_key', durationMs: 100 },
      { provider: 'openai', model: 'gpt-4o', keySource: 'ngrok', tokens: { input: 1200, output: 300 } },
    ],
  })[0]!.event.requestId;

const AI = 'ai-gateway' as const;
const OR = 'openrouter' as const;

const CASES: ContractCase[] = [
  // ---- access keys
  { contract: AI, operationId: 'ListAIGatewayAccessKeys', path: '/access-keys?limit=2' },
  {
    contract: AI,
    operationId: 'ListAIGatewayAccessKeys',
    title: 'filtered by configuration',
    path: (f) => `/access-keys?accessKeyConfigurationId=${linkedConfiguration(f)}`,
  },
  { contract: AI, operationId: 'HeadAIGatewayAccessKeys' },
  {
    contract: AI,
    operationId: 'CreateAIGatewayAccessKey',
    body: (f) => ({ name: 'ci', accessKeyConfigurationId: linkedConfiguration(f) }),
  },
  { contract: AI, operationId: 'GetAIGatewayAccessKey', path: (f) => `/access-keys/${accessKey(f)}` },
  { contract: AI, operationId: 'GetAIGatewayAccessKey', title: 'unknown id', path: '/access-keys/aigk_nope', status: 404 },
  { contract: AI, operationId: 'HeadAIGatewayAccessKey', path: (f) => `/access-keys/${accessKey(f)}` },
  {
    contract: AI,
    operationId: 'UpdateAIGatewayAccessKey',
    path: (f) => `/access-keys/${accessKey(f)}`,
    body: { accessKeyConfigurationId: null },
  },
  { contract: AI, operationId: 'DeleteAIGatewayAccessKey', path: (f) => `/access-keys/${accessKey(f)}` },
  // ---- access key configurations
  { contract: AI, operationId: 'ListAIGatewayAccessKeyConfigurations', path: '/access-key-configurations?limit=3' },
  { contract: AI, operationId: 'HeadAIGatewayAccessKeyConfigurations' },
  {
    contract: AI,
    operationId: 'CreateAIGatewayAccessKeyConfiguration',
    body: (f) => ({
      name: 'new',
      access: { providers: { allow: ['openai'] } },
      router: { rules: [{ provider: 'openai', steps: [{ type: 'user', keys: [{ id: providerKey(f) }] }] }] },
    }),
  },
  { contract: AI, operationId: 'GetAIGatewayAccessKeyConfiguration', path: (f) => `/access-key-configurations/${linkedConfiguration(f)}` },
  { contract: AI, operationId: 'HeadAIGatewayAccessKeyConfiguration', path: (f) => `/access-key-configurations/${linkedConfiguration(f)}` },
  {
    contract: AI,
    operationId: 'UpdateAIGatewayAccessKeyConfiguration',
    path: (f) => `/access-key-configurations/${linkedConfiguration(f)}`,
    body: { description: null, access: null },
  },
  {
    contract: AI,
    operationId: 'DeleteAIGatewayAccessKeyConfiguration',
    path: (f) => `/access-key-configurations/${f.ai.createAccessKeyConfiguration({ name: 'unused' }).id}`,
  },
  {
    contract: AI,
    operationId: 'DeleteAIGatewayAccessKeyConfiguration',
    title: 'still linked',
    path: (f) => `/access-key-configurations/${linkedConfiguration(f)}`,
    status: 409,
  },
  // ---- API keys
  { contract: AI, operationId: 'ListAIGatewayAPIKeys' },
  { contract: AI, operationId: 'HeadAIGatewayAPIKeys' },
  { contract: AI, operationId: 'CreateAIGatewayAPIKey', body: { name: 'terraform', metadata: '{"repo":"infra"}' } },
  { contract: AI, operationId: 'CreateAIGatewayAPIKey', title: 'unknown field', body: { scopes: ['read'] }, status: 400 },
  { contract: AI, operationId: 'GetAIGatewayAPIKey', path: (f) => `/api-keys/${apiKey(f)}` },
  { contract: AI, operationId: 'HeadAIGatewayAPIKey', path: (f) => `/api-keys/${apiKey(f)}` },
  {
    contract: AI,
    operationId: 'UpdateAIGatewayAPIKey',
    path: (f) => `/api-keys/${apiKey(f)}`,
    body: { name: 'renamed', description: null },
  },
  { contract: AI, operationId: 'DeleteAIGatewayAPIKey', path: (f) => `/api-keys/${apiKey(f)}` },
  // ---- provider keys
  { contract: AI, operationId: 'ListAIGatewayProviderAPIKeys', path: '/provider-keys?provider=openai&limit=3' },
  { contract: AI, operationId: 'HeadAIGatewayProviderAPIKeys' },
  {
    contract: AI,
    operationId: 'CreateAIGatewayProviderAPIKey',
    body: { providerId: 'openai', name: 'prod', value: 'sk-contract-0123456789' },
  },
  { contract: AI, operationId: 'GetAIGatewayProviderAPIKey', path: (f) => `/provider-keys/${providerKey(f)}` },
  { contract: AI, operationId: 'HeadAIGatewayProviderAPIKey', path: (f) => `/provider-keys/${providerKey(f)}` },
  { contract: AI, operationId: 'UpdateAIGatewayProviderAPIKey', path: (f) => `/provider-keys/${providerKey(f)}`, body: { metadata: null } },
  { contract: AI, operationId: 'DeleteAIGatewayProviderAPIKey', path: (f) => `/provider-keys/${providerKey(f)}` },
  {
    contract: AI,
    operationId: 'RotateAIGatewayProviderAPIKey',
    path: (f) => `/provider-keys/${providerKey(f)}/rotate`,
    body: { name: 'rotated', value: 'sk-rotated-0123456789' },
  },
  // ---- custom providers
  { contract: AI, operationId: 'ListAIGatewayProviders' },
  { contract: AI, operationId: 'HeadAIGatewayProviders' },
  {
    contract: AI,
    operationId: 'CreateAIGatewayProvider',
    body: {
      providerId: 'lab-tgi',
      name: 'TGI lab',
      baseUrl: 'https://tgi.lab.example.com/v1',
      supportedApiSurfaces: [
        {
          format: 'openai',
          surface: 'chat-completions',
          baseUrl: 'https://chat.tgi.lab.example.com/v1',
          supportedParams: [{ name: 'messages' }],
        },
      ],
      models: [{ modelId: 'mixtral', providerModelId: 'mistralai/Mixtral-8x7B-Instruct-v0.1', unsupportedParams: ['tools'] }],
    },
  },
  {
    contract: AI,
    operationId: 'CreateAIGatewayProvider',
    title: 'plain http',
    body: { providerId: 'x', name: 'x', baseUrl: 'http://x.example.com' },
    status: 400,
  },
  { contract: AI, operationId: 'GetAIGatewayProvider', path: (f) => `/providers/${provider(f, 'my-ollama')}` },
  { contract: AI, operationId: 'HeadAIGatewayProvider', path: (f) => `/providers/${provider(f, 'my-ollama')}` },
  {
    contract: AI,
    operationId: 'UpdateAIGatewayProvider',
    path: (f) => `/providers/${provider(f, 'my-ollama')}`,
    body: { models: [], metadata: null },
  },
  { contract: AI, operationId: 'DeleteAIGatewayProvider', path: (f) => `/providers/${provider(f, 'internal-vllm')}` },
  {
    contract: AI,
    operationId: 'DeleteAIGatewayProvider',
    title: 'still referenced',
    path: (f) => `/providers/${provider(f, 'my-ollama')}`,
    status: 409,
  },
  // ---- model catalog
  { contract: AI, operationId: 'ListAIGatewayModels' },
  // ---- gateway configuration
  { contract: AI, operationId: 'GetAIGatewayConfig' },
  { contract: AI, operationId: 'HeadAIGatewayConfig' },
  { contract: AI, operationId: 'UpdateAIGatewayConfig', body: { totalTimeout: '2m', maxInputTokens: null, maxOutputTokens: 4096 } },
  { contract: AI, operationId: 'UpdateAIGatewayConfig', title: 'not a duration', body: { perRequestTimeout: 'ninety' }, status: 400 },
  { contract: AI, operationId: 'ListAIGatewayProviders', title: 'no token', token: null, status: 401 },
  // ---- usage
  { contract: AI, operationId: 'ListAIGatewayUsage', path: () => `/usage?startTime=${daysAgo(30)}&limit=5&includeRetries=true` },
  { contract: AI, operationId: 'ListAIGatewayUsage', title: 'no startTime', path: '/usage', status: 400 },
  { contract: AI, operationId: 'GetAIGatewayUsageOverview', path: () => `/usage/overview?startTime=${daysAgo(30)}&groupBy=accessKey` },
  { contract: AI, operationId: 'GetAIGatewayRequestAttempts', path: (f) => `/usage/requests/${recordedRequest(f)}` },
  { contract: AI, operationId: 'GetAIGatewayRequestAttempts', title: 'unknown request', path: '/usage/requests/rq_unknown', status: 404 },
  // ---- credits
  { contract: AI, operationId: 'GetCreditBalance' },
  { contract: AI, operationId: 'GetCreditTransactions' },
  { contract: AI, operationId: 'CreateCheckoutSession', body: { amount: 2500 } },
  { contract: AI, operationId: 'CreateCheckoutSession', title: 'no amount', body: {}, status: 400 },
  { contract: AI, operationId: 'CreateCreditPurchase', body: { amount: 1000 } },
  { contract: AI, operationId: 'CreateCreditPurchase', title: 'amount too large', body: { amount: 50_001 }, status: 400 },
  { contract: AI, operationId: 'GetCreditPurchase', path: (f) => `/credits/purchases/${f.ai.credits.purchase(500, undefined).id}` },

  // ---- OpenRouter key management
  { contract: OR, operationId: 'list', path: '/keys?offset=100&include_disabled=true' },
  { contract: OR, operationId: 'list', title: 'no token', token: null, status: 401 },
  { contract: OR, operationId: 'createKeys', body: { name: 'ci', limit: 10, limit_reset: 'monthly' } },
  { contract: OR, operationId: 'createKeys', title: 'no name', body: { limit: 10 }, status: 400 },
  {
    contract: OR,
    operationId: 'createKeys',
    title: 'inference key',
    token: (f) => f.openRouter.createKey({ name: 'inference', secret: 'sk-or-v1-contract-inference-key' }).secret,
    body: { name: 'x' },
    status: 403,
  },
  { contract: OR, operationId: 'getKey', path: (f) => `/keys/${openRouterHash(f)}` },
  { contract: OR, operationId: 'getKey', title: 'unknown hash', path: '/keys/0000', status: 404 },
  { contract: OR, operationId: 'updateKeys', path: (f) => `/keys/${openRouterHash(f)}`, body: { disabled: true, limit: null } },
  { contract: OR, operationId: 'deleteKeys', path: (f) => `/keys/${openRouterHash(f)}` },
  { contract: OR, operationId: 'getCurrentKey' },
  { contract: OR, operationId: 'getCredits' },
  { contract: OR, operationId: 'getUserActivity' },
];

/** Contract operations the simulators do not serve, each with the reason (none at the moment). */
const NOT_SERVED: Partial<Record<ContractName, Record<string, string>>> = {};

let aiGateway: AiGatewaySimulator;
let openRouter: OpenRouterSimulator;
beforeAll(async () => {
  [aiGateway, openRouter] = await Promise.all([startAiGatewaySimulator({ port: 0 }), startOpenRouterSimulator({ port: 0 })]);
});
afterAll(() => Promise.all([aiGateway.close(), openRouter.close()]));

const simulatorOf = (contract: ContractName) => (contract === AI ? aiGateway : openRouter);

function newFixture(): Fixture {
  const token = freshToken('contract');
  let ai: AiGatewayAccount | undefined;
  let or: OpenRouterAccount | undefined;
  return {
    token,
    get ai() {
      if (!ai) {
        ai = aiGateway.account(token);
        seedAiGatewayDemo(ai);
      }
      return ai;
    },
    get openRouter() {
      if (!or) {
        or = openRouter.account(token);
        seedOpenRouterDemo(or);
      }
      return or;
    },
  };
}

const resolve = <T>(value: FromFixture<T>, f: Fixture): T => (typeof value === 'function' ? (value as (f: Fixture) => T)(f) : value);

function onlySuccess(responses: Record<string, unknown>): number {
  const successes = Object.keys(responses).filter((s) => /^2\d\d$/.test(s));
  if (successes.length !== 1) throw new Error(`declares ${successes.length} success statuses; give the case a status`);
  return Number(successes[0]);
}

describe('simulator answers match the contract', () => {
  it.each(CASES.map((c) => [`${c.contract} ${c.operationId}${c.title ? ` (${c.title})` : ''}`, c] as const))('%s', async (_name, c) => {
    const op = operationById(c.contract, c.operationId);
    const f = newFixture();
    // Every case runs against a seeded account, whether or not its path or body reads it.
    void (c.contract === AI ? f.ai : f.openRouter);
    const path = c.path === undefined ? op.path : resolve(c.path, f);
    const token = c.token === undefined ? f.token : resolve(c.token, f);
    const body = c.body === undefined ? undefined : resolve(c.body, f);
    const res = await call(simulatorOf(c.contract).url, path, { method: op.method, token, body });
    expect(res.status, res.text).toBe(c.status ?? onlySuccess(op.responses));
    const answered = validateResponse(c.contract, op.method, path, res.status, res.text === '' ? undefined : res.json);
    expect(answered.operationId).toBe(c.operationId);
  });
});

describe('contract coverage of the simulators', () => {
  for (const contract of [AI, OR]) {
    it(`has a case for every ${contract} operation the simulator serves, and only those are left out`, () => {
      const covered = new Set(CASES.filter((c) => c.contract === contract).map((c) => c.operationId));
      const notServed = NOT_SERVED[contract] ?? {};
      const basePath = new URL(simulatorOf(contract).url).pathname.replace(/\/$/, '');
      const problems: string[] = [];
      for (const op of contractOperations(contract)) {
        const served = simulatorOf(contract).serves(op.method, basePath + op.path.replace(/\{[^}]+\}/g, 'x'));
        if (covered.has(op.operationId) && op.operationId in notServed)
          problems.push(`${op.operationId}: has a case and is listed as not served`);
        else if (covered.has(op.operationId) && !served) problems.push(`${op.operationId}: has a case but no route`);
        else if (!covered.has(op.operationId) && served) problems.push(`${op.operationId}: served but has no case`);
        else if (!covered.has(op.operationId) && !(op.operationId in notServed))
          problems.push(`${op.operationId}: neither a case nor a reason`);
      }
      for (const id of Object.keys(notServed)) operationById(contract, id); // a stale entry names no operation
      expect(problems).toEqual([]);
    });
  }
});

describe('the contract validator', () => {
  const key = {
    id: 'aigak_1',
    uri: 'u',
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
    createdBy: { id: 'a', uri: 'u' },
    lastUpdatedBy: { id: 'a', uri: 'u' },
    keyRedacted: 'x',
  };

  it('accepts a conforming body, with null where the schema is nullable behind allOf', () => {
    expect(
      validateResponse(AI, 'GET', '/access-keys/aigk_1', 200, { ...key, lastUsed: null, accessKeyConfiguration: null }).operationId,
    ).toBe('GetAIGatewayAccessKey');
  });

  it('rejects missing and unknown fields, wrong types and formats', () => {
    const { keyRedacted: _, ...missing } = key;
    expect(() => validateResponse(AI, 'GET', '/access-keys/aigk_1', 200, missing)).toThrow(/keyRedacted/);
    expect(() => validateResponse(AI, 'GET', '/access-keys/aigk_1', 200, { ...key, extra: 1 })).toThrow(/additional/);
    expect(() => validateResponse(AI, 'GET', '/access-keys/aigk_1', 200, { ...key, createdAt: 'yesterday' })).toThrow(/date-time/);
    expect(() =>
      validateResponse(AI, 'GET', '/gateway-config', 200, { accountId: 'a', uri: 'u', totalTimeout: 1, perRequestTimeout: '1s' }),
    ).toThrow(/totalTimeout/);
  });

  it('rejects unknown operations, undeclared statuses and bodies where none is declared', () => {
    expect(() => validateResponse(AI, 'PUT', '/access-keys', 200, {})).toThrow(/no operation/);
    expect(() => validateResponse(AI, 'POST', '/access-keys', 200, key)).toThrow(/no response with status 200/);
    expect(() => validateResponse(OR, 'GET', '/keys', 404, { error: { code: 404, message: 'x' } })).toThrow(/status 404/);
    expect(() => validateResponse(AI, 'DELETE', '/access-keys/aigk_1', 204, { deleted: true })).toThrow(/declares no body/);
    expect(() => validateResponse(AI, 'GET', '/v1/models', 200, undefined)).toThrow(/got none/);
  });

  it('checks error answers against `default`', () => {
    expect(() => validateResponse(AI, 'GET', '/providers/x', 404, { statusCode: 404, msg: 'no', details: {} })).not.toThrow();
    expect(() => validateResponse(AI, 'GET', '/providers/x', 404, { statusCode: 404, msg: 'no', details: { n: 1 } })).toThrow(/details/);
  });
});
