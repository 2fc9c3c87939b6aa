import { GraphQLError, Kind } from 'graphql';
import { GatewayError } from '../errors.ts';
import { builder } from './builder.ts';

/**
 * Upstreams write timestamps in several ISO-8601 flavours (`Z`, `+00:00`, microseconds);
 * clients always get UTC ISO-8601 (`2026-11-07T05:31:56.000Z`).
 */
export function toUtcIso(value: string): string {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new GatewayError('UPSTREAM_BAD_RESPONSE', 'The upstream sent a date-time that cannot be read.');
  return new Date(ms).toISOString();
}

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;

function parseDateTime(value: unknown): string {
  if (typeof value !== 'string' || !ISO_DATE_TIME.test(value) || Number.isNaN(Date.parse(value))) {
    throw new GraphQLError('DateTime must be an ISO-8601 date-time with a time zone, e.g. 2026-11-07T05:31:56Z.', {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  }
  return toUtcIso(value);
}

builder.scalarType('DateTime', {
  description: 'An ISO-8601 date-time string in UTC, e.g. 2026-11-07T05:31:56Z.',
  serialize: (value) => toUtcIso(String(value)),
  parseValue: parseDateTime,
  parseLiteral: (ast) => parseDateTime(ast.kind === Kind.STRING ? ast.value : undefined),
});
