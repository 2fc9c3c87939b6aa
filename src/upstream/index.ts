import type { Config } from '../config.ts';
import { describeAiGatewayError } from './ai-gateway.ts';
import { UpstreamClient, type UpstreamClientOptions } from './client.ts';
import { describeOpenRouterError } from './openrouter.ts';

/** The shared, long-lived connection pools, one per configured upstream origin. */
export interface Upstreams {
  aiGateway: UpstreamClient;
  openRouter: UpstreamClient;
  close(): Promise<void>;
  /** Aborts what is still in flight (after the shutdown deadline). */
  destroy(): Promise<void>;
}

/** Observability hooks every upstream client calls (metrics, logs, tracing). */
export type UpstreamHooks = Pick<UpstreamClientOptions, 'onAttempt' | 'beforeAttempt'>;

export function createUpstreams(config: Config, hooks: UpstreamHooks = {}): Upstreams {
  const common = {
    timeoutMs: config.upstreamTimeoutMs,
    maxResponseBytes: config.upstreamMaxResponseBytes,
    connections: config.upstreamConnections,
    maxRetries: config.upstreamMaxRetries,
    retryBudgetMs: config.upstreamRetryBudgetMs,
    ...hooks,
  };
  const aiGateway = new UpstreamClient({
    ...common,
    name: 'AI Gateway',
    baseUrl: config.aiGatewayApiUrl,
    authHeader: 'authorization',
    describeError: describeAiGatewayError,
  });
  // OpenRouter management keys go only to OPENROUTER_API_URL (its /api/v1 path is kept as the base path).
  const openRouter = new UpstreamClient({
    ...common,
    name: 'OpenRouter',
    baseUrl: config.openRouterApiUrl,
    authHeader: 'authorization',
    describeError: describeOpenRouterError,
  });
  return {
    aiGateway,
    openRouter,
    close: async () => {
      await aiGateway.close();
      await openRouter.close();
    },
    destroy: async () => {
      await Promise.all([aiGateway.destroy(), openRouter.destroy()]);
    },
  };
}
