import fc from 'fast-check';
import { fromGlobalId, toGlobalId } from 'graphql-relay';
import { describe, expect, it } from 'vitest';
import { decodeGlobalId, encodeGlobalId } from '../src/schema/global-id.ts';

describe('encodeGlobalId', () => {
  it("is graphql-relay's toGlobalId for any text", () => {
    const text = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), fc.stringMatching(/^aigpk_[a-z0-9]{1,30}$/));
    fc.assert(
      fc.property(fc.constantFrom('ProviderKey', 'AccessKeyConfiguration'), text, (typename, id) => {
        expect(encodeGlobalId(typename, id)).toBe(toGlobalId(typename, id));
      }),
      { numRuns: 2000 },
    );
  });

  it('round-trips through decodeGlobalId and fromGlobalId', () => {
    const encoded = encodeGlobalId('ProviderKey', 'aigpk_0001abc');
    expect(decodeGlobalId(encoded)).toEqual({ typename: 'ProviderKey', id: 'aigpk_0001abc' });
    expect(fromGlobalId(encoded)).toEqual({ type: 'ProviderKey', id: 'aigpk_0001abc' });
  });
});
