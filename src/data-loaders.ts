import { AI_GATEWAY_MAX_PAGE_SIZE } from './contract/page-sizes.ts';
import DataLoader from 'dataloader';
import { asError } from './errors.ts';
import { recordBatch, type OperationScope } from './observability/operation-scope.ts';
import type {
  AccessKey,
  AccessKeyConfiguration,
  AiGatewayApi,
  ApiKey,
  CatalogModel,
  CreditPurchase,
  CursorPage,
  GatewayRequestTrace,
  Provider,
  ProviderKey,
} from './upstream/ai-gateway.ts';
import type { OpenRouterActivityRow, OpenRouterApi, OpenRouterApiKey } from './upstream/openrouter.ts';

/** How a list-first loader reads its type: one list page, or one resource by id. */
interface ListFirstReads<V> {
  list(api: AiGatewayApi, page: { limit: number }): Promise<CursorPage<V>>;
  get(api: AiGatewayApi, id: string): Promise<V | null>;
}

/** The AI Gateway loaders, each able to answer a batch from one list page (see listFirst). */
const LIST_FIRST_READS = {
  providerKey: {
    list: (api, page) => api.listProviderKeys(page),
    get: (api, id) => api.getProviderKey(id),
  } satisfies ListFirstReads<ProviderKey>,
  accessKeyConfiguration: {
    list: (api, page) => api.listAccessKeyConfigurations(page),
    get: (api, id) => api.getAccessKeyConfiguration(id),
  } satisfies ListFirstReads<AccessKeyConfiguration>,
  accessKey: {
    list: (api, page) => api.listAccessKeys(page),
    get: (api, id) => api.getAccessKey(id),
  } satisfies ListFirstReads<AccessKey>,
};

type ListFirstLoaders = {
  [Name in keyof typeof LIST_FIRST_READS]: SharedPromiseLoader<
    (typeof LIST_FIRST_READS)[Name] extends ListFirstReads<infer V> ? V | null : never
  >;
};

export interface Loaders extends ListFirstLoaders {
  /**
   * Custom providers and API keys by id: one GET each (accounts have few, and nothing looks many
   * up at once, so they are not list-first; lists and the provider walk prime them).
   */
  provider: SharedPromiseLoader<Provider | null>;
  apiKey: SharedPromiseLoader<ApiKey | null>;
  /** OpenRouter keys by hash. */
  openRouterKey: SharedPromiseLoader<OpenRouterApiKey | null>;
  /** One request's attempt trace by request id (GET /usage/requests/{id}); null when unknown. */
  gatewayRequest: SharedPromiseLoader<GatewayRequestTrace | null>;
  creditPurchase: SharedPromiseLoader<CreditPurchase | null>;
  /** One key's activity rows, keyed by activityKey(hash, date): one /activity call per key and date. */
  openRouterActivity: SharedPromiseLoader<OpenRouterActivityRow[]>;
  /** The model catalog (one unpaged GET /v1/models), read at most once per request; the only key is 'catalog'. */
  modelCatalog: DataLoader<'catalog', CatalogModel[]>;
  /** The account's custom providers by slug (providerId), all answered from one read of the provider list per request. */
  providerBySlug: SharedPromiseLoader<Provider | null>;
  /** The newest `limit` access keys of a configuration; a batch may be answered from pages of all access keys (see configurationKeysFirst). */
  configurationAccessKeys: DataLoader<ConfigurationKeysRequest, CursorPage<AccessKey>, string>;
}

/** The first page of one configuration's access keys, as `GET /access-keys?accessKeyConfigurationId=&limit=` reads it. */
export interface ConfigurationKeysRequest {
  configurationId: string;
  limit: number;
}

/** The openRouterActivity loader's key for a key hash and an optional day. */
export function activityKey(hash: string, date: string | null | undefined): string {
  return JSON.stringify([hash, date ?? null]);
}

