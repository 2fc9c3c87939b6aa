import { GatewayError } from '../errors.ts';
import type { RequestBudget, UpstreamClient, UpstreamErrorDescription, UpstreamRequest } from './client.ts';
import type { components } from '../contract/ai-gateway.ts';
import { expectList, expectRecord, isObject } from './response-shape.ts';

type Schemas = components['schemas'];
export type ProviderKey = Schemas['AIGatewayProviderAPIKeyDetail'];
export type ProviderKeyUpdate = Schemas['AIGatewayProviderAPIKeyUpdate'];
export type ProviderKeyCreate = Schemas['AIGatewayProviderAPIKeyCreate'];
export type ProviderKeyRotate = Schemas['AIGatewayProviderAPIKeyRotate'];
export type AccessKey = Schemas['AIGatewayAccessKey'];
export type AccessKeyCreate = Schemas['AIGatewayAccessKeyCreate'];
export type AccessKeyUpdate = Schemas['AIGatewayAccessKeyUpdate'];
export type AccessKeyConfiguration = Schemas['AIGatewayAccessKeyConfiguration'];
/**
 * The PATCH body as the gateway sends it: the client's explicit nulls travel at every
 * nesting level (the upstream decides what a nested null means), omitted fields do not.
 */
export type AccessKeyConfigurationUpdate = PatchBody<Schemas['AIGatewayAccessKeyConfigurationUpdate']>;
export type AccessScopeWrite = PatchBody<Schemas['AccessScope']>;
export type RouterWrite = PatchBody<Schemas['RouterWrite']>;
/** The create body: top-level fields are never null, nested ones travel as the client gave them (as for PATCH). */
export type AccessKeyConfigurationCreate = Omit<Schemas['AIGatewayAccessKeyConfigurationCreate'], 'access' | 'router'> & {
  access?: AccessScopeWrite;
  router?: RouterWrite;
};

export type Provider = Schemas['AIGatewayProvider'];
export type ProviderCreate = Schemas['AIGatewayProviderCreate'];
export type ProviderUpdate = Schemas['AIGatewayProviderUpdate'];
export type ApiKey = Schemas['AIGatewayAPIKey'];
export type ApiKeyCreate = Schemas['AIGatewayAPIKeyCreate'];
export type ApiKeyUpdate = Schemas['AIGatewayAPIKeyUpdate'];
/** One entry of the model catalog, in the upstream's snake_case. */
export type CatalogModel = Schemas['AIGatewayModel'];
export type GatewayConfig = Schemas['AIGatewayConfig'];
export type GatewayConfigUpdate = Schemas['AIGatewayConfigUpdate'];

type PatchBody<T> = T extends (infer Item)[] ? PatchBody<Item>[] : T extends object ? { [K in keyof T]?: PatchBody<T[K]> | null } : T;
export type RouterStepKey = Schemas['RouterStepKey'];
export type UsageEvent = Schemas['AIGatewayUsageEvent'];
export type UsageOverview = Schemas['AIGatewayUsageOverview'];
export type UsageBucket = Schemas['AIGatewayUsageOverviewBucket'];
export type GatewayRequestTrace = Schemas['AIGatewayRequest'];
export type GatewayRequestAttempt = Schemas['AIGatewayRequestAttempt'];
export type CreditGrant = Schemas['CreditTransactionCredits'];
export type UsageInvoice = Schemas['CreditTransactionUsageInvoice'];
export type UsageInvoicePreview = Schemas['CreditTransactionUsageInvoicePreview'];
/** A transaction as the upstream sent it: `type` may be a kind this contract does not know yet. */
export type CreditTransaction = Schemas['CreditTransactionItem'] | { type: string };
export type CreditPurchase = Schemas['CreditPurchase'];
export type CheckoutSession = Schemas['CheckoutSession'];

export interface UsageQuery {
  /** RFC 3339. */
  startTime: string;
  endTime?: string | undefined;
  accessKeyId?: string | undefined;
  includeRetries?: boolean | undefined;
  /** The upstream's opaque cursor, as read out of the previous page's `nextPageUri`. */
  cursor?: string | undefined;
  limit: number;
}

export interface UsagePage {
  items: UsageEvent[];
  /** The `cursor` of the next page; undefined on the last page. */
  nextCursor: string | undefined;
}

export interface CursorPageRequest {
  beforeId?: string | undefined;
  limit: number;
}

