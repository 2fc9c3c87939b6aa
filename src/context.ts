import type { RequestLogger } from './logger.ts';
import { DEFAULT_LIST_LOOKUP_MIN_IDS } from './config.ts';
import { createLoaders, type Loaders } from './data-loaders.ts';
import { operationOf } from './observability/operation-scope.ts';
import { AiGatewayApi } from './upstream/ai-gateway.ts';
import { RequestBudget } from './upstream/client.ts';
import type { Upstreams } from './upstream/index.ts';
import { OpenRouterApi } from './upstream/openrouter.ts';

export type { Loaders } from './data-loaders.ts';

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

export interface ContextOptions {
  request: Request;
  upstreams: Upstreams;
  requestId: string;
  log: RequestLogger;
  /** LIST_LOOKUP_MIN_IDS (see createLoaders). */
  listLookupMinIds?: number;
  /** MAX_UPSTREAM_REQUESTS, enforced on the requests actually made (see RequestBudget); unlimited when absent. */
  maxUpstreamRequests?: number;
}

export function createContext(options: ContextOptions): GatewayContext {
  // Plain properties, no getters: yoga copies the context object, which would run them early.
  // The operation scope rides along to the upstream hooks (metrics, logs, traces).
  const operation = operationOf(options.request);
  // One allowance for both upstreams: the limit is on the operation's requests, wherever they go.
  const budget = new RequestBudget(options.maxUpstreamRequests ?? Number.POSITIVE_INFINITY);
  const aiGateway = new AiGatewayApi(
    options.upstreams.aiGateway,
    bearerCredentials(options.request.headers.get('authorization')),
    operation,
    budget,
  );
  const openRouter = new OpenRouterApi(
    options.upstreams.openRouter,
    bearerCredentials(options.request.headers.get('x-openrouter-authorization')),
    operation,
    budget,
  );
  return {
    requestId: options.requestId,
    log: options.log,
    aiGateway,
    openRouter,
    loaders: createLoaders(aiGateway, openRouter, operation, options.listLookupMinIds ?? DEFAULT_LIST_LOOKUP_MIN_IDS),
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
