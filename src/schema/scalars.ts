import { GraphQLError, Kind } from 'graphql';
import { builder } from './builder.ts';

const CANONICAL_UTC = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|1\d|2[0-8])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{3}Z$/;

/**
 * Upstreams write timestamps in several ISO-8601 flavours (`Z`, `+00:00`, microseconds);
 * clients always get UTC ISO-8601 (`2026-11-07T05:31:56.000Z`).
 */
export function toUtcIso(value: string): string {
  // Already what toISOString() writes, on a day every month has: nothing to normalise.
  if (CANONICAL_UTC.test(value)) return value;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new GraphQLError(`Not an ISO-8601 date-time: ${JSON.stringify(value.slice(0, 64))}`);
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