export interface CursorPage<T> {
  items: T[];
  /** True when the upstream announced a following page (`nextPageUri`); its URL is never fetched. */
  hasMore: boolean;
}

/** Reads the AI Gateway's `Error` body: `{errorCode?, statusCode, msg, details}`. */
export function describeAiGatewayError(statusCode: number, body: unknown): UpstreamErrorDescription {
  if (!isObject(body)) return { message: '', upstream: { statusCode } };
  const msg = typeof body.msg === 'string' ? body.msg : '';
  return {
    message: msg,
    upstream: {
      statusCode: typeof body.statusCode === 'number' ? body.statusCode : statusCode,
      errorCode: typeof body.errorCode === 'string' ? body.errorCode : null,
      msg,
      details: isObject(body.details) ? body.details : {},
    },
  };
}

/**
 * The AI Gateway control-plane API, bound to one caller's credentials.
 * One instance per GraphQL request; the connection pool underneath is shared.
 */
export class AiGatewayApi {
  constructor(
    private readonly client: UpstreamClient,
    /** The caller's `Authorization` value; undefined when the request had none. */
    private readonly credentials: string | undefined,
    /** Handed back to the client's attempt hooks (metrics, logs, traces of the operation). */
    private readonly caller?: object,
    /** The operation's allowance of upstream requests, shared with the other API objects of the request. */
    private readonly budget?: RequestBudget,
  ) {}

  listProviderKeys(page: CursorPageRequest & { provider?: string | undefined }): Promise<CursorPage<ProviderKey>> {
    return this.#list('/provider-keys', 'aiGatewayProviderKeys', 'provider key', { ...page });
  }

  getProviderKey(id: string): Promise<ProviderKey | null> {
    return this.#get(`/provider-keys/${encodeURIComponent(id)}`, 'provider key');
  }

  updateProviderKey(id: string, body: ProviderKeyUpdate): Promise<ProviderKey> {
    return this.#write('PATCH', `/provider-keys/${encodeURIComponent(id)}`, body, 'provider key');
  }

  createProviderKey(body: ProviderKeyCreate): Promise<ProviderKey> {
    return this.#write('POST', '/provider-keys', body, 'provider key');
  }

  /** Replaces the secret under the same id; the upstream requires the name alongside it. */
  rotateProviderKey(id: string, body: ProviderKeyRotate): Promise<ProviderKey> {
    return this.#write('POST', `/provider-keys/${encodeURIComponent(id)}/rotate`, body, 'provider key');
  }

  deleteProviderKey(id: string): Promise<void> {
    return this.#delete(`/provider-keys/${encodeURIComponent(id)}`);
  }

