import { createServer, type Server } from 'node:http';
import type { SpanExporter } from '@opentelemetry/sdk-trace';
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { useDisableIntrospection } from '@graphql-yoga/plugin-disable-introspection';
import { createYoga, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import type { Logger } from 'pino';
import type { Config } from './config.ts';
import { createContext, type GatewayContext } from './context.ts';
import { graphiqlOptions, graphiqlRenderer } from './graphiql.ts';
import { GatewayMetrics } from './observability/metrics.ts';
import { lazyChild, unredactedSibling } from './logger.ts';
import { operationLog } from './observability/access-log.ts';
import { useOperationScope, type OperationObserver, type OperationScope } from './observability/operation-scope.ts';
import { useErrorCodes } from './plugins/use-error-codes.ts';
import { useHotOperationJit } from './plugins/use-hot-operation-jit.ts';
import { useHttpRefusals } from './plugins/use-http-refusals.ts';
import { useMetrics } from './observability/use-metrics.ts';
import { useQueryLimits } from './plugins/use-query-limits.ts';
import { Readiness, useReadiness } from './plugins/use-readiness.ts';
import { useRequestBodyLimit } from './plugins/use-request-body-limit.ts';
import { requestIdOf, useRequestId } from './observability/request-id.ts';
import { useSecretRedaction } from './plugins/use-secret-redaction.ts';
import { loadPersistedOperations } from './persisted-operations.ts';
import { usePersistedOperationsOnly } from './plugins/use-persisted-operations.ts';
import { schema } from './schema/index.ts';
import { createTracing, type Tracing } from './observability/tracing.ts';
import { createUpstreams, type Upstreams } from './upstream/index.ts';

export interface Gateway {
  // biome-ignore lint/complexity/noBannedTypes: yoga's type for "no server context" is {}.
  yoga: YogaServerInstance<{}, GatewayContext>;
  server: Server;
  upstreams: Upstreams;
  /** `/readyz`: ready once listening; the shutdown path flips it (close() does first). */
  readiness: Readiness;
  /** Undefined when METRICS_ENABLED=false. */
  metrics: GatewayMetrics | undefined;
  /** Undefined when tracing is off. */
  tracing: Tracing | undefined;
  /** Listens on the configured host and port; resolves to the base URL. */
  listen(): Promise<string>;
  close(): Promise<void>;
}

/** Requests carrying credentials or a custom header cannot be cross-site "simple" requests. */
const CSRF_HEADERS = ['x-graphql-yoga-csrf', 'apollo-require-preflight', 'authorization', 'x-openrouter-authorization'];

export interface GatewayOptions {
  /** Exports spans here instead of the OTEL_*-configured exporter, and turns tracing on (tests). */
  spanExporter?: SpanExporter;
}

/** Wires the schema, per-request context, plugins and upstream pools into one HTTP server. */
export function createGateway(config: Config, log: Logger, options: GatewayOptions = {}): Gateway {
  const readiness = new Readiness();
  const metrics = config.metricsEnabled ? new GatewayMetrics() : undefined;
  const tracing = createTracing(config.tracing, options.spanExporter, log);
  const upstreams = createUpstreams(config, {
    onAttempt: (attempt) => {
      const operation = attempt.caller as OperationScope | undefined;
      if (operation) operation.upstreamCalls += 1;
      metrics?.observeUpstream(attempt);
      if (log.isLevelEnabled('debug')) {
        // The caller (the operation, with its HTTP request) stays out of the log line.
        const { caller: _operation, ...call } = attempt;
        log.debug({ upstreamCall: call }, 'upstream call');
      }
    },
    ...(tracing ? { beforeAttempt: tracing.beforeUpstreamAttempt } : {}),
  });
  // Tracing first: its span is open before the others look at the scope; the log line is last.
  const observers: OperationObserver[] = [
    ...(tracing ? [tracing.operations] : []),
    ...(metrics ? [{ end: metrics.observeOperation }] : []),
    operationLog(unredactedSibling(log)),
  ];
  // biome-ignore lint/complexity/noBannedTypes: yoga's type for "no server context" is {}.
  const yoga = createYoga<{}, GatewayContext>({
    schema,
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: '/healthz',
    landingPage: false,
    graphiql: graphiqlOptions(config.graphiqlDemoToken),
    // Made once, kept as bytes; prerendered by `npm run build` (see graphiqlRenderer).
    renderGraphiQL: graphiqlRenderer(),
    logging: false,
    maxRequestBodySize: false, // useRequestBodyLimit() below
    // Browsers may call only from the listed origins; an empty list sends no CORS headers at all.
    cors:
      config.corsOrigins.length > 0
        ? {
            origin: config.corsOrigins,
            methods: ['GET', 'POST'],
            allowedHeaders: ['content-type', 'authorization', 'x-openrouter-authorization', 'x-request-id', 'x-graphql-yoga-csrf'],
            exposedHeaders: ['x-request-id'],
          }
        : false,
    context: ({ request }) => {
      const requestId = requestIdOf(request);
      return createContext({
        request,
        upstreams,
        requestId,
        log: lazyChild(log, { requestId }),
        listLookupMinIds: config.listLookupMinIds,
        maxUpstreamRequests: config.limits.maxUpstreamRequests,
      });
    },
    plugins: [
      useHttpRefusals({ graphqlEndpoint: '/graphql', csrfHeaders: CSRF_HEADERS }),
      useRequestBodyLimit(config.maxRequestBytes),
      useRequestId(),
      useReadiness(readiness),
      ...(metrics ? [useMetrics(metrics)] : []),
      useOperationScope(observers),
      useCSRFPrevention({ requestHeaders: CSRF_HEADERS }),
      ...(config.persistedOperationsFile ? [usePersistedOperationsOnly(loadPersistedOperations(config.persistedOperationsFile))] : []),
      ...useQueryLimits(schema, config.limits),
      useHotOperationJit(),
      useErrorCodes() as Plugin,
      // After useErrorCodes: it rewrites the errors that useErrorCodes produced.
      useSecretRedaction(),
      ...(config.introspection ? [] : [useDisableIntrospection()]),
    ],
  });
  const server = createServer(yoga);
  return {
    yoga,
    server,
    upstreams,
    readiness,
    metrics,
    tracing,
    listen: () =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.port, config.host, () => {
          const address = server.address();
          const port = typeof address === 'object' && address ? address.port : config.port;
          const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
          readiness.markReady();
          resolve(`http://${host.includes(':') ? `[${host}]` : host}:${port}`);
        });
      }),
    /**
     * Stops accepting, closes idle connections (and each busy one once its response is written:
     * useReadiness), lets in-flight requests finish within SHUTDOWN_TIMEOUT_MS, then closes the
     * upstream pools. The delay before it, while /readyz says 503, is the caller's (src/main.ts).
     */
    close: async () => {
      readiness.markStopping();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      let cut = false;
      const deadline = setTimeout(() => {
        cut = true;
        log.warn({ timeoutMs: config.shutdownTimeoutMs }, 'shutdown timeout: closing the connections still open');
        server.closeAllConnections();
      }, config.shutdownTimeoutMs);
      await closed;
      clearTimeout(deadline);
      // Requests cut at the deadline may still wait on an upstream, with nobody left to answer.
      await (cut ? upstreams.destroy() : upstreams.close());
      await tracing?.shutdown();
    },
  };
}