/** Loaders that may read a list page on top of their lookups: the upper bound of extra requests per operation. */
export const LIST_FIRST_LOADERS = Object.keys(LIST_FIRST_READS).length;

/**
 * Per-request DataLoaders. The upstreams have no batch read, so a batch is one GET per distinct
 * id, in parallel; DataLoader deduplicates within the request and is primed from list results.
 * On the AI Gateway a batch of `listLookupMinIds` ids or more first reads one list page instead
 * (see listFirst); 0 turns that off.
 */
export function createLoaders(
  aiGateway: AiGatewayApi,
  openRouter: OpenRouterApi,
  operation: OperationScope | undefined,
  listLookupMinIds: number,
): Loaders {
  const loader = <V>(name: string, batch: DataLoader.BatchLoadFn<string, V>) =>
    new SharedPromiseLoader<V>((keys) => {
      recordBatch(operation, name, keys.length);
      return batch(keys);
    });
  /** The upstreams read one resource per request: a batch is that many requests, in parallel. */
  const perKey = <V>(name: string, read: (key: string) => Promise<V>) =>
    loader<V>(name, (keys) => Promise.all(keys.map((key) => settle(read(key)))));
  const listFirstLoader = <V extends { id: string }>(name: string, reads: ListFirstReads<V>) => {
    const perId = (keys: readonly string[]) => Promise.all(keys.map((key) => settle(reads.get(aiGateway, key))));
    if (listLookupMinIds <= 0) return loader<V | null>(name, perId);
    const self: SharedPromiseLoader<V | null> = loader(
      name,
      listFirst(
        listLookupMinIds,
        () => reads.list(aiGateway, { limit: AI_GATEWAY_MAX_PAGE_SIZE }),
        perId,
        (item) => self.prime(item.id, item),
      ),
    );
    return self;
  };
  const provider = perKey('provider', (id) => aiGateway.getProvider(id));
  const accessKey = listFirstLoader('accessKey', LIST_FIRST_READS.accessKey);
  const configurationKeys = configurationKeysFirst(
    listLookupMinIds,
    (beforeId) => aiGateway.listAccessKeys({ beforeId, limit: AI_GATEWAY_MAX_PAGE_SIZE }),
    (request) => aiGateway.listAccessKeys({ limit: request.limit, accessKeyConfigurationId: request.configurationId }),
    (key) => accessKey.prime(key.id, key),
  );
  // The provider list, read once however many slugs are asked for; it primes the by-id loader too.
  const allProviders = once(async () => {
    const providers = await walkList((page) => aiGateway.listProviders(page));
    for (const item of providers) provider.prime(item.id, item);
    return providers;
  });
  return {
    providerKey: listFirstLoader('providerKey', LIST_FIRST_READS.providerKey),
    accessKeyConfiguration: listFirstLoader('accessKeyConfiguration', LIST_FIRST_READS.accessKeyConfiguration),
    accessKey,
    provider,
    apiKey: perKey('apiKey', (id) => aiGateway.getApiKey(id)),
    openRouterKey: perKey('openRouterKey', (hash) => openRouter.getKey(hash)),
    gatewayRequest: perKey('gatewayRequest', (requestId) => aiGateway.getGatewayRequest(requestId)),
    creditPurchase: perKey('creditPurchase', (id) => aiGateway.getCreditPurchase(id)),
    openRouterActivity: perKey('openRouterActivity', (key) => {
      const [apiKeyHash, date] = JSON.parse(key) as [string, string | null];
      return openRouter.listActivity({ apiKeyHash, date: date ?? undefined });
    }),
    modelCatalog: loader('modelCatalog', async (keys) => {
      const models = await aiGateway.listModels();
      return keys.map(() => models);
    }),
    providerBySlug: loader('providerBySlug', async (slugs) => {
      const bySlug = new Map((await allProviders()).map((p) => [p.providerId, p]));
      return slugs.map((slug) => bySlug.get(slug) ?? null);
    }),
    configurationAccessKeys: new DataLoader(
      (requests) => {
        recordBatch(operation, 'configurationAccessKeys', requests.length);
        return configurationKeys(requests);
      },
      { cacheKeyFn: (request) => `${request.configurationId}\u0000${request.limit}` },
    ),
  };
}

