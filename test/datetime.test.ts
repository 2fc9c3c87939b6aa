import { describe, expect, it } from 'vitest';
import { parseIsoDateTime, toUtcIso } from '../src/schema/scalars.ts';

describe('toUtcIso (upstream timestamps)', () => {
  it.each([
    ['2025-02-19T20:52:27.363244+00:00', '2025-02-19T20:52:27.363Z'],
    ['2025-02-19T20:52:27.363244Z', '2025-02-19T20:52:27.363Z'],
    ['2025-02-19T20:52:27Z', '2025-02-19T20:52:27.000Z'],
    ['0050-01-28T00:00:00Z', '0050-01-28T00:00:00.000Z'],
    ['2025-02-28T23:59:59Z', '2025-02-28T23:59:59.000Z'],
    ['2024-02-29T23:59:59Z', '2024-02-29T23:59:59.000Z'],
    ['2025-02-19T20:52:27.1+05:30', '2025-02-19T15:22:27.100Z'],
    ['2025-02-19T20:52:27.999999-05:00', '2025-02-20T01:52:27.999Z'],
    ['2025-02-19T20:52:27+0000', '2025-02-19T20:52:27.000Z'],
    ['2025-02-19T20:52:27+01', '2025-02-19T19:52:27.000Z'],
    ['2025-02-19 20:52:27.363244+00:00', '2025-02-19T20:52:27.363Z'],
    ['2025-02-19t20:52:27.123456789z', '2025-02-19T20:52:27.123Z'],
    ['2025-02-19T20:52Z', '2025-02-19T20:52:00.000Z'],
    // Zone-less: both upstreams document UTC; Date.parse would read this as local time.
    ['2025-02-19T20:52:27.363244', '2025-02-19T20:52:27.363Z'],
    ['2024-02-29T23:59:59.9999+00:00', '2024-02-29T23:59:59.999Z'],
  ])('%s → %s', (input, expected) => {
    expect(toUtcIso(input)).toBe(expected);
  });

  it.each([
    'yesterday',
    '2025-02-30T00:00:00Z',
    '2025-13-01T00:00:00Z',
    '2025-02-19T24:00:00Z',
    '2025-02-19T20:60:00Z',
    '2025-02-19',
    '2025-02-19T20:52:27+25:00',
    '',
  ])('refuses %j with UPSTREAM_BAD_RESPONSE', (input) => {
    expect(() => toUtcIso(input)).toThrow(expect.objectContaining({ code: 'UPSTREAM_BAD_RESPONSE' }));
  });
});

describe('parseIsoDateTime for client input', () => {
  it('requires a zone', () => {
    expect(parseIsoDateTime('2027-01-01T00:00:00', { zoneRequired: true })).toBeUndefined();
    expect(parseIsoDateTime('2027-01-01T00:00:00Z', { zoneRequired: true })).toBe(Date.UTC(2027, 0, 1));
  });
});
