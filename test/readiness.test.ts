import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { createLogger } from '../src/logger.ts';
import { createGateway } from '../src/server.ts';
import { startStack, type Stack } from './helpers/stack.ts';

describe('/readyz (readiness) apart from /healthz (liveness)', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());

  it('is not ready before the server listens', async () => {
    const gateway = createGateway(loadConfig({ AI_GATEWAY_API_URL: 'http://127.0.0.1:9' }), createLogger('silent'));
    expect(gateway.readiness.state).toBe('starting');
    await gateway.close();
  });

  it('is ready after start, without calling upstream', async () => {
    stack.simulator.clearRequests();
    const res = await fetch(`${stack.url}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ready' });
    expect(stack.upstream()).toHaveLength(0);
  });

  it('turns not ready once shutdown begins while liveness stays up', async () => {
    stack.gateway.readiness.markStopping();
    const ready = await fetch(`${stack.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ status: 'stopping' });
    expect((await fetch(`${stack.url}/healthz`)).status).toBe(200);
    // Requests still in flight or arriving late are still served.
    expect((await stack.gql('{ __typename }')).data).toEqual({ __typename: 'Query' });
  });

  it('is flipped by close()', async () => {
    const other = await startStack();
    expect(other.gateway.readiness.ready).toBe(true);
    await other.close();
    expect(other.gateway.readiness.state).toBe('stopping');
  });
});

describe('pathnameOf', () => {
  it('reads the path of absolute URLs, without query or fragment', async () => {
    const { pathnameOf } = await import('../src/request-path.ts');
    expect(pathnameOf('http://127.0.0.1:4000/readyz')).toBe('/readyz');
    expect(pathnameOf('http://h/metrics?x=1#y')).toBe('/metrics');
    expect(pathnameOf('http://h/graphql#a?b')).toBe('/graphql');
    expect(pathnameOf('http://h')).toBe('/');
    expect(pathnameOf('http://h?x=/readyz')).toBe('/');
  });
});
