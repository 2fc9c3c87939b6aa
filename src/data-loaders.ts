import { AI_GATEWAY_MAX_PAGE_SIZE } from './contract/page-sizes.ts';
import DataLoader from 'dataloader';
import { asError } from './errors.ts';
import { recordBatch, type OperationScope } from './observability/operation-scope.ts';
import type {
  AccessKey,
  AccessKeyConfiguration,
  AiGatewayApi,
  CreditPurchase,
  CursorPage,
  GatewayRequestTrace,
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
  [Name in keyof typeof LIST_FIRST_READS]: DataLoader<
    string,
    (typeof LIST_FIRST_READS)[Name] extends ListFirstReads<infer V> ? V | null : never
  >;
};

export interface Loaders extends ListFirstLoaders {
  /** OpenRouter keys by hash. */
  openRouterKey: DataLoader<string, OpenRouterApiKey | null>;
  /** One request's attempt trace by request id (GET /usage/requests/{id}); null when unknown. */
  gatewayRequest: DataLoader<string, GatewayRequestTrace | null>;
  creditPurchase: DataLoader<string, CreditPurchase | null>;
  /** One key's activity rows, keyed by activityKey(hash, date): one /activity call per key and date. */
  openRouterActivity: DataLoader<string, OpenRouterActivityRow[]>;
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
    new DataLoader<string, V>((keys) => {
      recordBatch(operation, name, keys.length);
      return batch(keys);
    });
  /** The upstreams read one resource per request: a batch is that many requests, in parallel. */
  const perKey = <V>(name: string, read: (key: string) => Promise<V>) =>
    loader<V>(name, (keys) => Promise.all(keys.map((key) => settle(read(key)))));
  const listFirstLoader = <V extends { id: string }>(name: string, reads: ListFirstReads<V>) => {
    const perId = (keys: readonly string[]) => Promise.all(keys.map((key) => settle(reads.get(aiGateway, key))));
    if (listLookupMinIds <= 0) return loader<V | null>(name, perId);
    const self: DataLoader<string, V | null> = loader(
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
  return {
    providerKey: listFirstLoader('providerKey', LIST_FIRST_READS.providerKey),
    accessKeyConfiguration: listFirstLoader('accessKeyConfiguration', LIST_FIRST_READS.accessKeyConfiguration),
    accessKey: listFirstLoader('accessKey', LIST_FIRST_READS.accessKey),
    openRouterKey: perKey('openRouterKey', (hash) => openRouter.getKey(hash)),
    gatewayRequest: perKey('gatewayRequest', (requestId) => aiGateway.getGatewayRequest(requestId)),
    creditPurchase: perKey('creditPurchase', (id) => aiGateway.getCreditPurchase(id)),
    openRouterActivity: perKey('openRouterActivity', (key) => {
      const [apiKeyHash, date] = JSON.parse(key) as [string, string | null];
      return openRouter.listActivity({ apiKeyHash, date: date ?? undefined });
    }),
  };
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
