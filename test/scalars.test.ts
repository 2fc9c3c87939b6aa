import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toUtcIso } from '../src/schema/scalars.ts';

const slow = (value: string) => new Date(Date.parse(value)).toISOString();

describe('toUtcIso', () => {
  it('passes real canonical UTC timestamps through and refuses impossible ones (the fast path agrees with the parser)', () => {
    const canonical = fc.stringMatching(/^\d{4}-(0\d|1[0-3])-([0-2]\d|3[0-2])T([01]\d|2[0-4]):[0-6]\d:[0-6]\d\.\d{3}Z$/);
    fc.assert(
      fc.property(canonical, (value) => {
        // A real instant survives Date.parse + toISOString unchanged; Date.parse rolls impossible days (02-30) over.
        const real = !Number.isNaN(Date.parse(value)) && slow(value) === value;
        if (real) expect(toUtcIso(value)).toBe(value);
        else expect(() => toUtcIso(value)).toThrow(/ISO-8601/);
      }),
      { numRuns: 5000 },
    );
  });

  it('keeps any valid instant and normalises other flavours to UTC', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('0000-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }),
        (date) => {
          expect(toUtcIso(date.toISOString())).toBe(date.toISOString());
        },
      ),
    );
    expect(toUtcIso('2026-11-07T06:31:56+01:00')).toBe('2026-11-07T05:31:56.000Z');
    expect(() => toUtcIso('2026-02-29T00:00:00.000Z')).toThrow(/ISO-8601/);
    expect(toUtcIso('2028-02-29T00:00:00.000Z')).toBe('2028-02-29T00:00:00.000Z');
  });
});
