import { GatewayError } from '../errors.ts';
import type { UpstreamClient, UpstreamErrorDescription } from './client.ts';
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

type PatchBody<T> = T extends (infer Item)[] ? PatchBody<Item>[] : T extends object ? { [K in keyof T]?: PatchBody<T[K]> | null } : T;
export type RouterStepKey = Schemas['RouterStepKey'];

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

  listAccessKeys(page: CursorPageRequest): Promise<CursorPage<AccessKey>> {
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

  /** Credentials or UNAUTHENTICATED: no request without a token ever reaches the upstream. */
  #credentials(): string {
    if (this.credentials === undefined) {
      throw new GatewayError('UNAUTHENTICATED', 'Send your AI Gateway API key as "Authorization: Bearer <key>".');
    }
    return this.credentials;
  }

  async #list<T>(path: string, field: string, what: string, query: Record<string, string | number | undefined>): Promise<CursorPage<T>> {
    const body = await this.client.request<unknown>({ method: 'GET', path, query, credentials: this.#credentials(), caller: this.caller });
    const items = expectList<T>(body, field, what);
    const next = isObject(body) ? body.nextPageUri : undefined;
    return { items, hasMore: typeof next === 'string' && next !== '' };
  }

  /** A lookup: 404 means "no such resource" and resolves to null. */
  async #get<T>(path: string, what: string): Promise<T | null> {
    try {
      const body = await this.client.request<unknown>({ method: 'GET', path, credentials: this.#credentials(), caller: this.caller });
      return expectRecord<T>(body, what);
    } catch (error) {
      if (error instanceof GatewayError && error.code === 'NOT_FOUND') return null;
      throw error;
    }
  }

  async #write<T>(method: 'POST' | 'PATCH', path: string, body: unknown, what: string): Promise<T> {
    const answer = await this.client.request<unknown>({ method, path, body, credentials: this.#credentials(), caller: this.caller });
    return expectRecord<T>(answer, what);
  }

  /** 204 without a body; a body, if the upstream sends one, carries nothing we need. */
  async #delete(path: string): Promise<void> {
    await this.client.request<unknown>({ method: 'DELETE', path, credentials: this.#credentials(), caller: this.caller });
  }
}
