// A lean upstream for the benchmark: the simulator's own AI Gateway routes, handlers and store
// (so the same contract, byte for byte), behind a minimal HTTP server that keeps no request log
// and serves repeated reads from a cache of serialised answers that any write of the same
// account empties. The simulator spends ~50 µs of CPU per request on bookkeeping the benchmark
// does not need; on a 2-core machine that CPU is taken from the gateway under test.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { aiGatewayApi, errorBody } from '../src/simulator/ai-gateway/routes.ts';
import { AiGatewayAccount } from '../src/simulator/ai-gateway/store.ts';
import { bearerToken, SimError, type ApiRequest, type Handler, type Method } from '../src/simulator/http.ts';
import { IdGenerator } from '../src/simulator/ids.ts';

interface Answer {
  status: number;
  payload: string | undefined;
  headers: Record<string, string>;
}

export interface StubUpstream {
  url: string;
  /** Requests served so far. */
  served(): number;
  account(token: string): AiGatewayAccount;
  close(): Promise<void>;
}

export async function startStubUpstream(options: { host?: string; port?: number } = {}): Promise<StubUpstream> {
  let url = '';
  const ids = new IdGenerator();
  const accounts = new Map<string, AiGatewayAccount>();
  const account = (token: string) => {
    let found = accounts.get(token);
    if (!found) accounts.set(token, (found = new AiGatewayAccount(token, ids.next('aigak_'), ids)));
    return found;
  };
  // Only the accounts the benchmark seeds exist; any other token is refused, as by the simulator.
  const api = aiGatewayApi({ baseUrl: () => url, accountFor: (token) => accounts.get(token) });
  const routes = api.routes.map((route) => ({ segments: route.path.split('/'), methods: route.methods }));
  /** Per token: GET answers by raw URL. */
  const cache = new Map<string, Map<string, Answer>>();
  let served = 0;

  const match = (pathname: string) => {
    const parts = pathname.split('/');
    for (const route of routes) {
      if (route.segments.length !== parts.length) continue;
      const params: Record<string, string> = {};
      if (
        route.segments.every((segment, i) =>
          segment.startsWith(':') ? ((params[segment.slice(1)] = decodeURIComponent(parts[i]!)), parts[i] !== '') : segment === parts[i],
        )
      ) {
        return { methods: route.methods, params };
      }
    }
    return undefined;
  };

  const answer = (method: string, rawUrl: string, headers: http.IncomingHttpHeaders, text: string): Answer => {
    const q = rawUrl.indexOf('?');
    const pathname = q < 0 ? rawUrl : rawUrl.slice(0, q);
    try {
      const route = match(pathname);
      if (!route) throw new SimError(404, `no route for ${pathname}`);
      const handler = route.methods[method as Method] as Handler<AiGatewayAccount> | undefined;
      if (!handler) throw new SimError(405, `method ${method} not allowed on ${pathname}`);
      let body: unknown;
      const request: ApiRequest = {
        method,
        pathname,
        rawUrl,
        query: new URLSearchParams(q < 0 ? '' : rawUrl.slice(q + 1)),
        headers,
        rawBody: text,
        body,
        params: route.params,
      };
      const caller = api.authenticate(request);
      if (text.trim() !== '') {
        try {
          request.body = JSON.parse(text);
        } catch {
          throw new SimError(400, 'request body is not valid JSON');
        }
      }
      const out = handler(request, caller);
      return { status: out.status, payload: out.body === undefined ? undefined : JSON.stringify(out.body), headers: out.headers ?? {} };
    } catch (error) {
      const status = error instanceof SimError ? error.status : 500;
      const details = error instanceof SimError ? error.details : {};
      return { status, payload: JSON.stringify(errorBody(status, error instanceof Error ? error.message : 'error', details)), headers: {} };
    }
  };

  const send = (res: http.ServerResponse, { status, payload, headers }: Answer) => {
    res.writeHead(
      status,
      payload === undefined ? headers : { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
    );
    res.end(payload);
  };

  const server = http.createServer({ keepAlive: true }, (req, res) => {
    served += 1;
    const method = req.method ?? 'GET';
    const rawUrl = req.url ?? '/';
    const token = bearerToken(req.headers) ?? '';
    if (method === 'GET') {
      const hit = cache.get(token)?.get(rawUrl);
      if (hit) return send(res, hit);
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const result = answer(method, rawUrl, req.headers, Buffer.concat(chunks).toString('utf8'));
      if (method === 'GET' && result.status === 200 && token) {
        let answers = cache.get(token);
        if (!answers) cache.set(token, (answers = new Map()));
        answers.set(rawUrl, result);
      } else if (method !== 'GET') {
        // Any write may change any read of this account.
        cache.delete(token);
      }
      send(res, result);
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const address = server.address() as AddressInfo;
  url = `http://${address.address}:${address.port}`;
  return {
    url,
    served: () => served,
    account,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
