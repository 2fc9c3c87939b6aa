// Shared HTTP machinery for both simulators: routing, recording, fault injection, admin API.
import http from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Fault, RecordedRequest } from './types.ts';
import { faultFromJson, faultMatches, faultToJson, validateFault } from './faults.ts';
import { isPlainObject } from './json.ts';

const MAX_BODY_BYTES = 1024 * 1024;
const ADMIN_PREFIX = '/__simulator';

/** Thrown by handlers and stores; rendered in the API's own error shape. */
export class SimError extends Error {
  readonly status: number;
  readonly details: Record<string, string>;
  constructor(status: number, message: string, details: Record<string, string> = {}) {
    super(message);
    this.status = status;
    this.details = details;
  }
}

export interface ApiRequest {
  method: string;
  pathname: string;
  /** Path plus query exactly as received. */
  rawUrl: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  rawBody: string;
  /** Parsed JSON body; undefined when the body was empty. */
  body: unknown;
  params: Record<string, string>;
}

export interface ApiResponse {
  status: number;
  /** undefined = no body; anything else is sent as JSON. */
  body?: unknown;
  headers?: Record<string, string>;
}

export type Handler<A> = (req: ApiRequest, account: A) => ApiResponse;

export type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface RouteDef<A> {
  /** Pattern such as '/provider-keys/:id'. */
  path: string;
  methods: Partial<Record<Method, Handler<A>>>;
}

export interface ApiDefinition<A> {
  routes: RouteDef<A>[];
  errorBody(status: number, message: string, details: Record<string, string>): unknown;
  /** Resolve the caller from the request; throws SimError(401/403). */
  authenticate(req: ApiRequest): A;
}

export interface HttpServerOptions<A> {
  api: ApiDefinition<A>;
  host: string;
  port: number;
  /** Appended to the origin to form `url` (OpenRouter: '/api/v1'). */
  basePath: string;
  onReset(): void;
}

interface QueuedFault {
  fault: Fault;
  remaining: number;
}

interface CompiledRoute<A> {
  segments: string[];
  methods: Partial<Record<Method, Handler<A>>>;
}

export function bearerToken(headers: IncomingHttpHeaders): string | undefined {
  const value = headers.authorization;
  if (typeof value !== 'string') return undefined;
  const m = /^\s*bearer\s+(.*?)\s*$/i.exec(value);
  const token = m?.[1];
  return token ? token : undefined;
}

function sleep(ms: number, timers: Set<NodeJS.Timeout>): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(() => {
      timers.delete(t);
      resolve();
    }, ms);
    timers.add(t);
  });
}

function readBody(req: IncomingMessage): Promise<{ text: string; tooLarge: boolean }> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve({ text: Buffer.concat(chunks).toString('utf8'), tooLarge }));
    // An aborted upload still resolves so the handler can finish quietly.
    req.on('error', () => resolve({ text: Buffer.concat(chunks).toString('utf8'), tooLarge }));
  });
}

function send(res: ServerResponse, status: number, body: unknown, extra?: Record<string, string>): void {
  if (res.headersSent || res.destroyed) return;
  let payload: string | undefined;
  const headers: Record<string, string> = {};
  if (body !== undefined && status !== 204 && status !== 304) {
    if (typeof body === 'string') {
      payload = body;
      headers['content-type'] = 'text/plain; charset=utf-8';
    } else {
      payload = JSON.stringify(body);
      headers['content-type'] = 'application/json';
    }
    headers['content-length'] = String(Buffer.byteLength(payload));
  }
  for (const [k, v] of Object.entries(extra ?? {})) headers[k.toLowerCase()] = v;
  res.writeHead(status, headers);
  res.end(payload);
}

export class SimHttpServer<A> {
  readonly requests: RecordedRequest[] = [];
  url = '';
  origin = '';
  port = 0;

