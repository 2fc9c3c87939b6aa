import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../helpers/stack.ts';
import { startGateway } from '../helpers/gateway.ts';
import { elapsedSince, SCHEDULING_SLACK_MS } from '../helpers/timing.ts';

/** A listener on another loopback address that no credential may ever reach. */
let trap: Server;
let trapUrl: string;
let trapHits = 0;
let stack: Stack;

beforeAll(async () => {
  trap = createServer((_req, res) => res.end('{}'));
  trap.on('connection', () => {
    trapHits += 1;
  });
  await new Promise<void>((resolve) => trap.listen(0, '127.0.0.2', resolve));
  trapUrl = `http://127.0.0.2:${(trap.address() as AddressInfo).port}`;
  stack = await startStack({ UPSTREAM_MAX_RETRIES: '1', UPSTREAM_TIMEOUT_MS: '500' });
});
afterAll(async () => {
  await stack.close();
  await new Promise((resolve) => trap.close(resolve));
});
beforeEach(() => {
  stack.simulator.clearFaults();
  stack.simulator.clearRequests();
});

describe('a token goes only to its configured origin', () => {
  it('does not follow a redirect to another origin', async () => {
    stack.simulator.injectFault({ status: 307, headers: { Location: `${trapUrl}/provider-keys` } });
    const res = await stack.gql('{ providerKeys(first: 1) { nodes { id } } }');
    expect(res.errors?.[0]?.extensions?.code).toBe('UPSTREAM_ERROR');
    expect(res.text).not.toContain(trapUrl);
    expect(trapHits).toBe(0);
  });

  it('never fetches a nextPageUri pointing elsewhere, even while paging across upstream pages', async () => {
    stack.simulator.injectFault({ nextPageUri: `${trapUrl}/provider-keys?beforeId=x`, times: Infinity });
    const res = await stack.gql('{ providerKeys(first: 150) { nodes { id } pageInfo { hasNextPage } } }');
    expect(res.errors).toBeUndefined();
    expect(res.data.providerKeys.nodes.length).toBeGreaterThan(0);
    expect(stack.upstream().length).toBeGreaterThan(0);
    expect(trapHits).toBe(0);
  });
});

describe('transport faults outside the simulator', () => {
  it('answers UPSTREAM_UNAVAILABLE promptly when the upstream refuses connections', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const timeoutMs = 10_000;
    const gateway = await startGateway({
      AI_GATEWAY_API_URL: `http://127.0.0.1:${port}`,
      UPSTREAM_MAX_RETRIES: '1',
      UPSTREAM_TIMEOUT_MS: String(timeoutMs),
    });
    try {
      const started = performance.now();
      const res = await gateway.gql('{ providerKeys { nodes { id } } }');
      expect(res.errors?.[0]?.extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
      expect(JSON.stringify(res)).not.toContain(String(port));
      // Promptly: the refusal is answered, not waited out until the timeout.
      expect(elapsedSince(started)).toBeLessThan(Math.min(timeoutMs / 2, 1_000 + SCHEDULING_SLACK_MS));
    } finally {
      await gateway.close();
    }
  });

  it('bounds a body that starts and then stalls by UPSTREAM_TIMEOUT_MS', async () => {
    const stalling = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"aiGatewayProviderKeys": [');
    });
    await new Promise<void>((resolve) => stalling.listen(0, '127.0.0.1', resolve));
    const timeoutMs = 400;
    const gateway = await startGateway({
      AI_GATEWAY_API_URL: `http://127.0.0.1:${(stalling.address() as AddressInfo).port}`,
      UPSTREAM_TIMEOUT_MS: String(timeoutMs),
      UPSTREAM_MAX_RETRIES: '0',
    });
    try {
      const started = performance.now();
      const res = await gateway.gql('{ providerKeys { nodes { id } } }');
      expect(res.errors?.[0]?.extensions?.code).toBe('UPSTREAM_TIMEOUT');
      // The body never completes: the timeout (connect, headers and body together) ended it.
      expect(elapsedSince(started)).toBeGreaterThanOrEqual(timeoutMs * 0.9);
      expect(elapsedSince(started)).toBeLessThan(timeoutMs + SCHEDULING_SLACK_MS);
    } finally {
      await gateway.close();
      stalling.closeAllConnections();
      await new Promise((resolve) => stalling.close(resolve));
    }
  });

  it('maps an item missing required fields to UPSTREAM_BAD_RESPONSE without echoing upstream values', async () => {
    stack.simulator.injectFault({
      status: 200,
      body: { aiGatewayProviderKeys: [{ id: 'aigpk_1', name: { secret: 'sk-should-not-echo' } }], uri: '/' },
    });
    const res = await stack.gql('{ providerKeys(first: 1) { nodes { resourceId name } } }');
    expect(res.errors?.[0]?.extensions?.code).toBe('UPSTREAM_BAD_RESPONSE');
    expect(res.text).not.toContain('sk-should-not-echo');
    expect(stack.logs.join('')).not.toContain('sk-should-not-echo');
  });
});