/**
 * A DataLoader whose repeated loads of one key share one promise, and that answers a key it has
 * already settled without one. DataLoader answers each cache hit with a new Promise resolved with
 * the cached one (two more microtasks) and two closures, in a batch of its own: 100 usage events
 * of 6 access keys made 94 of them per request. `read` goes further: once a key's load (or a
 * prime) has settled, it returns the value itself, so that a list's items resolve synchronously.
 * Clearing a key (DataLoader clears failed batches itself) forgets its promise and value too.
 */
export class SharedPromiseLoader<V> extends DataLoader<string, V> {
  readonly #promises = new Map<string, Promise<V>>();
  readonly #settled = new Map<string, { value: V } | { error: unknown }>();

  override load(key: string): Promise<V> {
    const shared = this.#promises.get(key);
    if (shared !== undefined) return shared;
    const loading = super.load(key);
    this.#promises.set(key, loading);
    // Recorded unless the key was cleared (or replaced) while it loaded.
    const settle = (outcome: { value: V } | { error: unknown }) => {
      if (this.#promises.get(key) === loading) this.#settled.set(key, outcome);
    };
    loading.then(
      (value) => settle({ value }),
      (error: unknown) => settle({ error }),
    );
    return loading;
  }

  /** Like `load`, but the value itself (or a throw of its error) once the key has settled in this request. */
  read(key: string): V | Promise<V> {
    const settled = this.#settled.get(key);
    if (settled === undefined) return this.load(key);
    if ('error' in settled) throw settled.error;
    return settled.value;
  }

  /** Values only (not promises), so that what DataLoader holds for a key has settled. */
  override prime(key: string, value: V | Error): this {
    // DataLoader keeps the first answer it holds for a key, so this does too.
    if (!this.#promises.has(key) && !this.#settled.has(key)) {
      this.#settled.set(key, value instanceof Error ? { error: value } : { value });
    }
    return super.prime(key, value);
  }

  /**
   * What this request knows of `key` from now on: a write's answer, or null after a delete, in
   * place of whatever it had loaded, so that its later reads agree with the write.
   */
  replace(key: string, value: V): this {
    return this.clear(key).prime(key, value);
  }

  override clear(key: string): this {
    this.#promises.delete(key);
    this.#settled.delete(key);
    return super.clear(key);
  }

  override clearAll(): this {
    this.#promises.clear();
    this.#settled.clear();
    return super.clearAll();
  }
}

/** Pages of all access keys one request may read for a batch of configurations (the estimate counts them). */
export const CONFIGURATION_KEYS_PAGES = 3;

/**
 * A batch of configurations' first key pages. Like listFirst: a batch of at least `minIds`
 * configurations first reads the newest pages of all access keys (once per request, at most
 * CONFIGURATION_KEYS_PAGES, and another only while it can spare two filtered lists). A
 * configuration with at least `limit` keys among them is answered from them: they are the
 * account's newest keys, so they hold that configuration's newest `limit`. When they are the
 * whole list, they answer every configuration. The others get their own filtered list.
 */
export function configurationKeysFirst(
  minIds: number,
  listPage: (beforeId: string | undefined) => Promise<CursorPage<AccessKey>>,
  filtered: (request: ConfigurationKeysRequest) => Promise<CursorPage<AccessKey>>,
  prime: (key: AccessKey) => void,
): DataLoader.BatchLoadFn<ConfigurationKeysRequest, CursorPage<AccessKey>> {
  let listed = false;
  const one = (request: ConfigurationKeysRequest) => settle(filtered(request));
  return async (requests) => {
    if (minIds <= 0 || listed || requests.length < minIds) return Promise.all(requests.map(one));
    listed = true;
    const byConfiguration = new Map<string, AccessKey[]>();
    const ownKeys = (request: ConfigurationKeysRequest) => byConfiguration.get(request.configurationId) ?? [];
    let complete = false;
    try {
      let beforeId: string | undefined;
      for (let pages = 0; pages < CONFIGURATION_KEYS_PAGES; pages++) {
        const page = await listPage(beforeId);
        for (const key of page.items) {
          prime(key);
          const configurationId = key.accessKeyConfiguration?.id;
          if (configurationId === undefined) continue;
          const own = byConfiguration.get(configurationId);
          if (own) own.push(key);
          else byConfiguration.set(configurationId, [key]);
        }
        beforeId = page.items.at(-1)?.id;
        complete = !page.hasMore || beforeId === undefined;
        if (complete || requests.filter((request) => ownKeys(request).length < request.limit).length < 2) break;
      }
    } catch (error) {
      // The list failed as each filtered list would have (credentials, rate limit, outage).
      const failure = asError(error);
      return requests.map(() => failure);
    }
    return Promise.all(
      requests.map((request) => {
        const keys = ownKeys(request);
        if (keys.length < request.limit && !complete) return one(request);
        return { items: keys.slice(0, request.limit), hasMore: keys.length > request.limit || !complete };
      }),
    );
  };
}

/** Every page of a `beforeId` list, in order. */
async function walkList<V extends { id: string }>(
  list: (page: { beforeId?: string; limit: number }) => Promise<CursorPage<V>>,
): Promise<V[]> {
  const items: V[] = [];
  for (;;) {
    const page = await list({ ...(items.length > 0 && { beforeId: items.at(-1)!.id }), limit: AI_GATEWAY_MAX_PAGE_SIZE });
    items.push(...page.items);
    if (!page.hasMore || page.items.length === 0) return items;
  }
}

/** Runs `read` on the first call only; later calls share its promise (one read per request). */
function once<T>(read: () => Promise<T>): () => Promise<T> {
  let result: Promise<T> | undefined;
  return () => (result ??= read());
}

/**
 * A batch of at least `minIds` ids reads the newest list page (100 items) before any GET.
 * Accounts hold few provider keys and configurations, so that page usually answers the whole
 * batch: the router keys of 20 configurations cost 1 request instead of 10, which also spares
 * the caller's upstream rate limit. Ids the page lacks are fetched one by one, unless the page
 * was the whole list (no next page): then they do not exist, as a GET would have said with 404.
 * Every item on the page primes the loader. Only a request's first such batch lists, so an
 * operation pays at most one extra request per loader when the page misses everything.
 */
export function listFirst<V extends { id: string }>(
  minIds: number,
  listPage: () => Promise<CursorPage<V>>,
  perId: (ids: readonly string[]) => Promise<(V | null | Error)[]>,
  prime: (item: V) => void,
): DataLoader.BatchLoadFn<string, V | null> {
  let listed = false;
  return async (ids) => {
    if (listed || ids.length < minIds) return perId(ids);
    listed = true;
    let page: CursorPage<V>;
    try {
      page = await listPage();
    } catch (error) {
      // The list failed as every GET of the batch would have (credentials, rate limit, outage).
      const failure = asError(error);
      return ids.map(() => failure);
    }
    const wanted = new Set(ids);
    const byId = new Map<string, V>();
    for (const item of page.items) {
      if (wanted.has(item.id)) byId.set(item.id, item);
      else prime(item);
    }
    const missing = page.hasMore ? ids.filter((id) => !byId.has(id)) : [];
    const fetched = new Map<string, V | null | Error>();
    if (missing.length > 0) {
      const results = await perId(missing);
      for (const [index, id] of missing.entries()) fetched.set(id, results[index]!);
    }
    return ids.map((id) => byId.get(id) ?? fetched.get(id) ?? null);
  };
}

/** A failed key becomes its Error in the batch, so it fails alone. */
function settle<T>(promise: Promise<T>): Promise<T | Error> {
  return promise.catch(asError);
}