  private readonly server: http.Server;
  private readonly routes: CompiledRoute<A>[];
  private readonly faults: QueuedFault[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly opts: HttpServerOptions<A>;

  constructor(opts: HttpServerOptions<A>) {
    this.opts = opts;
    this.routes = opts.api.routes.map((r) => ({ segments: r.path.split('/'), methods: r.methods }));
    this.server = http.createServer({ keepAlive: true }, (req, res) => {
      this.handle(req, res).catch(() => {
        // Last resort: never let a bug take the process down.
        if (!res.headersSent && !res.destroyed) send(res, 500, 'internal simulator error');
        else res.destroy();
      });
    });
    this.server.on('clientError', (_err, socket) => {
      if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      else socket.destroy();
    });
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.opts.port, this.opts.host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    const addr = this.server.address() as AddressInfo;
    this.port = addr.port;
    const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
    this.origin = `http://${host}:${addr.port}`;
    this.url = this.origin + this.opts.basePath;
  }

  close(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      // Hanging faults and idle keep-alive sockets would otherwise keep close() waiting.
      this.server.closeAllConnections();
    });
  }

  clearRequests(): void {
    this.requests.length = 0;
  }

  injectFault(fault: Fault): void {
    validateFault(fault);
    const times = fault.times ?? 1;
    if (times <= 0) return;
    this.faults.push({ fault, remaining: times });
  }

  clearFaults(): void {
    this.faults.length = 0;
  }

  private takeFault(method: string, pathname: string): Fault | undefined {
    const i = this.faults.findIndex((q) => faultMatches(q.fault, method, pathname));
    if (i < 0) return undefined;
    const q = this.faults[i]!;
    q.remaining -= 1;
    if (q.remaining <= 0) this.faults.splice(i, 1);
    return q.fault;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.on('error', () => undefined);
    const rawUrl = req.url ?? '/';
    const method = (req.method ?? 'GET').toUpperCase();
    const url = splitUrl(rawUrl);
    const { text, tooLarge } = await readBody(req);

    if (url.pathname === ADMIN_PREFIX || url.pathname.startsWith(`${ADMIN_PREFIX}/`)) {
      this.admin(method, url.pathname, text, res);
      return;
    }

    let body: unknown;
    let bodyInvalid = false;
    if (text.trim() !== '') {
      try {
        body = JSON.parse(text);
      } catch {
        bodyInvalid = true;
      }
    }
    this.requests.push({
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: { ...req.headers },
      rawBody: text,
      body,
      at: Date.now(),
    });

    const apiReq: ApiRequest = {
      method,
      pathname: url.pathname,
      rawUrl,
      query: url.searchParams,
      headers: req.headers,
      rawBody: text,
      body,
      params: {},
    };
    const fault = this.takeFault(method, url.pathname);
    if (fault) {
      await this.playFault(fault, apiReq, bodyInvalid, tooLarge, req, res);
      return;
    }
    const out = this.respond(apiReq, bodyInvalid, tooLarge);
    send(res, out.status, out.body, out.headers);
  }

  private async playFault(
    fault: Fault,
    apiReq: ApiRequest,
    bodyInvalid: boolean,
    tooLarge: boolean,
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void> {
    if (fault.delayMs !== undefined && fault.delayMs > 0) await sleep(fault.delayMs, this.timers);
    if (res.destroyed) return;
    if (fault.reset) {
      req.socket.destroy();
      return;
    }
    if (fault.hang) return; // close() tears the socket down
    const extra = fault.headers ?? {};
    if (fault.malformedJson) {
      const real = this.respond(apiReq, bodyInvalid, tooLarge);
      const full = real.body === undefined ? '{"data":{"truncated":true}}' : JSON.stringify(real.body);
      const cut = full.slice(0, Math.max(1, Math.floor(full.length / 2)));
      send(res, fault.status ?? 200, cut, { 'content-type': 'application/json', ...extra });
      return;
    }
    const status = fault.status ?? (fault.body !== undefined ? 200 : undefined);
    if (status !== undefined) {
      let body: unknown = fault.body;
      if (body === undefined && status >= 400) body = this.opts.api.errorBody(status, `injected fault (${status})`, {});
      send(res, status, body, extra);
      return;
    }
    const real = this.respond(apiReq, bodyInvalid, tooLarge);
    let body = real.body;
    if (fault.nextPageUri !== undefined && isPlainObject(body) && real.status < 300) {
      body = { ...body, nextPageUri: fault.nextPageUri };
    }
    send(res, real.status, body, { ...real.headers, ...extra });
  }

  /** Runs the real API: route, auth, body checks, handler; errors in the API's shape. */
  private respond(req: ApiRequest, bodyInvalid: boolean, tooLarge: boolean): ApiResponse {
    const api = this.opts.api;
    try {
      const match = this.match(req.pathname);
      if (!match) throw new SimError(404, `no route for ${req.pathname}`);
      const method = (req.method === 'HEAD' ? 'GET' : req.method) as Method;
      const handler = match.route.methods[method];
      if (!handler) {
        const allow = Object.keys(match.route.methods).join(', ');
        return {
          status: 405,
          body: api.errorBody(405, `method ${req.method} not allowed on ${req.pathname}`, { allow }),
          headers: { allow },
        };
      }
      const account = api.authenticate(req);
      if (tooLarge) throw new SimError(413, 'request body too large');
      if (bodyInvalid) throw new SimError(400, 'request body is not valid JSON');
      return handler({ ...req, params: match.params }, account);
    } catch (err) {
      if (err instanceof SimError) return { status: err.status, body: api.errorBody(err.status, err.message, err.details) };
      return { status: 500, body: api.errorBody(500, 'internal simulator error', {}) };
    }
  }

  private match(pathname: string): { route: CompiledRoute<A>; params: Record<string, string> } | undefined {
    const parts = pathname.split('/');
    for (const route of this.routes) {
      if (route.segments.length !== parts.length) continue;
      const params: Record<string, string> = {};
      let ok = true;
      for (let i = 0; i < parts.length && ok; i++) {
        const seg = route.segments[i]!;
        const part = parts[i]!;
        if (seg.startsWith(':')) {
          if (part === '') ok = false;
          else params[seg.slice(1)] = safeDecode(part);
        } else if (seg !== part) ok = false;
      }
      if (ok) return { route, params };
    }
    return undefined;
  }

  private admin(method: string, pathname: string, text: string, res: ServerResponse): void {
    const sub = pathname.slice(ADMIN_PREFIX.length);
    const fail = (status: number, message: string) => send(res, status, { error: message });
    if (sub === '/faults') {
      if (method === 'GET') return send(res, 200, { faults: this.faults.map((q) => faultToJson(q.fault, q.remaining)) });
      if (method === 'DELETE') return (this.clearFaults(), send(res, 204, undefined));
      if (method === 'POST') {
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch {
          return fail(400, 'body is not valid JSON');
        }
        try {
          this.injectFault(faultFromJson(parsed));
        } catch (err) {
          return fail(400, err instanceof Error ? err.message : 'invalid fault');
        }
        return send(res, 201, { pending: this.faults.length });
      }
      return fail(405, 'use GET, POST or DELETE');
    }
    if (sub === '/requests') {
      if (method === 'GET') return send(res, 200, { requests: this.requests });
      if (method === 'DELETE') return (this.clearRequests(), send(res, 204, undefined));
      return fail(405, 'use GET or DELETE');
    }
    if (sub === '/reset') {
      if (method === 'POST') return (this.opts.onReset(), send(res, 204, undefined));
      return fail(405, 'use POST');
    }
    return fail(404, `unknown admin route ${pathname}`);
  }
}

// Split by hand: new URL() would read a path like '//x' as a host.
function splitUrl(rawUrl: string): { pathname: string; searchParams: URLSearchParams } {
  const q = rawUrl.indexOf('?');
  const pathname = q < 0 ? rawUrl : rawUrl.slice(0, q);
  return { pathname, searchParams: new URLSearchParams(q < 0 ? '' : rawUrl.slice(q + 1)) };
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
