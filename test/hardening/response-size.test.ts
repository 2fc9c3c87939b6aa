import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway } from '../helpers/gateway.ts';

/** An upstream that answers every request with a valid provider-key page of `items` keys, chunked or with a Content-Length. */
function pageServer() {
  let mode: { items: number; chunked: boolean } = { items: 1, chunked: false };
  let requests = 0;
  const server = createServer((_req, res) => {
    requests += 1;
    const keys = Array.from({ length: mode.items }, (_, i) => ({
      id: `aigpk_${String(i).padStart(8, '0')}`,
      uri: '/x',
      name: 'n'.repeat(200),
      providerId: 'openai',
      createdAt: '2026-01-01T00:00:00Z',
    }));
    const body = JSON.stringify({ aiGatewayProviderKeys: keys, uri: '/provider-keys', nextPageUri: null });
    if (mode.chunked) {
      res.writeHead(200, { 'content-type': 'application/json' });
      // Several chunks without a length: only counting them as they arrive can stop this.
      for (let at = 0; at < body.length; at += 4096) res.write(body.slice(at, at + 4096));
      res.end();
    } else {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    }
  });
  return {
    server,
    set(next: typeof mode) {
      mode = next;
      requests = 0;
    },
    get requests() {
      return requests;
    },
  };
}

describe('upstream response size limit (UPSTREAM_MAX_RESPONSE_BYTES)', () => {
  const upstream = pageServer();
  let gateway: Awaited<ReturnType<typeof startGateway>>;
  beforeAll(async () => {
    await new Promise<void>((resolve) => upstream.server.listen(0, '127.0.0.1', resolve));
    gateway = await startGateway({
      AI_GATEWAY_API_URL: `http://127.0.0.1:${(upstream.server.address() as AddressInfo).port}`,
      UPSTREAM_MAX_RESPONSE_BYTES: '20000',
    });
  });
  afterAll(async () => {
    await gateway.close();
    upstream.server.closeAllConnections();
    await new Promise((resolve) => upstream.server.close(resolve));
  });

  it('serves a body under the limit', async () => {
    upstream.set({ items: 20, chunked: true });
    const res = await gateway.gql('{ providerKeys(first: 20) { nodes { resourceId } } }');
    expect(res.errors).toBeUndefined();
    expect(res.data.providerKeys.nodes).toHaveLength(20);
  });

  it.each([
    ['announced by Content-Length', false],
    ['streamed in chunks', true],
  ])('refuses a body over the limit %s with UPSTREAM_BAD_RESPONSE, without retrying, and stays up', async (_label, chunked) => {
    upstream.set({ items: 200, chunked });
    const res = await gateway.gql('{ providerKeys(first: 100) { nodes { resourceId } } }');
    expect(res.errors?.[0]?.extensions?.code).toBe('UPSTREAM_BAD_RESPONSE');
    expect(res.errors?.[0]?.message).toMatch(/over 20000 bytes/);
    expect(upstream.requests).toBe(1);
    upstream.set({ items: 2, chunked });
    expect((await gateway.gql('{ providerKeys(first: 2) { nodes { resourceId } } }')).errors).toBeUndefined();
  });
});
