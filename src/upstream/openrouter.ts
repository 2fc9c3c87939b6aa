import { GatewayError } from '../errors.ts';
import type { RequestBudget, UpstreamClient, UpstreamErrorDescription } from './client.ts';
import type { components } from '../contract/openrouter.ts';
import { expectRecord, isObject } from './response-shape.ts';

type Schemas = components['schemas'];
export type OpenRouterApiKey = Schemas['ApiKey'];
export type OpenRouterKeyCreate = Schemas['KeyCreateInput'];
/** Only the fields the client gave; `limit` and `limit_reset` may be null (remove the cap, stop resets). */
export type OpenRouterKeyUpdate = Schemas['KeyUpdateInput'];
export type OpenRouterLimitReset = NonNullable<OpenRouterKeyUpdate['limit_reset']>;
export type OpenRouterCredits = Schemas['CreditsResponse']['data'];
export type OpenRouterActivityRow = Schemas['ActivityItem'];

const WHAT = 'OpenRouter key';

/** OpenRouter secrets and management keys look like `sk-or-v1-…`; an error message never repeats one. */
const SECRET_LIKE = /\b(sk-or-[A-Za-z0-9_-]+|Bearer\s+[A-Za-z0-9._~+/=-]+)/gi;

/** Reads OpenRouter's error body `{error: {code, message, metadata?}}`; only status and message go out. */
export function describeOpenRouterError(statusCode: number, body: unknown): UpstreamErrorDescription {
  const error = isObject(body) && isObject(body.error) ? body.error : undefined;
  // metadata is left out: its content is open-ended ("extra context") and could echo input.
  const message = typeof error?.message === 'string' ? error.message.replace(SECRET_LIKE, '[redacted]').slice(0, 500) : '';
  return { message, upstream: { statusCode, message } };
}

/**
 * OpenRouter's key-management API, bound to one caller's management key (the
 * `X-OpenRouter-Authorization` header). One instance per GraphQL request.
 */
export class OpenRouterApi {
  constructor(
    private readonly client: UpstreamClient,
    /** `Bearer <key>` as the caller sent it; undefined when the request had none. */
    private readonly credentials: string | undefined,
    /** Handed back to the client's attempt hooks (metrics, logs, traces of the operation). */
    private readonly caller?: object,
    /** The operation's allowance of upstream requests, shared with the other API objects of the request. */
    private readonly budget?: RequestBudget,
  ) {}

  /** One upstream page (up to 100 keys, newest first) starting at `offset`. */
  async listKeys(query: { offset: number; includeDisabled?: boolean | undefined }): Promise<OpenRouterApiKey[]> {
    const body = await this.#request('GET', '/keys', {
      query: {
        // offset=0 is the plain call the docs describe; leave it out.
        offset: query.offset > 0 ? query.offset : undefined,
        include_disabled: query.includeDisabled,
      },
    });
    const list = isObject(body) ? body.data : undefined;
    if (!Array.isArray(list)) throw badResponse('a key list without "data"');
    return list.map(expectApiKey);
  }

  /** A lookup: 404 means "no such key" and resolves to null. */
  async getKey(hash: string): Promise<OpenRouterApiKey | null> {
    try {
      return expectApiKey(dataOf(await this.#request('GET', keyPath(hash))));
    } catch (error) {
      if (error instanceof GatewayError && error.code === 'NOT_FOUND') return null;
      throw error;
    }
  }

  /** Returns the new key and its secret, which the upstream shows only this once. */
  async createKey(body: OpenRouterKeyCreate): Promise<{ data: OpenRouterApiKey; key: string }> {
    const answer = await this.#request('POST', '/keys', { body });
    if (!isObject(answer) || typeof answer.key !== 'string') throw badResponse('a created key without its "key"');
    return { data: expectApiKey(answer.data), key: answer.key };
  }

  async updateKey(hash: string, body: OpenRouterKeyUpdate): Promise<OpenRouterApiKey> {
    return expectApiKey(dataOf(await this.#request('PATCH', keyPath(hash), { body })));
  }

  /** The contract answers 200 `{deleted: true}`; an empty 2xx is accepted too. */
  async deleteKey(hash: string): Promise<void> {
    const answer = await this.#request('DELETE', keyPath(hash));
    if (answer !== undefined && !(isObject(answer) && answer.deleted === true)) {
      throw badResponse('a delete answer without "deleted": true');
    }
  }

  /** USD bought and used by the account, all time. */
  async getCredits(): Promise<OpenRouterCredits> {
    const data = dataOf(await this.#request('GET', '/credits'));
    if (!isObject(data) || typeof data.total_credits !== 'number' || typeof data.total_usage !== 'number') {
      throw badResponse('credits without numeric "total_credits" and "total_usage"');
    }
    return data as OpenRouterCredits;
  }

  /** Daily activity rows of the last 30 completed UTC days, of the account or of one key; `date` keeps one day. */
  async listActivity(query: { date?: string | undefined; apiKeyHash?: string | undefined }): Promise<OpenRouterActivityRow[]> {
    const rows = dataOf(await this.#request('GET', '/activity', { query: { date: query.date, api_key_hash: query.apiKeyHash } }));
    if (!Array.isArray(rows) || !rows.every(isObject)) throw badResponse('activity without a "data" list');
    return rows as OpenRouterActivityRow[];
  }

  /** Credentials or UNAUTHENTICATED: no request without a management key ever reaches OpenRouter. */
  #credentials(): string {
    if (this.credentials === undefined) {
      throw new GatewayError('UNAUTHENTICATED', 'Send your OpenRouter management key as "X-OpenRouter-Authorization: Bearer <key>".');
    }
    return this.credentials;
  }

  #request(
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    path: string,
    extra: { query?: Record<string, string | number | boolean | undefined>; body?: unknown } = {},
  ): Promise<unknown> {
    return this.client.request<unknown>({
      method,
      path,
      credentials: this.#credentials(),
      caller: this.caller,
      budget: this.budget,
      ...extra,
    });
  }
}

function keyPath(hash: string): string {
  return `/keys/${encodeURIComponent(hash)}`;
}

function dataOf(body: unknown): unknown {
  return isObject(body) ? body.data : undefined;
}

const STRINGS = ['name', 'label', 'created_at', 'workspace_id'] as const;
const BOOLEANS = ['disabled', 'include_byok_in_limit'] as const;
const NUMBERS = [
  'usage',
  'usage_daily',
  'usage_weekly',
  'usage_monthly',
  'byok_usage',
  'byok_usage_daily',
  'byok_usage_weekly',
  'byok_usage_monthly',
] as const;

/** Checks the fields the schema serves as non-null, so a wrong body is UPSTREAM_BAD_RESPONSE, not a crash. */
function expectApiKey(value: unknown): OpenRouterApiKey {
  const key = expectRecord<Record<string, unknown>>(value, WHAT, 'hash');
  const wrong =
    STRINGS.find((field) => typeof key[field] !== 'string') ??
    BOOLEANS.find((field) => typeof key[field] !== 'boolean') ??
    NUMBERS.find((field) => typeof key[field] !== 'number');
  if (wrong) throw badResponse(`an ${WHAT} whose "${wrong}" has the wrong type`);
  return key as unknown as OpenRouterApiKey;
}

function badResponse(what: string): GatewayError {
  return new GatewayError('UPSTREAM_BAD_RESPONSE', `OpenRouter answered with ${what}.`);
}
