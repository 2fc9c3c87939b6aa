// The peer: the GraphQL schema that GraphQL Mesh's @omnigraph/openapi generates from the same
// OpenAPI document, served by the same graphql-yoga, forwarding the caller's bearer token.
// Run alone: `PEER_UPSTREAM_URL=http://127.0.0.1:4010 tsx bench/peer.ts` (prints its URL).
import { createServer, type Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { loadGraphQLSchemaFromOpenAPI } from '@omnigraph/openapi';
import { createYoga } from 'graphql-yoga';
import { Agent, fetch as undiciFetch } from 'undici';
import { useRequestBodyLimit } from '../src/plugins/use-request-body-limit.ts';

export const OPENAPI_DOCUMENT = fileURLToPath(new URL('../openapi/ngrok-ai-gateway.openapi.yaml', import.meta.url));

export interface PeerOptions {
  /** Base URL of the upstream REST API. */
  upstreamUrl: string;
  /**
   * `default`: the loader's own fetch (@whatwg-node/fetch over node:http, keep-alive);
   * `undici`: undici's fetch with a keep-alive pool of `connections` per origin, as the facade has.
   */
  fetch?: 'default' | 'undici';
  connections?: number;
  /** Give the peer the gateway's cheaper request body limit (bench/RESULTS.md measures both). */
  bodyLimitByContentLength?: boolean;
}

/** Builds the peer's yoga instance (a fetch-API handler that node:http can serve). */
export async function createPeerYoga(options: PeerOptions) {
  const dispatcher = new Agent({ connections: options.connections ?? 64, keepAliveTimeout: 30_000 });
  const fetchFn = options.fetch === 'undici' ? (input: any, init?: any) => undiciFetch(input, { ...init, dispatcher }) : undefined;
  const schema = await loadGraphQLSchemaFromOpenAPI('AiGateway', {
    source: OPENAPI_DOCUMENT,
    cwd: process.cwd(),
    endpoint: options.upstreamUrl,
    // The loader interpolates `{context.…}` per request: the caller's own token goes upstream.
    operationHeaders: { authorization: '{context.headers.authorization}' },
    ...(fetchFn ? { fetch: fetchFn as never } : {}),
  });
  return createYoga({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    graphiql: false,
    logging: false,
    context: ({ request }) => ({ headers: { authorization: request.headers.get('authorization') ?? undefined } }),
    ...(options.bodyLimitByContentLength
      ? { maxRequestBodySize: false as const, plugins: [useRequestBodyLimit(25_000_000 /* yoga's default */)] }
      : {}),
  });
}

export async function startPeer(options: PeerOptions & { host?: string; port?: number }): Promise<{ url: string; server: Server }> {
  const yoga = await createPeerYoga(options);
  const server = createServer(yoga);
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://${options.host ?? '127.0.0.1'}:${port}`, server };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const upstreamUrl = process.env.PEER_UPSTREAM_URL;
  if (!upstreamUrl) {
    console.error('PEER_UPSTREAM_URL is required');
    process.exit(2);
  }
  const { url } = await startPeer({
    upstreamUrl,
    fetch: process.env.PEER_FETCH === 'undici' ? 'undici' : 'default',
    bodyLimitByContentLength: process.env.PEER_BODY_LIMIT === 'content-length',
    port: Number(process.env.PORT ?? 0),
  });
  // One JSON line on stdout tells the bench driver where the peer listens.
  console.log(JSON.stringify({ msg: 'peer listening', url: `${url}/graphql` }));
  process.on('SIGTERM', () => process.exit(0));
}
