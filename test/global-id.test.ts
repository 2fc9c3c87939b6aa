import fc from 'fast-check';
import { fromGlobalId, toGlobalId } from 'graphql-relay';
import { type GraphQLObjectType, isObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
// The schema registers the node types that decodeGlobalId accepts.
import '../src/schema/index.ts';
import { decodeGlobalId, encodeGlobalId } from '../src/schema/relay/global-id.ts';

describe('encodeGlobalId', () => {
  it("is graphql-relay's toGlobalId for any text", () => {
    const text = fc.oneof(
      fc.string(),
      fc.string({ unit: 'binary' }),
      fc.string({ unit: 'grapheme' }),
      fc.stringMatching(/^aigpk_[a-z0-9]{1,30}$/),
    );
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

describe('decodeGlobalId', () => {
  /** The decoding as graphql-relay alone does it, with the same checks. */
  function reference(globalId: string): { typename: string; id: string } | 'refused' {
    if (globalId.length === 0 || globalId.length > 512 || !/^[A-Za-z0-9+/_-]+={0,2}$/.test(globalId)) return 'refused';
    const { type, id } = fromGlobalId(globalId);
    return ['ProviderKey', 'AccessKeyConfiguration', 'AccessKey', 'OpenRouterKey'].includes(type) && /^[A-Za-z0-9_.-]{1,200}$/.test(id)
      ? { typename: type, id }
      : 'refused';
  }
  const ours = (globalId: string) => {
    try {
      return decodeGlobalId(globalId);
    } catch {
      return 'refused';
    }
  };

  it("accepts and refuses exactly what graphql-relay's fromGlobalId would, with the same result", () => {
    const type = fc.oneof(fc.constantFrom('ProviderKey', 'AccessKey', 'AccessKeyConfiguration', 'OpenRouterKey'), fc.string());
    const id = fc.oneof(fc.stringMatching(/^aigpk_[a-z0-9]{1,30}$/), fc.string(), fc.string({ unit: 'binary' }));
    const encoded = fc.tuple(type, id).map(([t, i]) => toGlobalId(t, i));
    const garbage = fc.stringMatching(/^[A-Za-z0-9+/_=-]{0,40}$/);
    fc.assert(
      fc.property(fc.oneof(encoded, garbage), (globalId) => {
        expect(ours(globalId)).toEqual(reference(globalId));
      }),
      { numRuns: 5000 },
    );
  });
});

describe('node id fields', () => {
  // withSynchronousNodeIds: no Promise per node of a list (Pothos' own resolver is async).
  it("answer every Node type's id at once, as the global ID of its REST id", async () => {
    const { schema } = await import('../src/schema/index.ts');
    const nodeTypes = Object.values(schema.getTypeMap()).filter(
      (type): type is GraphQLObjectType => isObjectType(type) && type.getInterfaces().some((i) => i.name === 'Node'),
    );
    expect(nodeTypes.length).toBeGreaterThanOrEqual(7);
    for (const type of nodeTypes) {
      // Every node type's id function reads `id`, the OpenRouter key's reads `hash`.
      const id = type.getFields().id!.resolve!({ id: 'rest_1', hash: 'rest_1' }, {}, {}, {} as never);
      expect(id, type.name).toBe(encodeGlobalId(type.name, 'rest_1'));
    }
  });
});
