import { setTimeout as sleep } from 'node:timers/promises';
import { Pool, errors as undiciErrors } from 'undici';
import { GatewayError, type ErrorCode } from '../errors.ts';
import { exchange, ResponseTooLargeError } from './http-exchange.ts';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';
export type QueryValue = string | number | boolean | undefined;

export interface UpstreamRequest {
  method: HttpMethod;
  /** Path below the API's base URL, e.g. `/provider-keys/aigpk_1`. Segments must already be encoded. */
  path: string;
  query?: Record<string, QueryValue>;
  /** The caller's credential header value, forwarded verbatim (e.g. `Bearer abc`). */
  credentials: string;
  body?: unknown;
  /** Extra headers for this request (e.g. `Idempotency-Key`); they never replace the credential header. */
  headers?: Record<string, string> | undefined;
  /** Opaque to this layer: who is calling (the GraphQL operation), handed back to the attempt hooks. */
  caller?: object | undefined;
  /** The operation's allowance of upstream requests; this request spends one of it before it is sent. */
  budget?: RequestBudget | undefined;
}

/**
 * How many upstream requests one GraphQL operation may still make: the run-time backstop behind
 * the estimate made before execution, which counts batched lookups at what they usually cost
 * (one list page) rather than at their worst case (one request per id).
 */
export class RequestBudget {
  #used = 0;
  constructor(readonly max: number) {}

  /** Counts one request, or refuses it (sending nothing) once the allowance is used up. */
  spend(): void {
    if (this.#used >= this.max) {
      throw new GatewayError(
        'QUERY_TOO_COMPLEX',
        `This operation needed more than ${this.max} upstream requests; the rest of it was not run. Ask for fewer items or split the operation.`,
        { limit: 'upstreamRequests', max: this.max },
      );
    }
    this.#used += 1;
  }
}

/** What an upstream's error body says, in the shape the API itself uses. */
export interface UpstreamErrorDescription {
  message: string;
  /** Put verbatim under `extensions.upstream`. */
  upstream: Record<string, unknown>;
}

export interface UpstreamClientOptions {
  /** Human name used in error messages, e.g. "AI Gateway". */
  name: string;
  baseUrl: string;
  /** Header that carries the caller's credential upstream. */
  authHeader: string;
  timeoutMs: number;
  /** Longest response body accepted; a longer one is UPSTREAM_BAD_RESPONSE. */
  maxResponseBytes?: number;
  connections: number;
  maxRetries: number;
  retryBudgetMs: number;
  describeError(statusCode: number, body: unknown): UpstreamErrorDescription;
  /** Called once per upstream attempt, for metrics and logs; never given credentials. */
  onAttempt?(event: UpstreamAttempt): void;
  /**
   * Called before each attempt with its outgoing headers, so tracing can add W3C `traceparent`;
   * the function it may return is called with the attempt's outcome (e.g. to end a span).
   */
  beforeAttempt?(start: UpstreamAttemptStart): ((event: UpstreamAttempt) => void) | undefined;
}

export interface UpstreamAttemptStart {
  upstream: string;
  /** The configured origin, e.g. `https://api.ngrok.ai`. */
  origin: string;
  method: HttpMethod;
  path: string;
  retry: number;
  /** Mutable: headers added here are sent (credentials are added afterwards and never shown). */
  headers: Record<string, string>;
  caller: object | undefined;
}

export interface UpstreamAttempt {
  upstream: string;
  method: HttpMethod;
  path: string;
  statusCode: number | undefined;
  durationMs: number;
  retry: number;
  errorCode?: ErrorCode;
  caller?: object | undefined;
}

const RETRYABLE_STATUS = new Set([429, 502, 503, 504]);
const BACKOFF_BASE_MS = 100;
const BACKOFF_CAP_MS = 1_000;

/**
 * One keep-alive connection pool to one configured origin. It never follows redirects
 * and never requests any other origin, so a credential cannot leak elsewhere.
 */
