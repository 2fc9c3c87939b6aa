import { Writable } from 'node:stream';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/logger.ts';
import { createGateway, type Gateway, type GatewayOptions } from '../../src/server.ts';
import { startAiGatewaySimulator, type AiGatewaySimulator } from '../../src/simulator/index.ts';
import { FRESH_ACCOUNT_PREFIX, startOpenRouterSimulator, type OpenRouterSimulator } from '../../src/simulator/index.ts';

export interface GraphQLResponse<T = any> {
  status: number;
  data?: T;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[];
  headers: Headers;
  text: string;
}

export interface Stack {
  simulator: AiGatewaySimulator;
  openRouter: OpenRouterSimulator;
  gateway: Gateway;
  url: string;
  /** Every log line the gateway wrote (debug level), for secret scans. */
  logs: string[];
  /**
   * Sends a GraphQL request; `token: null` sends no Authorization header. `openRouterKey`
   * sends `X-OpenRouter-Authorization: Bearer <key>` (none by default).
   */
  gql<T = any>(
    query: string,
    variables?: Record<string, unknown>,
    options?: { token?: string | null; openRouterKey?: string; headers?: Record<string, string> },
  ): Promise<GraphQLResponse<T>>;
  /** Upstream requests recorded by the simulator since the last clear. */
  upstream(): AiGatewaySimulator['requests'];
  /** Requests recorded by the OpenRouter simulator since the last clear. */
  openRouterUpstream(): OpenRouterSimulator['requests'];
  /** Registers a secret this test sends; close() fails if any log line contains it. */
  secret(value: string): string;
  /** Stops the servers, then fails if a token or registered secret ever reached the logs. */
  close(): Promise<void>;
}

/**
 * One stack for a test file: started before its tests, closed after them (failing on any
 * leaked secret), with both simulators' request logs and injected faults cleared before each
 * test. Returns a stand-in that reads the stack once it has started.
 */
export function useStack(env: Record<string, string> = {}, options: GatewayOptions = {}): Stack {
  let stack: Stack | undefined;
  const started = () => {
    if (!stack) throw new Error('the stack is used before beforeAll started it');
    return stack;
  };
  beforeAll(async () => {
    stack = await startStack(env, options);
  });
  afterAll(() => stack?.close());
  beforeEach(() => {
    for (const simulator of [started().simulator, started().openRouter]) {
      simulator.clearRequests();
      simulator.clearFaults();
    }
  });
  return new Proxy({} as Stack, { get: (_target, key) => Reflect.get(started(), key) });
}

/** Starts the simulator and the gateway on random loopback ports. */
export async function startStack(env: Record<string, string> = {}, options: GatewayOptions = {}): Promise<Stack> {
  const simulator = await startAiGatewaySimulator({ port: 0 });
  const openRouter = await startOpenRouterSimulator({ port: 0 });
  const config = loadConfig({
    HOST: '127.0.0.1',
    PORT: '0',
    AI_GATEWAY_API_URL: simulator.url,
    OPENROUTER_API_URL: openRouter.url,
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
  // Every token sent and every registered secret must stay out of every log line.
  const sensitive = new Set<string>();
  return {
    simulator,
    openRouter,
    gateway,
    url,
    logs,
    async gql(query, variables, options = {}) {
      const token = options.token === undefined ? 'demo' : options.token;
      if (token && token !== 'demo') sensitive.add(token);
      if (options.openRouterKey && options.openRouterKey !== 'demo') sensitive.add(options.openRouterKey);
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(token === null ? {} : { authorization: `Bearer ${token}` }),
          ...(options.openRouterKey === undefined ? {} : { 'x-openrouter-authorization': `Bearer ${options.openRouterKey}` }),
          ...options.headers,
        },
        body: JSON.stringify({ query, variables }),
      });
      const text = await response.text();
      const body = JSON.parse(text);
      return { status: response.status, data: body.data, errors: body.errors, headers: response.headers, text };
    },
    upstream: () => simulator.requests,
    openRouterUpstream: () => openRouter.requests,
    secret(value) {
      sensitive.add(value);
      return value;
    },
    async close() {
      await gateway.close();
      await simulator.close();
      await openRouter.close();
      const leaked = [...sensitive].filter((value) => logs.some((line) => line.includes(value)));
      if (leaked.length > 0) throw new Error(`${leaked.length} token(s) or secret(s) appeared in the gateway's logs`);
    },
  };
}

/**
 * A fresh, empty upstream account per test keeps tests independent: a token with the simulators'
 * FRESH_ACCOUNT_PREFIX opens a new account on first use (any other unknown token is a 401).
 */
let accounts = 0;
export function newToken(label = 'test'): string {
  accounts += 1;
  return `${FRESH_ACCOUNT_PREFIX}${label}_${process.pid}_${accounts}_${Math.random().toString(36).slice(2, 10)}`;
}
