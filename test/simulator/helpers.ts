import { FRESH_ACCOUNT_PREFIX } from '../../src/simulator/index.ts';

// Tiny fetch wrapper for simulator tests.
import { expect } from 'vitest';

export interface CallResult {
  status: number;
  headers: Headers;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
}

export interface CallOptions {
  method?: string;
  /** Bearer token; default 'demo'; null sends no Authorization header. */
  token?: string | null;
  body?: unknown;
  /** Sent verbatim instead of JSON.stringify(body). */
  rawBody?: string;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  redirect?: RequestRedirect;
}

export async function call(base: string, path: string, opts: CallOptions = {}): Promise<CallResult> {
  const headers: Record<string, string> = { ...opts.headers };
  const token = opts.token === undefined ? 'demo' : opts.token;
  if (token !== null) headers.authorization = `Bearer ${token}`;
  let body: string | undefined = opts.rawBody;
  if (body === undefined && opts.body !== undefined) body = JSON.stringify(opts.body);
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(path.startsWith('http') ? path : base + path, {
    method: opts.method ?? 'GET',
    headers,
    body,
    signal: opts.signal,
    redirect: opts.redirect ?? 'follow',
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

let counter = 0;
/** A token nobody else uses: a fresh, empty account (FRESH_ACCOUNT_PREFIX opens one on first use). */
export function freshToken(label = 't'): string {
  counter += 1;
  return `${FRESH_ACCOUNT_PREFIX}${label}-${process.pid}-${counter}-${Math.random().toString(36).slice(2, 8)}`;
}

/** An AI Gateway error answer: the status, the Error shape, string details, and the offending `field` when given. */
export function expectAiGatewayError(res: { status: number; json: unknown }, status: number, field?: string): void {
  expect(res.status).toBe(status);
  expect(res.json).toEqual({ errorCode: expect.any(String), statusCode: status, msg: expect.any(String), details: expect.any(Object) });
  const details = (res.json as { details: Record<string, unknown> }).details;
  for (const v of Object.values(details)) expect(typeof v).toBe('string');
  if (field !== undefined) expect(details.field).toBe(field);
}
