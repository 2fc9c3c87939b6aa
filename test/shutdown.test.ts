import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { Agent, createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import { connect } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { startAiGatewaySimulator, type AiGatewaySimulator } from '../src/simulator/index.ts';

/**
 * The shutdown the README promises, on the real `npm start` entry point (src/main.ts) over real
 * sockets: /readyz turns 503 first while requests are still served, connections are closed as
 * their responses end, the listener closes, requests in flight finish, the process exits 0, and
 * SHUTDOWN_TIMEOUT_MS bounds the wait. No step waits on a clock: requests are held upstream by a
 * gate the test opens, and the delay is ended by a second signal, as an operator may.
 */

let simulator: AiGatewaySimulator;

/** A pass-through in front of the simulator that holds upstream requests after hold() until open(). */
class Gate {
  url = '';
  readonly server: Server;
  #held = false;
  #waiting: (() => void)[] = [];
  #arrived = () => {};
  /** Resolves when the first request held since the last hold() reaches the gate. */
  arrived: Promise<void> = Promise.resolve();

  constructor(target: URL) {
    this.server = createServer((req, res) => {
      const forward = () =>
        req.pipe(
          request({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers }, (upstream) => {
            res.writeHead(upstream.statusCode ?? 502, upstream.headers);
            upstream.pipe(res);
          }).on('error', () => res.destroy()),
        );
      if (!this.#held) return forward();
      this.#waiting.push(forward);
      this.#arrived();
    });
  }

  async listen(): Promise<void> {
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    const address = this.server.address();
    this.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  }

  hold(): void {
    this.#held = true;
    this.arrived = new Promise<void>((resolve) => (this.#arrived = resolve));
  }

  open(): void {
    this.#held = false;
    for (const forward of this.#waiting.splice(0)) forward();
  }
}
let gate: Gate;

beforeAll(async () => {
  simulator = await startAiGatewaySimulator({ port: 0 });
  gate = new Gate(new URL(simulator.url));
  await gate.listen();
});
afterAll(async () => {
  gate.server.closeAllConnections();
  gate.server.close();
  await simulator.close();
});

let children: ChildProcess[] = [];
afterEach(() => {
  gate.open();
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  children = [];
});

/** `src/main.ts` as a child process on a random loopback port; resolves once it listens. */
async function startGateway(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: new URL('..', import.meta.url),
    env: { ...process.env, HOST: '127.0.0.1', PORT: '0', AI_GATEWAY_API_URL: gate.url, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', () => {
      const match = /"url":"(http:\/\/127\.0\.0\.1:\d+)\/graphql"/.exec(output);
      if (match) resolve(match[1]!);
    });
    void exited.then(() => reject(new Error(`gateway exited before listening:\n${output}`)));
  });
  return { child, url, exited, output: () => output };
}

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** One HTTP request with node:http, so that the `Connection` header is visible. */
function send(url: string, path: string, init: { body?: string; agent?: Agent } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}${path}`,
      {
        method: init.body === undefined ? 'GET' : 'POST',
        agent: init.agent,
        headers: init.body === undefined ? {} : { 'content-type': 'application/json', authorization: 'Bearer demo' },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(init.body);
  });
}

const graphql = (url: string, query: string, agent?: Agent) => send(url, '/graphql', { body: JSON.stringify({ query }), agent });

/** Resolves once nothing accepts connections at `url` any more. */
async function listenerClosed(url: string): Promise<void> {
  const { hostname, port } = new URL(url);
  for (;;) {
    const refused = await new Promise<boolean>((resolve) => {
      const socket = connect(Number(port), hostname);
      socket.once('connect', () => {
        socket.destroy();
        resolve(false);
      });
      socket.once('error', () => resolve(true));
    });
    if (refused) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

// Each test starts src/main.ts through tsx, which takes seconds on a busy machine.
describe('shutdown of the gateway process', { timeout: 60_000 }, () => {
  it('answers /readyz 503 first while still serving, then stops listening, finishes the request in flight and exits 0', async () => {
    // Long delay and timeout: the second signal ends the delay, the gate decides when the
    // request in flight finishes, and nothing is cut.
    const gateway = await startGateway({ SHUTDOWN_DELAY_MS: '600000', SHUTDOWN_TIMEOUT_MS: '600000' });
    const agent = new Agent({ keepAlive: true, maxSockets: 4 });
    expect((await send(gateway.url, '/readyz')).status).toBe(200);

    gate.hold();
    const inflight = graphql(gateway.url, '{ providerKeys(first: 2) { nodes { id } } }', agent);
    await gate.arrived; // the gateway is waiting on the upstream

    gateway.child.kill('SIGTERM');
    // Readiness fails first, while the listener still accepts and serves.
    for (;;) {
      const ready = await send(gateway.url, '/readyz');
      if (ready.status === 503) {
        expect(JSON.parse(ready.body)).toEqual({ status: 'stopping' });
        break;
      }
      expect(ready.status).toBe(200);
    }
    expect((await send(gateway.url, '/healthz')).status).toBe(200); // alive: not to be restarted
    const late = await graphql(gateway.url, '{ __typename }', agent);
    expect(late.status).toBe(200);
    expect(JSON.parse(late.body)).toEqual({ data: { __typename: 'Query' } });
    // Every response now asks the client to go elsewhere for its next request.
    expect(late.headers.connection).toBe('close');

    gateway.child.kill('SIGTERM'); // ends the delay: the listener closes
    await listenerClosed(gateway.url);
    expect(gateway.child.exitCode).toBeNull(); // still draining the request in flight

    gate.open();
    const answer = await inflight;
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body).data.providerKeys.nodes).toHaveLength(2);
    expect(answer.headers.connection).toBe('close');
    const [code] = await gateway.exited;
    expect(code).toBe(0);
    expect(gateway.output()).toContain('shutting down');
    expect(gateway.output()).toContain('"msg":"stopped"');
    agent.destroy();
  });

  it('closes idle keep-alive connections when the listener closes, without waiting for their timeout', async () => {
    const gateway = await startGateway({ SHUTDOWN_DELAY_MS: '0', SHUTDOWN_TIMEOUT_MS: '600000' });
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const before = await graphql(gateway.url, '{ __typename }', agent);
    expect(before.headers.connection).toBe('keep-alive');
    const [socket] = Object.values(agent.freeSockets).flat();
    expect(socket).toBeDefined();
    const socketClosed = once(socket!, 'close');
    gateway.child.kill('SIGTERM');
    // Closed by the gateway (the client keeps it open): the shutdown does not wait for it.
    await socketClosed;
    const [code] = await gateway.exited;
    expect(code).toBe(0);
    agent.destroy();
  });

  it('cuts what is still in flight at SHUTDOWN_TIMEOUT_MS and still exits 0, without waiting for the upstream', async () => {
    // The upstream would hold the request for a minute; the shutdown must not wait for it.
    const gateway = await startGateway({ SHUTDOWN_DELAY_MS: '0', SHUTDOWN_TIMEOUT_MS: '200', UPSTREAM_TIMEOUT_MS: '60000' });
    gate.hold();
    const inflight = graphql(gateway.url, '{ providerKeys(first: 2) { nodes { id } } }').then(
      () => 'answered',
      () => 'cut',
    );
    await gate.arrived;
    gateway.child.kill('SIGTERM');
    const [code] = await gateway.exited;
    expect(code).toBe(0);
    expect(await inflight).toBe('cut');
    expect(gateway.output()).toContain('shutdown timeout');
  });
});

describe('shutdown defaults', () => {
  it('end within the default grace periods of docker stop (10 s) and Kubernetes (30 s), with a margin', () => {
    const config = loadConfig({});
    expect(config.shutdownDelayMs).toBeGreaterThan(0); // readiness fails before the listener closes
    // src/main.ts bounds the whole shutdown at delay + timeout + 1 s.
    const bound = config.shutdownDelayMs + config.shutdownTimeoutMs + 1_000;
    expect(bound).toBeLessThanOrEqual(10_000 - 2_000);
  });
});
