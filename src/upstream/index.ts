import type { Config } from '../config.ts';
import { describeAiGatewayError } from './ai-gateway.ts';
import { UpstreamClient, type UpstreamAttempt } from './client.ts';

/** The shared, long-lived connection pools, one per configured upstream origin. */
export interface Upstreams {
  aiGateway: UpstreamClient;
  close(): Promise<void>;
}

export function createUpstreams(config: Config, onAttempt?: (event: UpstreamAttempt) => void): Upstreams {
  const common = {
    timeoutMs: config.upstreamTimeoutMs,
    connections: config.upstreamConnections,
    maxRetries: config.upstreamMaxRetries,
    retryBudgetMs: config.upstreamRetryBudgetMs,
    ...(onAttempt ? { onAttempt } : {}),
  };
  const aiGateway = new UpstreamClient({
    ...common,
    name: 'AI Gateway',
    baseUrl: config.aiGatewayApiUrl,
    authHeader: 'authorization',
    describeError: describeAiGatewayError,
  });
  return {
    aiGateway,
    close: async () => {
      await aiGateway.close();
    },
  };
}
