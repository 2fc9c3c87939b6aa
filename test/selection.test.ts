// The selection tests resolvers use to decide what to load (src/schema/selection.ts), run by
// graphql-js itself on a small schema: what `info` holds is exactly what the executor passes.
import { buildSchema, graphql, type GraphQLResolveInfo } from 'graphql';
import { describe, expect, it } from 'vitest';
import { itemFields } from '../src/schema/selection.ts';

const schema = buildSchema(`
  type Query { events: EventConnection }
  type EventConnection { nodes: [Event] edges: [EventEdge] }
  type EventEdge { cursor: String node: Event }
  type Event { id: String key: Key }
  type Key { name: String }
`);

/** Whether `itemFields(info)` holds `key` in the `events` resolver for this operation. */
async function selectsKey(source: string, variableValues?: Record<string, unknown>): Promise<boolean> {
  let answer: boolean | undefined;
  const rootValue = {
    events: (_args: unknown, _context: unknown, info: GraphQLResolveInfo) => {
      answer = itemFields(info).has('key');
      return { nodes: [], edges: [] };
    },
  };
  const result = await graphql({ schema, source, rootValue, variableValues });
  expect(result.errors).toBeUndefined();
  return answer!;
}

describe('itemFields', () => {
  it('finds a field under nodes or edges { node }, aliased or not', async () => {
    expect(await selectsKey('{ events { nodes { key { name } } } }')).toBe(true);
    expect(await selectsKey('{ events { edges { node { owner: key { name } } } } }')).toBe(true);
    expect(await selectsKey('{ events { nodes { id } edges { cursor node { id } } } }')).toBe(false);
  });

  it('looks through inline fragments and named ones, also on the edges', async () => {
    expect(await selectsKey('{ events { nodes { ... on Event { key { name } } } } }')).toBe(true);
    expect(
      await selectsKey(
        '{ events { ...E } } fragment E on EventConnection { edges { ...N } } fragment N on EventEdge { node { key { name } } }',
      ),
    ).toBe(true);
  });

  it('leaves out what @skip and @include leave out for these variables', async () => {
    const query = 'query($k: Boolean!) { events { nodes { id key @include(if: $k) { name } } } }';
    expect(await selectsKey(query, { k: true })).toBe(true);
    expect(await selectsKey(query, { k: false })).toBe(false);
    expect(await selectsKey('{ events { nodes @skip(if: true) { key { name } } } }')).toBe(false);
    expect(await selectsKey('query($s: Boolean!) { events { ... @skip(if: $s) { nodes { key { name } } } } }', { s: false })).toBe(true);
  });

  it('ignores a field of that name outside the items', async () => {
    const other = buildSchema('type Query { events: C } type C { key: String nodes: [String] }');
    let answer: boolean | undefined;
    await graphql({
      schema: other,
      source: '{ events { key nodes } }',
      rootValue: { events: (_a: unknown, _c: unknown, info: GraphQLResolveInfo) => ((answer = itemFields(info).has('key')), {}) },
    });
    expect(answer).toBe(false);
  });
});
