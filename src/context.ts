import DataLoader from 'dataloader';
import type { RequestLogger } from './logger.ts';
import { operationOf, recordBatch, type OperationScope } from './operation-scope.ts';
import { AiGatewayApi, type AccessKey, type AccessKeyConfiguration, type ProviderKey } from './upstream/ai-gateway.ts';
import type { Upstreams } from './upstream/index.ts';
import { OpenRouterApi, type OpenRouterApiKey } from './upstream/openrouter.ts';

/**
 * Everything a resolver may use, built fresh for every GraphQL request: the caller's
 * credentials, API objects bound to them, and DataLoaders. Nothing here outlives the request.
 */
export interface GatewayContext {
  requestId: string;
  log: RequestLogger;
  /** The AI Gateway API bound to the caller's `Authorization` header; its calls fail with UNAUTHENTICATED without one. */
  aiGateway: AiGatewayApi;
  /** OpenRouter bound to the caller's `X-OpenRouter-Authorization` header (sent upstream as `Authorization`). */
  openRouter: OpenRouterApi;
  loaders: Loaders;
}

export interface Loaders {
  providerKey: DataLoader<string, ProviderKey | null>;
  accessKeyConfiguration: DataLoader<string, AccessKeyConfiguration | null>;
  accessKey: DataLoader<string, AccessKey | null>;
  /** OpenRouter keys by hash. */
  openRouterKey: DataLoader<string, OpenRouterApiKey | null>;
}

export function createContext(options: { request: Request; upstreams: Upstreams; requestId: string; log: RequestLogger }): GatewayContext {
  // Plain properties, no getters: yoga copies the context object, which would run them early.
  // The operation scope rides along to the upstream hooks (metrics, logs, traces).
  const operation = operationOf(options.request);
  const aiGateway = new AiGatewayApi(
    options.upstreams.aiGateway,
    bearerCredentials(options.request.headers.get('authorization')),
    operation,
  );
  const openRouter = new OpenRouterApi(
    options.upstreams.openRouter,
    bearerCredentials(options.request.headers.get('x-openrouter-authorization')),
    operation,
  );
  return {
    requestId: options.requestId,
    log: options.log,
    aiGateway,
    openRouter,
    loaders: createLoaders(aiGateway, openRouter, operation),
  };
}

/** Longer credential headers are refused rather than forwarded: no real API key is this long. */
const MAX_CREDENTIALS_LENGTH = 4096;

/**
 * Returns the header value to forward verbatim when it is a usable bearer credential,
 * undefined when it is absent, empty, overlong or not of the Bearer scheme.
 */
export function bearerCredentials(header: string | null): string | undefined {
  const value = header?.trim();
  if (!value || value.length > MAX_CREDENTIALS_LENGTH) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(value);
  return match ? value : undefined;
}

/**
 * The upstream has no batch read, so a batch is one GET per distinct id, in parallel;
 * DataLoader's value is deduplication within the request and priming from list results.
 */
function createLoaders(aiGateway: AiGatewayApi, openRouter: OpenRouterApi, operation: OperationScope | undefined): Loaders {
  const perKey = <V>(loader: string, get: (key: string) => Promise<V>) =>
    new DataLoader<string, V>(observedBatch(operation, loader, (keys) => Promise.all(keys.map((key) => settle(get(key))))));
  return {
    providerKey: perKey('providerKey', (id) => aiGateway.getProviderKey(id)),
    accessKeyConfiguration: perKey('accessKeyConfiguration', (id) => aiGateway.getAccessKeyConfiguration(id)),
    accessKey: perKey('accessKey', (id) => aiGateway.getAccessKey(id)),
    openRouterKey: perKey('openRouterKey', (hash) => openRouter.getKey(hash)),
  };
}

/** A failed key becomes its Error in the batch, so it fails alone. */
function settle<T>(promise: Promise<T>): Promise<T | Error> {
  return promise.catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))));
}

/** Reports each batch's size to the operation (the dataloader_batch_size metric). */
function observedBatch<K, V>(operation: OperationScope | undefined, loader: string, batch: DataLoader.BatchLoadFn<K, V>): DataLoader.BatchLoadFn<K, V> {
  return (keys) => {
    recordBatch(operation, loader, keys.length);
    return batch(keys);
  };
}
