import { createServer, type Server } from 'node:http';
import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import type { Logger } from 'pino';
import type { Config } from './config.ts';
import { createContext, type GatewayContext } from './context.ts';
import { graphiqlOptions } from './graphiql.ts';
import { useErrorCodes } from './plugins/use-error-codes.ts';
import { useHotOperationJit } from './plugins/use-hot-operation-jit.ts';
import { useRequestBodyLimit } from './plugins/use-request-body-limit.ts';
import { requestIdOf, useRequestId } from './plugins/use-request-id.ts';
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
  const yoga = createYoga<{}, GatewayContext>({
    schema,
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: '/healthz',
    landingPage: false,
    graphiql: graphiqlOptions(config.graphiqlDemoToken),
    // Loaded on first use: GraphiQL's bundle is ~9 MB of source, ~45 MB of memory once imported.
    renderGraphiQL: async (options) => (await import('@graphql-yoga/render-graphiql')).renderGraphiQL(options),
    logging: false,
    maxRequestBodySize: false, // useRequestBodyLimit() below
    context: ({ request }) => {
      const requestId = requestIdOf(request);
      return createContext({ request, upstreams, requestId, log: log.child({ requestId }) });
    },
    plugins: [useRequestBodyLimit(), useHotOperationJit(), useRequestId(), useErrorCodes()],
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
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await upstreams.close();
    },
  };
}