  listAccessKeyConfigurations(page: CursorPageRequest): Promise<CursorPage<AccessKeyConfiguration>> {
    return this.#list('/access-key-configurations', 'aiGatewayAccessKeyConfigurations', 'access key configuration', {
      ...page,
    });
  }

  getAccessKeyConfiguration(id: string): Promise<AccessKeyConfiguration | null> {
    return this.#get(`/access-key-configurations/${encodeURIComponent(id)}`, 'access key configuration');
  }

  updateAccessKeyConfiguration(id: string, body: AccessKeyConfigurationUpdate): Promise<AccessKeyConfiguration> {
    return this.#write('PATCH', `/access-key-configurations/${encodeURIComponent(id)}`, body, 'access key configuration');
  }

  createAccessKeyConfiguration(body: AccessKeyConfigurationCreate): Promise<AccessKeyConfiguration> {
    return this.#write('POST', '/access-key-configurations', body, 'access key configuration');
  }

  /** Refused with 409 (CONFLICT) while an access key still links the configuration. */
  deleteAccessKeyConfiguration(id: string): Promise<void> {
    return this.#delete(`/access-key-configurations/${encodeURIComponent(id)}`);
  }

  /** `accessKeyConfigurationId` keeps only the keys linked to that configuration. */
  listAccessKeys(page: CursorPageRequest & { accessKeyConfigurationId?: string | undefined }): Promise<CursorPage<AccessKey>> {
    return this.#list('/access-keys', 'aiGatewayAccessKeys', 'access key', { ...page });
  }

  getAccessKey(id: string): Promise<AccessKey | null> {
    return this.#get(`/access-keys/${encodeURIComponent(id)}`, 'access key');
  }

  /** The answer carries the plaintext `token`, which the upstream never returns again. */
  createAccessKey(body: AccessKeyCreate): Promise<AccessKey> {
    return this.#write('POST', '/access-keys', body, 'access key');
  }

  updateAccessKey(id: string, body: AccessKeyUpdate): Promise<AccessKey> {
    return this.#write('PATCH', `/access-keys/${encodeURIComponent(id)}`, body, 'access key');
  }

  deleteAccessKey(id: string): Promise<void> {
    return this.#delete(`/access-keys/${encodeURIComponent(id)}`);
  }

  listProviders(page: CursorPageRequest): Promise<CursorPage<Provider>> {
    return this.#list('/providers', 'aiGatewayProviders', 'provider', { ...page });
  }

  getProvider(id: string): Promise<Provider | null> {
    return this.#get(`/providers/${encodeURIComponent(id)}`, 'provider');
  }

  createProvider(body: ProviderCreate): Promise<Provider> {
    return this.#write('POST', '/providers', body, 'provider');
  }

  /** `models` and `supportedApiSurfaces` replace the whole list when sent. */
  updateProvider(id: string, body: ProviderUpdate): Promise<Provider> {
    return this.#write('PATCH', `/providers/${encodeURIComponent(id)}`, body, 'provider');
  }

  /** Refused with 409 (CONFLICT) while a provider key or a configuration still refers to the provider. */
  deleteProvider(id: string): Promise<void> {
    return this.#delete(`/providers/${encodeURIComponent(id)}`);
  }

  /** The whole catalog in one unpaged answer (`{object: "list", data}`). */
  async listModels(): Promise<CatalogModel[]> {
    return expectList<CatalogModel>(await this.#send({ method: 'GET', path: '/v1/models' }), 'data', 'model');
  }

  listApiKeys(page: CursorPageRequest): Promise<CursorPage<ApiKey>> {
    return this.#list('/api-keys', 'aiGatewayApiKeys', 'API key', { ...page });
  }

  getApiKey(id: string): Promise<ApiKey | null> {
    return this.#get(`/api-keys/${encodeURIComponent(id)}`, 'API key');
  }

  /** The answer carries the plaintext `token`, which the upstream never returns again. */
  createApiKey(body: ApiKeyCreate): Promise<ApiKey> {
    return this.#write('POST', '/api-keys', body, 'API key');
  }

  updateApiKey(id: string, body: ApiKeyUpdate): Promise<ApiKey> {
    return this.#write('PATCH', `/api-keys/${encodeURIComponent(id)}`, body, 'API key');
  }

  deleteApiKey(id: string): Promise<void> {
    return this.#delete(`/api-keys/${encodeURIComponent(id)}`);
  }

  /** The account's settings: a singleton, identified by `accountId`. */
  async getGatewayConfig(): Promise<GatewayConfig> {
    return expectRecord<GatewayConfig>(await this.#send({ method: 'GET', path: '/gateway-config' }), 'gateway configuration', 'accountId');
  }

  updateGatewayConfig(body: GatewayConfigUpdate): Promise<GatewayConfig> {
    return this.#write('PATCH', '/gateway-config', body, 'gateway configuration', undefined, 'accountId');
  }

  /** One page of per-attempt usage events, newest first. */
  async listUsage(q: UsageQuery): Promise<UsagePage> {
    const { cursor, ...filters } = q;
    const body = await this.#send({ method: 'GET', path: '/usage', query: { ...filters, cursor } });
    const items = expectList<UsageEvent>(body, 'aiGatewayUsage', 'usage event');
    return { items, nextCursor: cursorOf(isObject(body) ? body.nextPageUri : undefined) };
  }

  async getUsageOverview(q: {
    startTime: string;
    endTime?: string | undefined;
    groupBy?: 'provider' | 'accessKey';
  }): Promise<UsageOverview> {
    const body = await this.#send({ method: 'GET', path: '/usage/overview', query: q });
    if (!isObject(body) || !Array.isArray(body.buckets) || !isObject(body.totals))
      throw badResponse('a usage overview without buckets and totals');
    return body as unknown as UsageOverview;
  }

  /** Every attempt of one request; null when the upstream does not know the request id. */
  async getGatewayRequest(requestId: string): Promise<GatewayRequestTrace | null> {
    const trace = await this.#get<GatewayRequestTrace>(`/usage/requests/${encodeURIComponent(requestId)}`, 'request', 'requestId');
    if (trace && !Array.isArray(trace.attempts)) throw badResponse('a request without "attempts"');
    return trace;
  }

  async getCreditBalance(): Promise<number> {
    const body = await this.#send({ method: 'GET', path: '/credits/balance' });
    if (!isObject(body) || !Number.isSafeInteger(body.balanceCents)) throw badResponse('a credit balance without integer "balanceCents"');
    return body.balanceCents as number;
  }

  async listCreditTransactions(): Promise<CreditTransaction[]> {
    const body = await this.#send({ method: 'GET', path: '/credits/transactions' });
    const items = isObject(body) ? body.items : undefined;
    if (!Array.isArray(items) || !items.every((item) => isObject(item) && typeof item.type === 'string')) {
      throw badResponse('credit transactions without "items" of a "type"');
    }
    return items as CreditTransaction[];
  }

  createCheckoutSession(amountCents: number): Promise<CheckoutSession> {
    return this.#write('POST', '/credits/checkout-session', { amount: amountCents }, 'checkout session', undefined, 'sessionId');
  }

  /**
   * Charges the account's saved card. Sent once, never retried (the client retries only reads);
   * `idempotencyKey` makes a deliberate repeat return the original purchase instead of charging again.
   */
  purchaseCredits(amountCents: number, idempotencyKey: string): Promise<CreditPurchase> {
    return this.#write('POST', '/credits/purchases', { amount: amountCents }, 'credit purchase', { 'idempotency-key': idempotencyKey });
  }

  getCreditPurchase(id: string): Promise<CreditPurchase | null> {
    return this.#get(`/credits/purchases/${encodeURIComponent(id)}`, 'credit purchase');
  }

  /** Credentials or UNAUTHENTICATED: no request without a token ever reaches the upstream. */
  #credentials(): string {
    if (this.credentials === undefined) {
      throw new GatewayError('UNAUTHENTICATED', 'Send your AI Gateway API key as "Authorization: Bearer <key>".');
    }
    return this.credentials;
  }

  #send(req: Omit<UpstreamRequest, 'credentials' | 'caller' | 'budget'>): Promise<unknown> {
    return this.client.request<unknown>({ ...req, credentials: this.#credentials(), caller: this.caller, budget: this.budget });
  }

  async #list<T>(path: string, field: string, what: string, query: Record<string, string | number | undefined>): Promise<CursorPage<T>> {
    const body = await this.#send({ method: 'GET', path, query });
    const items = expectList<T>(body, field, what);
    const next = isObject(body) ? body.nextPageUri : undefined;
    return { items, hasMore: typeof next === 'string' && next !== '' };
  }

  /** A lookup: 404 means "no such resource" and resolves to null. */
  async #get<T>(path: string, what: string, idField = 'id'): Promise<T | null> {
    try {
      return expectRecord<T>(await this.#send({ method: 'GET', path }), what, idField);
    } catch (error) {
      if (error instanceof GatewayError && error.code === 'NOT_FOUND') return null;
      throw error;
    }
  }

  async #write<T>(
    method: 'POST' | 'PATCH',
    path: string,
    body: unknown,
    what: string,
    headers?: Record<string, string>,
    idField = 'id',
  ): Promise<T> {
    return expectRecord<T>(await this.#send({ method, path, body, headers }), what, idField);
  }

  /** 204 without a body; a body, if the upstream sends one, carries nothing we need. */
  async #delete(path: string): Promise<void> {
    await this.#send({ method: 'DELETE', path });
  }
}

/**
 * The `cursor` query parameter of a `nextPageUri`, which may be an absolute URL or a path. The
 * URI itself is never requested: the next page is asked of the configured origin with this cursor.
 */
export function cursorOf(nextPageUri: unknown): string | undefined {
  if (typeof nextPageUri !== 'string' || nextPageUri === '') return undefined;
  let cursor: string | null = null;
  try {
    cursor = new URL(nextPageUri, 'http://relative.invalid').searchParams.get('cursor');
  } catch {
    // Not a URL at all: reported below like a URL without a cursor.
  }
  if (!cursor) throw badResponse('a next usage page whose nextPageUri carries no cursor');
  return cursor;
}

function badResponse(what: string): GatewayError {
  return new GatewayError('UPSTREAM_BAD_RESPONSE', `AI Gateway answered with ${what}.`);
}
