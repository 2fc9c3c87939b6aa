import { toGlobalId } from 'graphql-relay';
import { describe, expect, it } from 'vitest';
import { newToken, useStack } from './helpers/stack.ts';

const stack = useStack();

const LIST = /* GraphQL */ `
  query List($first: Int, $after: String, $provider: String) {
    providerKeys(first: $first, after: $after, provider: $provider) {
      edges { cursor node { id resourceId name providerId } }
      nodes { id }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    }
  }
`;

/** Seeds `count` provider keys for a fresh account and returns the token and ids, newest first. */
function seedKeys(count: number, providerOf: (i: number) => string = () => 'openai') {
  const token = newToken('list');
  const account = stack.simulator.account(token);
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    ids.push(account.createProviderKey({ providerId: providerOf(i), name: `key ${i}`, value: `sk-test-${i}-secret-value` }).id);
  }
  return { token, ids: ids.reverse() };
}

describe('providerKeys connection', () => {
  it('returns the first page newest first with Relay page info and the default page size of 20', async () => {
    const { token, ids } = seedKeys(25);
    const res = await stack.gql(LIST, {}, { token });
    expect(res.errors).toBeUndefined();
    const connection = res.data.providerKeys;
    expect(connection.edges.map((edge: any) => edge.node.resourceId)).toEqual(ids.slice(0, 20));
    expect(connection.nodes.map((node: any) => node.id)).toEqual(ids.slice(0, 20).map((id) => toGlobalId('ProviderKey', id)));
    expect(connection.pageInfo).toMatchObject({
      hasNextPage: true,
      hasPreviousPage: false,
      startCursor: connection.edges[0].cursor,
      endCursor: connection.edges[19].cursor,
    });
    expect(stack.upstream().map((r) => r.query)).toEqual([{ limit: '21' }]);
  });

  it('walks 230 keys with first=100 across upstream pages, exact hasNextPage, never asking limit > 100', async () => {
    const { token, ids } = seedKeys(230);
    const seen: string[] = [];
    let after: string | null = null;
    const pages: boolean[] = [];
    do {
      const res: any = await stack.gql(LIST, { first: 100, after }, { token });
      expect(res.errors).toBeUndefined();
      seen.push(...res.data.providerKeys.edges.map((edge: any) => edge.node.resourceId));
      pages.push(res.data.providerKeys.pageInfo.hasNextPage);
      after = res.data.providerKeys.pageInfo.hasNextPage ? res.data.providerKeys.pageInfo.endCursor : null;
    } while (after);
    expect(seen).toEqual(ids);
    expect(pages).toEqual([true, true, false]);
    for (const request of stack.upstream()) expect(Number(request.query.limit)).toBeLessThanOrEqual(100);
  });

  it('serves first=500 from several upstream pages in order and stops when it has enough', async () => {
    const { token, ids } = seedKeys(520);
    const res = await stack.gql(LIST, { first: 500 }, { token });
    expect(res.errors).toBeUndefined();
    expect(res.data.providerKeys.edges.map((edge: any) => edge.node.resourceId)).toEqual(ids.slice(0, 500));
    expect(res.data.providerKeys.pageInfo.hasNextPage).toBe(true);
    const requests = stack.upstream();
    expect(requests.map((r) => r.query.limit)).toEqual(['100', '100', '100', '100', '100', '1']);
    expect(requests[1]?.query.beforeId).toBe(ids[99]);
  });

  it('says hasNextPage false when the page ends exactly on the last key', async () => {
    const { token } = seedKeys(100);
    const res = await stack.gql(LIST, { first: 100 }, { token });
    expect(res.data.providerKeys.edges).toHaveLength(100);
    expect(res.data.providerKeys.pageInfo.hasNextPage).toBe(false);
  });

  it('turns `after` into beforeId and resumes exactly after the cursor', async () => {
    const { token, ids } = seedKeys(7);
    const first = await stack.gql(LIST, { first: 3 }, { token });
    const cursor = first.data.providerKeys.edges[2].cursor;
    stack.simulator.clearRequests();
    const second = await stack.gql(LIST, { first: 3, after: cursor }, { token });
    expect(second.data.providerKeys.edges.map((edge: any) => edge.node.resourceId)).toEqual(ids.slice(3, 6));
    expect(stack.upstream()[0]?.query).toEqual({ limit: '4', beforeId: ids[2] });
  });

  it('passes provider upstream on every page', async () => {
    const { token, ids } = seedKeys(240, (i) => (i % 2 === 0 ? 'openai' : 'anthropic'));
    const res = await stack.gql(LIST, { first: 110, provider: 'anthropic' }, { token });
    expect(res.data.providerKeys.edges).toHaveLength(110);
    expect(res.data.providerKeys.edges.every((edge: any) => edge.node.providerId === 'anthropic')).toBe(true);
    expect(res.data.providerKeys.edges[0].node.resourceId).toBe(ids[0]);
    const requests = stack.upstream();
    expect(requests.length).toBe(2);
    for (const request of requests) expect(request.query.provider).toBe('anthropic');
  });

  it('returns an empty connection for an empty account', async () => {
    const res = await stack.gql(LIST, {}, { token: newToken() });
    expect(res.data.providerKeys).toEqual({
      edges: [],
      nodes: [],
      pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null },
    });
  });

  it.each([
    [{ first: -1 }, 'first'],
    [{ first: 501 }, 'first'],
    [{ after: 'not-a-cursor!' }, 'after'],
    [{ after: Buffer.from('AccessKeyConfiguration:aigac_1').toString('base64url') }, 'after'],
  ])('refuses %j with BAD_USER_INPUT and no upstream request', async (variables, argumentName) => {
    const res = await stack.gql(LIST, variables, { token: newToken() });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName });
    expect(res.data).toBeNull();
    expect(stack.upstream()).toHaveLength(0);
  });
});

