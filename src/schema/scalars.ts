import { GraphQLError, Kind } from 'graphql';
import { GraphQLSafeInt } from 'graphql-scalars';
import { GatewayError } from '../errors.ts';
import { builder } from './builder.ts';

// Date, `T` (or a space, as Python's str() writes it), time with optional seconds and any
// number of fraction digits, optional zone (`Z`, `+00:00`, `+0000`, `+00`).
const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

/**
 * Milliseconds since the epoch, or undefined when `value` is not a real ISO-8601 date-time.
 * Parsed by hand because Date.parse reads a zone-less time as *local* time and rolls
 * `02-30` into March. Fractions beyond milliseconds are truncated.
 */
export function parseIsoDateTime(value: string, options: { zoneRequired: boolean }): number | undefined {
  const match = ISO_DATE_TIME.exec(value);
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second = '0', fraction = '', zone] = match;
  if (!zone && options.zoneRequired) return undefined;
  const parts = [year, month, day, hour, minute, second].map(Number) as [number, number, number, number, number, number];
  const [y, mo, d, h, mi, s] = parts;
  // setUTCFullYear, not Date.UTC: Date.UTC maps years 0-99 to 1900-1999.
  const check = new Date(0);
  check.setUTCFullYear(y, mo - 1, d);
  check.setUTCHours(h, mi, s, Number(fraction.slice(0, 3).padEnd(3, '0')));
  const wall = check.getTime();
  const roundTrips =
    check.getUTCFullYear() === y &&
    check.getUTCMonth() === mo - 1 &&
    check.getUTCDate() === d &&
    check.getUTCHours() === h &&
    check.getUTCMinutes() === mi &&
    check.getUTCSeconds() === s;
  if (!roundTrips) return undefined;
  let offsetMinutes = 0;
  if (zone && zone.toUpperCase() !== 'Z') {
    const digits = zone.slice(1).replace(':', '');
    const hours = Number(digits.slice(0, 2));
    const minutes = Number(digits.slice(2) || '0');
    if (hours > 23 || minutes > 59) return undefined;
    offsetMinutes = (zone.startsWith('-') ? -1 : 1) * (hours * 60 + minutes);
  }
  return wall - offsetMinutes * 60_000;
}

/** What toISOString() writes: nothing to normalise, once the day is known to exist (realDay). */
const CANONICAL_UTC = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{3}Z$/;
/** The same without milliseconds, as the AI Gateway writes its times: only `.000` to add. */
const CANONICAL_UTC_SECONDS = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\dZ$/;

/** Whether the day of a `YYYY-MM-DD…` string exists in its month (proleptic Gregorian, as Date). */
function realDay(value: string): boolean {
  const digit = (at: number) => value.charCodeAt(at) - 48;
  const day = digit(8) * 10 + digit(9);
  if (day <= 28) return true;
  const month = digit(5) * 10 + digit(6);
  if (month !== 2) return day <= (month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31);
  const year = digit(0) * 1000 + digit(1) * 100 + digit(2) * 10 + digit(3);
  return day === 29 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

/**
 * Upstreams write timestamps in several ISO-8601 flavours (`Z`, `+00:00`, microseconds);
 * clients always get UTC ISO-8601 (`2026-11-07T05:31:56.000Z`). A zone-less upstream
 * value is read as UTC: both upstreams document their times as UTC.
 */
export function toUtcIso(value: string): string {
  // The common case, checked cheaply: already canonical UTC.
  if (CANONICAL_UTC.test(value) && realDay(value)) return value;
  if (CANONICAL_UTC_SECONDS.test(value) && realDay(value)) return `${value.slice(0, 19)}.000Z`;
  const ms = parseIsoDateTime(value, { zoneRequired: false });
  if (ms === undefined) {
    // A GatewayError, not a GraphQLError: the executor turns GraphQLErrors from serialize() into plain Errors.
    throw new GatewayError(
      'UPSTREAM_BAD_RESPONSE',
      `The upstream sent a date-time that is not ISO-8601: ${JSON.stringify(value.slice(0, 64))}`,
    );
  }
  return new Date(ms).toISOString();
}

function parseDateTime(value: unknown): string {
  // Client input must name its zone: a bare local time would be a guess.
  const ms = typeof value === 'string' ? parseIsoDateTime(value, { zoneRequired: true }) : undefined;
  if (ms === undefined) {
    throw new GraphQLError('DateTime must be an ISO-8601 date-time with a time zone, e.g. 2026-11-07T05:31:56Z.', {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  }
  return new Date(ms).toISOString();
}

builder.scalarType('DateTime', {
  description: 'An ISO-8601 date-time string in UTC, e.g. 2026-11-07T05:31:56Z.',
  serialize: (value) => toUtcIso(String(value)),
  parseValue: parseDateTime,
  parseLiteral: (ast) => parseDateTime(ast.kind === Kind.STRING ? ast.value : undefined),
});

// Plain decimal notation only: no exponent, no sign but minus, so the string is the exact amount.
const DECIMAL = /^-?\d{1,30}(\.\d{1,30})?$/;

function parseDecimal(value: unknown): string {
  // A JSON number has already been through floating point: only a string can be exact.
  if (typeof value !== 'string' || !DECIMAL.test(value)) {
    throw new GraphQLError('Decimal must be a string in plain decimal notation, e.g. "0.00125".', {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  }
  return value;
}

builder.scalarType('Decimal', {
  description: 'An exact decimal number serialized as a string, e.g. "0.00125" (USD amounts from the upstream, never rounded).',
  // Passed through as the upstream wrote it: never parsed into a float, so never rounded.
  serialize: (value) => {
    if (typeof value !== 'string' || !DECIMAL.test(value)) {
      throw new GatewayError('UPSTREAM_BAD_RESPONSE', 'The upstream sent an amount that is not a decimal string.');
    }
    return value;
  },
  parseValue: parseDecimal,
  parseLiteral: (ast) => parseDecimal(ast.kind === Kind.STRING ? ast.value : undefined),
});

// Counts and cents are int64 upstream; GraphQL's Int stops at 2^31. Declared here, once, for every domain.
builder.addScalarType('SafeInt', GraphQLSafeInt, {
  description: 'An integer within ±(2^53 − 1), serialized as a JSON number: token caps and counts that can exceed Int.',
});