export class UpstreamClient {
  readonly #pool: Pool;
  readonly #basePath: string;
  readonly #origin: string;
  readonly #options: UpstreamClientOptions;

  constructor(options: UpstreamClientOptions) {
    const url = new URL(options.baseUrl);
    this.#options = options;
    this.#basePath = url.pathname.replace(/\/+$/, '');
    this.#origin = url.origin;
    this.#pool = new Pool(url.origin, {
      connections: options.connections,
      keepAliveTimeout: 30_000,
      connect: { timeout: options.timeoutMs },
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
    });
  }

  /** Sends one request (reads may be retried); resolves to the parsed JSON body, or undefined when empty. */
  async request<T>(req: UpstreamRequest): Promise<T | undefined> {
    if (!req.credentials) {
      // Defence in depth: the GraphQL layer already refuses anonymous calls.
      throw new GatewayError('UNAUTHENTICATED', 'Missing credentials for the upstream API.');
    }
    req.budget?.spend();
    // Only reads are retried: a write (a credit purchase above all) is sent exactly once.
    const retriesAllowed = req.method === 'GET' ? this.#options.maxRetries : 0;
    const budgetEnds = Date.now() + this.#options.retryBudgetMs;
    for (let retry = 0; ; retry++) {
      const outcome = await this.#attempt(req, retry);
      if (outcome.ok) return outcome.value as T | undefined;
      const { error, retryable, retryAfterMs } = outcome;
      const remaining = budgetEnds - Date.now();
      if (!retryable || retry >= retriesAllowed) throw error;
      const backoff = retryAfterMs ?? jitter(Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** retry));
      if (backoff > remaining) throw error;
      await sleep(backoff);
    }
  }

  async close(): Promise<void> {
    await this.#pool.close();
  }

  /** Aborts the requests still in flight: for a shutdown that has already cut off their callers. */
  async destroy(): Promise<void> {
    await this.#pool.destroy();
  }

  async #attempt(req: UpstreamRequest, retry: number): Promise<AttemptOutcome> {
    const started = performance.now();
    const extraHeaders: Record<string, string> = {};
    const { name: upstream } = this.#options;
    const done = this.#options.beforeAttempt?.({
      upstream,
      origin: this.#origin,
      method: req.method,
      path: req.path,
      retry,
      headers: extraHeaders,
      caller: req.caller,
    });
    const report = (statusCode: number | undefined, errorCode?: ErrorCode) => {
      const event: UpstreamAttempt = {
        upstream,
        method: req.method,
        path: req.path,
        statusCode,
        durationMs: performance.now() - started,
        retry,
        ...(errorCode ? { errorCode } : {}),
        caller: req.caller,
      };
      this.#options.onAttempt?.(event);
      done?.(event);
    };
    const headers: Record<string, string> = {
      ...extraHeaders,
      ...req.headers,
      accept: 'application/json',
      [this.#options.authHeader]: req.credentials,
    };
    let body: string | undefined;
    if (req.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(req.body);
    }
    let statusCode: number;
    let responseHeaders: Record<string, string | string[] | undefined>;
    let text: string;
    try {
      const path = this.#basePath + req.path + queryString(req.query);
      ({
        statusCode,
        headers: responseHeaders,
        text,
      } = await exchange(this.#pool, { method: req.method, path, headers, body }, this.#options.timeoutMs, this.#options.maxResponseBytes));
    } catch (cause) {
      const error = this.#transportError(cause);
      report(undefined, error.code);
      // A timed-out attempt has used the caller's whole time allowance: never retry it.
      return { ok: false, error, retryable: error.code === 'UPSTREAM_UNAVAILABLE' };
    }

    if (statusCode >= 200 && statusCode < 300) {
      const parsed = parseJson(text);
      if (parsed === INVALID) {
        const error = this.#error('UPSTREAM_BAD_RESPONSE', `${this.#options.name} answered with a body that is not JSON.`, {
          statusCode,
        });
        report(statusCode, error.code);
        return { ok: false, error, retryable: false };
      }
      report(statusCode);
      return { ok: true, value: parsed };
    }

    const error = this.#statusError(statusCode, text);
    report(statusCode, error.code);
    const retryAfterMs = parseRetryAfter(responseHeaders['retry-after']);
    if (statusCode === 429 && retryAfterMs !== undefined) {
      error.details.retryAfterSeconds = Math.ceil(retryAfterMs / 1000);
    }
    return { ok: false, error, retryable: RETRYABLE_STATUS.has(statusCode), retryAfterMs };
  }

  #statusError(statusCode: number, text: string): GatewayError {
    const parsed = parseJson(text);
    const description = parsed === INVALID || parsed === undefined ? undefined : this.#options.describeError(statusCode, parsed);
    const upstream = description?.upstream ?? { statusCode };
    const said = description?.message ? `: ${description.message}` : '.';
    if (statusCode >= 300 && statusCode < 400) {
      // Following a redirect could carry the caller's credential to another origin.
      return this.#error(
        'UPSTREAM_ERROR',
        `${this.#options.name} answered with a redirect (${statusCode}), which the gateway does not follow.`,
        {
          upstream: { statusCode },
        },
      );
    }
    return this.#error(codeForStatus(statusCode), `${this.#options.name} answered ${statusCode}${said}`, { upstream });
  }

  #transportError(cause: unknown): GatewayError {
    if (cause instanceof ResponseTooLargeError) {
      return this.#error(
        'UPSTREAM_BAD_RESPONSE',
        `${this.#options.name} answered with a body over ${this.#options.maxResponseBytes} bytes, which the gateway refuses.`,
      );
    }
    if (isTimeout(cause)) {
      return this.#error('UPSTREAM_TIMEOUT', `${this.#options.name} did not answer within ${this.#options.timeoutMs} ms.`);
    }
    return this.#error('UPSTREAM_UNAVAILABLE', `${this.#options.name} could not be reached (connection failed or was reset).`);
  }

  #error(code: ErrorCode, message: string, details: Record<string, unknown> = {}): GatewayError {
    return new GatewayError(code, message, details);
  }
}