describe('accessKeyConfigurations connection', () => {
  it('pages the demo configurations with the same helper', async () => {
    const all = await stack.gql('{ accessKeyConfigurations(first: 500) { nodes { resourceId name } pageInfo { hasNextPage } } }');
    expect(all.errors).toBeUndefined();
    const names = all.data.accessKeyConfigurations.nodes;
    expect(names.length).toBeGreaterThan(2);
    expect(all.data.accessKeyConfigurations.pageInfo.hasNextPage).toBe(false);
    expect(names.every((node: any) => node.resourceId.startsWith('aigac_'))).toBe(true);

    const firstTwo = await stack.gql(
      '{ accessKeyConfigurations(first: 2) { edges { cursor node { resourceId } } pageInfo { hasNextPage endCursor } } }',
    );
    const next = await stack.gql('query($after: String) { accessKeyConfigurations(first: 1, after: $after) { nodes { resourceId } } }', {
      after: firstTwo.data.accessKeyConfigurations.pageInfo.endCursor,
    });
    expect(firstTwo.data.accessKeyConfigurations.pageInfo.hasNextPage).toBe(true);
    expect(next.data.accessKeyConfigurations.nodes[0].resourceId).toBe(names[2].resourceId);
  });
});

describe('lookups by id', () => {
  it('refetches a provider key through node, nodes and providerKey', async () => {
    const { token, ids } = seedKeys(3);
    const id = toGlobalId('ProviderKey', ids[0] as string);
    const res = await stack.gql(
      `query($id: ID!, $ids: [ID!]!) {
        node(id: $id) { __typename id ... on ProviderKey { name } }
        nodes(ids: $ids) { id }
        providerKey(id: $id) { id resourceId }
      }`,
      { id, ids: [id, toGlobalId('ProviderKey', ids[1] as string)] },
      { token },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.node).toEqual({ __typename: 'ProviderKey', id, name: 'key 2' });
    expect(res.data.nodes.map((node: any) => node.id)).toEqual([id, toGlobalId('ProviderKey', ids[1] as string)]);
    expect(res.data.providerKey).toEqual({ id, resourceId: ids[0] });
    // node and providerKey asked for the same key: one upstream request thanks to the request's DataLoader.
    expect(stack.upstream().filter((r) => r.path === `/provider-keys/${ids[0]}`)).toHaveLength(1);
  });

  it('resolves an access key configuration through node', async () => {
    const list = await stack.gql('{ accessKeyConfigurations(first: 1) { nodes { id name } } }');
    const { id, name } = list.data.accessKeyConfigurations.nodes[0];
    const res = await stack.gql(
      'query($id: ID!) { node(id: $id) { __typename ... on AccessKeyConfiguration { name } } accessKeyConfiguration(id: $id) { id } }',
      { id },
    );
    expect(res.data).toEqual({ node: { __typename: 'AccessKeyConfiguration', name }, accessKeyConfiguration: { id } });
  });

  it('gives null, not an error, for a well-formed id of a missing resource (upstream 404)', async () => {
    const missing = toGlobalId('ProviderKey', 'aigpk_doesnotexist');
    const res = await stack.gql('query($id: ID!) { node(id: $id) { id } providerKey(id: $id) { id } nodes(ids: [$id]) { id } }', {
      id: missing,
    });
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ node: null, providerKey: null, nodes: [null] });
  });

  it('refuses garbage and other-type ids with BAD_USER_INPUT and no upstream request', async () => {
    const configurationId = toGlobalId('AccessKeyConfiguration', 'aigac_123');
    const res = await stack.gql(
      'query($garbage: ID!, $other: ID!) { a: node(id: $garbage) { id } b: providerKey(id: $other) { id } c: providerKey(id: $garbage) { id } }',
      { garbage: '%%%not-base64', other: configurationId },
    );
    expect(res.data).toEqual({ a: null, b: null, c: null });
    expect(res.errors?.map((error) => [error.path?.[0], error.extensions?.code])).toEqual([
      ['a', 'BAD_USER_INPUT'],
      ['b', 'BAD_USER_INPUT'],
      ['c', 'BAD_USER_INPUT'],
    ]);
    expect(stack.upstream()).toHaveLength(0);
  });

  it('lets one bad entry of nodes fail alone', async () => {
    const { token, ids } = seedKeys(1);
    const good = toGlobalId('ProviderKey', ids[0] as string);
    const res = await stack.gql(
      'query($ids: [ID!]!) { nodes(ids: $ids) { id } }',
      { ids: [good, 'bogus', toGlobalId('Nope', 'x')] },
      { token },
    );
    expect(res.data.nodes).toEqual([{ id: good }, null, null]);
    expect(res.errors?.map((error) => [error.path, error.extensions?.code])).toEqual([
      [['nodes', 1], 'BAD_USER_INPUT'],
      [['nodes', 2], 'BAD_USER_INPUT'],
    ]);
  });
});
