import { GatewayError } from '../errors.ts';

/**
 * Light structural checks on upstream bodies: enough to refuse a body we cannot use
 * (UPSTREAM_BAD_RESPONSE) while staying liberal about fields we do not rely on.
 */
export function expectRecord<T>(value: unknown, what: string, idField = 'id'): T {
  if (!isObject(value) || typeof value[idField] !== 'string') {
    throw badResponse(`${what} without a string "${idField}"`);
  }
  return value as T;
}

export function expectList<T>(value: unknown, field: string, what: string, idField = 'id'): T[] {
  const list = isObject(value) ? value[field] : undefined;
  if (!Array.isArray(list)) throw badResponse(`a list without "${field}"`);
  return list.map((item) => expectRecord<T>(item, what, idField));
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function badResponse(what: string): GatewayError {
  return new GatewayError('UPSTREAM_BAD_RESPONSE', `The upstream answered with ${what}.`);
}
