import { AI_GATEWAY_MAX_PAGE_SIZE } from './contract/page-sizes.ts';
import DataLoader from 'dataloader';
import { asError } from './errors.ts';
import { recordBatch, type OperationScope } from './observability/operation-scope.ts';
import type { AccessKey, AccessKeyConfiguration, AiGatewayApi, CursorPage, ProviderKey } from './upstream/ai-gateway.ts';
import type { OpenRouterApi, OpenRouterApiKey } from './upstream/openrouter.ts';

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
    openRouterKey: loader('openRouterKey', (hashes) => Promise.all(hashes.map((hash) => settle(openRouter.getKey(hash))))),
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
