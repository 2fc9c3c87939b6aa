import { createServer, type Server } from 'node:http';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { useDisableIntrospection } from '@graphql-yoga/plugin-disable-introspection';
import { createYoga, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import type { Logger } from 'pino';
import type { Config } from './config.ts';
import { createContext, type GatewayContext } from './context.ts';
import { graphiqlOptions } from './graphiql.ts';
import { useErrorCodes } from './plugins/use-error-codes.ts';
import { useQueryLimits } from './plugins/use-query-limits.ts';
import { requestIdOf, useRequestId } from './plugins/use-request-id.ts';
import { useSecretRedaction } from './plugins/use-secret-redaction.ts';
import { schema } from './schema/index.ts';
import { createUpstreams, type Upstreams } from './upstream/index.ts';

export interface Gateway {
  yoga: YogaServerInstance<{}, GatewayContext>;
  server: Server;
  upstreams: Upstreams;
  /** Listens on the configured host and port; resolves to the base URL. */
  listen(): Promise<string>;
  close(): Promise<void>;
}

/** Wires the schema, per-request context, plugins and upstream pools into one HTTP server. */
export function createGateway(config: Config, log: Logger): Gateway {
  const upstreams = createUpstreams(config, (attempt) => log.debug({ upstreamCall: attempt }, 'upstream call'));
  const plugins: Plugin[] = [
    useRequestId(),
    // Requests carrying credentials or a custom header cannot be cross-site "simple" requests.
    useCSRFPrevention({ requestHeaders: ['x-graphql-yoga-csrf', 'apollo-require-preflight', 'authorization', 'x-openrouter-authorization'] }),
    ...useQueryLimits(config.limits),
    useErrorCodes() as Plugin,
    // After useErrorCodes: it rewrites the errors that useErrorCodes produced.
    useSecretRedaction(),
  ];
  if (!config.introspection) plugins.push(useDisableIntrospection());
  const yoga = createYoga<{}, GatewayContext>({
    schema,
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: '/healthz',
    landingPage: false,
    graphiql: graphiqlOptions(config.graphiqlDemoToken),
    renderGraphiQL,
    logging: false,
    maxRequestBodySize: config.maxRequestBytes,
    // Browsers may call only from the listed origins; an empty list sends no CORS headers at all.
    cors: config.corsOrigins.length > 0
      ? { origin: config.corsOrigins, methods: ['GET', 'POST'], allowedHeaders: ['content-type', 'authorization', 'x-openrouter-authorization', 'x-request-id', 'x-graphql-yoga-csrf'], exposedHeaders: ['x-request-id'] }
      : false,
    context: ({ request }) => {
      const requestId = requestIdOf(request);
      return createContext({ request, upstreams, requestId, log: log.child({ requestId }) });
    },
    plugins,
  });
  const server = createServer(yoga);
  return {
    yoga,
    server,
    upstreams,
    listen: () =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.port, config.host, () => {
          const address = server.address();
          const port = typeof address === 'object' && address ? address.port : config.port;
          const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
          resolve(`http://${host.includes(':') ? `[${host}]` : host}:${port}`);
        });
      }),
    /** Stops accepting, lets in-flight requests finish within SHUTDOWN_TIMEOUT_MS, then closes the upstream pools. */
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const deadline = setTimeout(() => server.closeAllConnections(), config.shutdownTimeoutMs);
      await closed;
      clearTimeout(deadline);
      await upstreams.close();
    },
  };
}
