// Fault validation, matching and JSON (de)serialisation for the admin API.
import type { Fault } from './types.ts';
import { isPlainObject } from './json.ts';

const FAULT_KEYS = new Set(['match', 'times', 'delayMs', 'status', 'body', 'headers', 'reset', 'malformedJson', 'hang', 'nextPageUri']);

export function validateFault(f: Fault): void {
  const times = f.times ?? 1;
  if (typeof times !== 'number' || Number.isNaN(times)) throw new TypeError('fault.times must be a number');
  if (f.delayMs !== undefined && (typeof f.delayMs !== 'number' || !(f.delayMs >= 0) || !Number.isFinite(f.delayMs))) {
    throw new TypeError('fault.delayMs must be a finite number >= 0');
  }
  if (f.status !== undefined && (!Number.isInteger(f.status) || f.status < 200 || f.status > 599)) {
    throw new TypeError('fault.status must be an integer in 200..599');
  }
  for (const [k, v] of Object.entries(f.headers ?? {})) {
    if (typeof v !== 'string' || !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(k) || /[\r\n]/.test(v)) {
      throw new TypeError(`fault header ${k} is not a valid header`);
    }
  }
}

export function faultMatches(f: Fault, method: string, pathname: string): boolean {
  const m = f.match;
  if (!m) return true;
  if (m.method !== undefined && m.method.toUpperCase() !== method) return false;
  if (m.path === undefined) return true;
  if (typeof m.path === 'string') return m.path === pathname;
  m.path.lastIndex = 0; // a /g regex would otherwise remember its position
  return m.path.test(pathname);
}

/** Builds a Fault from admin JSON; `pathRegex` (in `match` or top level) becomes a RegExp, "Infinity" times allowed. */
export function faultFromJson(input: unknown): Fault {
  if (!isPlainObject(input)) throw new TypeError('fault must be a JSON object');
  const { pathRegex, method, path, ...rest } = input;
  for (const k of Object.keys(rest)) if (!FAULT_KEYS.has(k)) throw new TypeError(`unknown fault field ${k}`);
  const fault = { ...rest } as Fault;
  const rawMatch: Record<string, unknown> = isPlainObject(rest.match) ? { ...rest.match } : {};
  if (rest.match !== undefined && !isPlainObject(rest.match)) throw new TypeError('match must be an object');
  if (method !== undefined) rawMatch.method = method;
  if (path !== undefined) rawMatch.path = path;
  if (pathRegex !== undefined) rawMatch.pathRegex = pathRegex;
  const match: NonNullable<Fault['match']> = {};
  for (const [k, v] of Object.entries(rawMatch)) {
    if (k === 'method' && typeof v === 'string') match.method = v;
    else if (k === 'path' && typeof v === 'string') match.path = v;
    else if (k === 'pathRegex' && typeof v === 'string') match.path = new RegExp(v);
    else throw new TypeError(`invalid match field ${k}`);
  }
  if (Object.keys(match).length > 0) fault.match = match;
  else delete fault.match;
  // JSON has no Infinity: accept "Infinity" (or null) for an endless fault.
  const times: unknown = rest.times;
  if (times === 'Infinity' || times === null) fault.times = Infinity;
  else if (times !== undefined && typeof times !== 'number') throw new TypeError('times must be a number or "Infinity"');
  for (const k of ['reset', 'malformedJson', 'hang'] as const) {
    if (fault[k] !== undefined && typeof fault[k] !== 'boolean') throw new TypeError(`${k} must be a boolean`);
  }
  if (fault.nextPageUri !== undefined && typeof fault.nextPageUri !== 'string') throw new TypeError('nextPageUri must be a string');
  if (fault.headers !== undefined && !isPlainObject(fault.headers)) throw new TypeError('headers must be an object');
  if (fault.body !== undefined && typeof fault.body !== 'string' && typeof fault.body !== 'object') {
    throw new TypeError('body must be a string or an object');
  }
  validateFault(fault);
  return fault;
}

export function faultToJson(f: Fault, remaining: number): Record<string, unknown> {
  const out: Record<string, unknown> = { ...f, remaining: Number.isFinite(remaining) ? remaining : 'Infinity' };
  if (f.times === Infinity) out.times = 'Infinity';
  if (f.match) {
    const p = f.match.path;
    out.match = p instanceof RegExp ? { method: f.match.method, pathRegex: p.source } : { ...f.match };
  }
  return out;
}