type AttemptOutcome =
  | { ok: true; value: unknown }
  | { ok: false; error: GatewayError; retryable: boolean; retryAfterMs?: number | undefined };

export function codeForStatus(statusCode: number): ErrorCode {
  switch (statusCode) {
    case 400:
    case 422:
      return 'BAD_USER_INPUT';
    case 401:
      return 'UNAUTHENTICATED';
    case 403:
      return 'FORBIDDEN';
    case 404:
      return 'NOT_FOUND';
    case 409:
      return 'CONFLICT';
    case 429:
      return 'RATE_LIMITED';
    default:
      return 'UPSTREAM_ERROR';
  }
}

function isTimeout(cause: unknown): boolean {
  if (!(cause instanceof Error)) return false;
  return (
    cause.name === 'TimeoutError' ||
    cause.name === 'AbortError' ||
    cause instanceof undiciErrors.HeadersTimeoutError ||
    cause instanceof undiciErrors.BodyTimeoutError ||
    cause instanceof undiciErrors.ConnectTimeoutError
  );
}

const INVALID = Symbol('invalid JSON');

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return INVALID;
  }
}

/** Retry-After as seconds or an HTTP date, in milliseconds from now. */
export function parseRetryAfter(value: string | string[] | undefined): number | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  if (!raw) return undefined;
  if (/^\d+$/.test(raw.trim())) return Number(raw.trim()) * 1000;
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function jitter(ms: number): number {
  return Math.round(ms / 2 + Math.random() * (ms / 2));
}

function queryString(query: Record<string, QueryValue> | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined) params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}
