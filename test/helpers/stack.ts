import { Writable } from 'node:stream';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/logger.ts';
import { createGateway, type Gateway, type GatewayOptions } from '../../src/server.ts';
import { startAiGatewaySimulator, type AiGatewaySimulator } from '../../src/simulator/index.ts';

export interface GraphQLResponse<T = any> {
  status: number;
  data?: T;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[];
  headers: Headers;
  text: string;
}

export interface Stack {
  simulator: AiGatewaySimulator;
  gateway: Gateway;
  url: string;
  /** Every log line the gateway wrote (debug level), for secret scans. */
  logs: string[];
  /** Sends a GraphQL request; `token: null` sends no Authorization header. */
  gql<T = any>(
    query: string,
    variables?: Record<string, unknown>,
    options?: { token?: string | null; headers?: Record<string, string> },
  ): Promise<GraphQLResponse<T>>;
  /** Upstream requests recorded by the simulator since the last clear. */
  upstream(): AiGatewaySimulator['requests'];
  close(): Promise<void>;
}

/** Starts the simulator and the gateway on random loopback ports. */
export async function startStack(env: Record<string, string> = {}, options: GatewayOptions = {}): Promise<Stack> {
  const simulator = await startAiGatewaySimulator({ port: 0 });
  const config = loadConfig({
    HOST: '127.0.0.1',
    PORT: '0',
    AI_GATEWAY_API_URL: simulator.url,
    UPSTREAM_TIMEOUT_MS: '2000',
    ...env,
  });
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const gateway = createGateway(config, createLogger('debug', sink), options);
  const url = await gateway.listen();
  return {
    simulator,
    gateway,
    url,
    logs,
    async gql(query, variables, options = {}) {
      const token = options.token === undefined ? 'demo' : options.token;
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(token === null ? {} : { authorization: `Bearer ${token}` }),
          ...options.headers,
        },
        body: JSON.stringify({ query, variables }),
      });
      const text = await response.text();
      const body = JSON.parse(text);
      return { status: response.status, data: body.data, errors: body.errors, headers: response.headers, text };
    },
    upstream: () => simulator.requests,
    async close() {
      await gateway.close();
      await simulator.close();
    },
  };
}

/** A fresh, empty upstream account per test keeps tests independent. */
let accounts = 0;
export function newToken(label = 'test'): string {
  accounts += 1;
  return `tok_${label}_${process.pid}_${accounts}_${Math.random().toString(36).slice(2, 10)}`;
}
