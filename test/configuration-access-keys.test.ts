import { toGlobalId } from 'graphql-relay';
import { describe, expect, it } from 'vitest';
import { newToken, useStack } from './helpers/stack.ts';

const stack = useStack();

const QUERY = /* GraphQL */ `
  query($id: ID!, $first: Int, $after: String) {
    accessKeyConfiguration(id: $id) {
      accessKeyCount
      accessKeys(first: $first, after: $after) {
        nodes { resourceId configuration { resourceId } }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
`;

function account() {
  const token = newToken('cfg-keys');
  const acc = stack.simulator.account(token);
  const configuration = acc.createAccessKeyConfiguration({ name: 'scoped' });
  const other = acc.createAccessKeyConfiguration({ name: 'other' });
  const linked: string[] = [];
  for (let i = 0; i < 5; i++) {
    linked.push(acc.createAccessKey({ name: `in${i}`, accessKeyConfigurationId: configuration.id }).id);
    acc.createAccessKey({ name: `out${i}`, ...(i % 2 === 0 && { accessKeyConfigurationId: other.id }) });
  }
  return { token, acc, configuration, other, linked: linked.reverse(), id: toGlobalId('AccessKeyConfiguration', configuration.id) };
}

describe('AccessKeyConfiguration.accessKeyCount and accessKeys', () => {
  it('pages the keys that use the configuration with the upstream filter and exact hasNextPage', async () => {
    const { token, configuration, linked, id } = account();
    const first = await stack.gql(QUERY, { id, first: 3 }, { token });
    expect(first.errors).toBeUndefined();
    expect(first.data.accessKeyConfiguration.accessKeyCount).toBe(5);
    expect(first.data.accessKeyConfiguration.accessKeys.nodes).toEqual(
      linked.slice(0, 3).map((resourceId) => ({ resourceId, configuration: { resourceId: configuration.id } })),
    );
    expect(first.data.accessKeyConfiguration.accessKeys.pageInfo.hasNextPage).toBe(true);
    expect(stack.upstream().find((r) => r.path === '/access-keys')?.query).toEqual({
      limit: '4',
      accessKeyConfigurationId: configuration.id,
    });
    // The keys' own configuration link is answered from the configuration this request already read.
    expect(stack.upstream().filter((r) => r.path.startsWith('/access-key-configurations/'))).toHaveLength(1);

    const rest = await stack.gql(
      QUERY,
      { id, first: 3, after: first.data.accessKeyConfiguration.accessKeys.pageInfo.endCursor },
      { token },
    );
    expect(rest.data.accessKeyConfiguration.accessKeys.nodes.map((k: any) => k.resourceId)).toEqual(linked.slice(3));
    expect(rest.data.accessKeyConfiguration.accessKeys.pageInfo.hasNextPage).toBe(false);
  });

  it('follows links, unlinks and deletes exactly', async () => {
    const { token, acc, other, linked, id } = account();
    acc.updateAccessKey(linked[0]!, { accessKeyConfigurationId: other.id });
    acc.updateAccessKey(linked[1]!, { accessKeyConfigurationId: null });
    acc.deleteAccessKey(linked[2]!);
    const res = await stack.gql(QUERY, { id }, { token });
    expect(res.data.accessKeyConfiguration.accessKeyCount).toBe(2);
    expect(res.data.accessKeyConfiguration.accessKeys.nodes.map((k: any) => k.resourceId)).toEqual(linked.slice(3));
    const all = await stack.gql('{ accessKeyConfigurations { nodes { name accessKeyCount } } }', {}, { token });
    expect(all.data.accessKeyConfigurations.nodes).toEqual([
      { name: 'other', accessKeyCount: 4 },
      { name: 'scoped', accessKeyCount: 2 },
    ]);
  });

  it('validates first and after before any upstream request', async () => {
    const { token, id } = account();
    for (const variables of [
      { id, first: -1 },
      { id, after: 'bm9wZQ' },
    ]) {
      const res = await stack.gql(QUERY, variables, { token });
      expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
    // Only the configuration was read: the bad arguments stopped the list before its request.
    expect(stack.upstream().map((r) => r.path)).toEqual([
      expect.stringMatching(/^\/access-key-configurations\//),
      expect.stringMatching(/^\/access-key-configurations\//),
    ]);
  });

  it('answers 20 configurations from the pages of all access keys, within the estimate', async () => {
    const token = newToken('cfg-keys-cost');
    const acc = stack.simulator.account(token);
    for (let c = 0; c < 20; c++) {
      const configuration = acc.createAccessKeyConfiguration({ name: `c${c}` });
      for (let k = 0; k < 6; k++) acc.createAccessKey({ name: `c${c}k${k}`, accessKeyConfigurationId: configuration.id });
    }
    const query =
      '{ accessKeyConfigurations(first: 20) { nodes { resourceId accessKeyCount accessKeys(first: 5) { nodes { resourceId } pageInfo { hasNextPage } } } } }';
    const res = await stack.gql(query, {}, { token });
    expect(res.errors).toBeUndefined();
    // The same answer as one filtered list per configuration would give.
    for (const node of res.data.accessKeyConfigurations.nodes) {
      const expected = acc
        .listAccessKeys(node.resourceId)
        .slice(0, 5)
        .map((key) => key.id);
      expect(node.accessKeys).toEqual({ nodes: expected.map((resourceId) => ({ resourceId })), pageInfo: { hasNextPage: true } });
      expect(node.accessKeyCount).toBe(6);
    }
    // The newest 100 keys hold the 6 needed of the 16 newest configurations; 4 are left, so the
    // next (and last) page is read rather than 4 filtered lists.
    const lists = stack.upstream().filter((r) => r.path === '/access-keys');
    expect(lists.map((r) => r.query)).toEqual([{ limit: '100' }, { limit: '100', beforeId: expect.any(String) }]);
    expect(stack.upstream()).toHaveLength(3);
  });

  it('reads at most three pages of all keys, then filtered lists for the configurations still unanswered', async () => {
    const token = newToken('cfg-keys-pages');
    const acc = stack.simulator.account(token);
    const configurations = Array.from({ length: 5 }, (_, c) => acc.createAccessKeyConfiguration({ name: `c${c}` }).id);
    // 5 keys per configuration, oldest configuration first, then 300 unlinked keys on top.
    for (const id of configurations) for (let k = 0; k < 5; k++) acc.createAccessKey({ name: 'k', accessKeyConfigurationId: id });
    for (let k = 0; k < 300; k++) acc.createAccessKey({ name: `unlinked ${k}` });
    const res = await stack.gql(
      '{ accessKeyConfigurations { nodes { resourceId accessKeys(first: 2) { nodes { resourceId } } } } }',
      {},
      { token },
    );
    expect(res.errors).toBeUndefined();
    for (const node of res.data.accessKeyConfigurations.nodes) {
      expect(node.accessKeys.nodes.map((k: any) => k.resourceId)).toEqual(
        acc
          .listAccessKeys(node.resourceId)
          .slice(0, 2)
          .map((k) => k.id),
      );
    }
    const lists = stack.upstream().filter((r) => r.path === '/access-keys');
    expect(lists.filter((r) => r.query.accessKeyConfigurationId === undefined)).toHaveLength(3);
    expect(lists.filter((r) => r.query.accessKeyConfigurationId !== undefined)).toHaveLength(5);
  });

  it('reads one filtered list per configuration when a batch is smaller than LIST_LOOKUP_MIN_IDS', async () => {
    const { token, configuration, other, linked } = account();
    const query = `{ a: accessKeyConfigurations { nodes { resourceId accessKeys(first: 2) { nodes { resourceId } pageInfo { hasNextPage } } } }
      b: accessKeyConfigurations { nodes { accessKeys(first: 3) { nodes { resourceId } } } } }`;
    const res = await stack.gql(query, {}, { token });
    expect(res.errors).toBeUndefined();
    const byId = Object.fromEntries(res.data.a.nodes.map((n: any) => [n.resourceId, n.accessKeys]));
    expect(byId[configuration.id]).toEqual({
      nodes: linked.slice(0, 2).map((resourceId) => ({ resourceId })),
      pageInfo: { hasNextPage: true },
    });
    expect(byId[other.id].nodes).toHaveLength(2);
    // Below LIST_LOOKUP_MIN_IDS (3) configurations per batch: one filtered list each, no page of all keys.
    expect(
      stack
        .upstream()
        .filter((r) => r.path === '/access-keys')
        .map((r) => r.query.accessKeyConfigurationId),
    ).toEqual([other.id, configuration.id, other.id, configuration.id]);
  });

  it('answers every configuration from the page of all keys when that page is the whole list, once per request', async () => {
    const { token, acc, configuration, other, linked } = account();
    const empty = acc.createAccessKeyConfiguration({ name: 'empty' });
    const query = `{ a: accessKeyConfigurations { nodes { resourceId accessKeys(first: 3) { nodes { resourceId } pageInfo { hasNextPage } } } }
      b: accessKeyConfigurations { nodes { accessKeys(first: 10) { nodes { resourceId } pageInfo { hasNextPage } } } } }`;
    const res = await stack.gql(query, {}, { token });
    expect(res.errors).toBeUndefined();
    const a = Object.fromEntries(res.data.a.nodes.map((n: any) => [n.resourceId, n.accessKeys]));
    expect(a[configuration.id]).toEqual({
      nodes: linked.slice(0, 3).map((resourceId) => ({ resourceId })),
      pageInfo: { hasNextPage: true },
    });
    expect(a[other.id].pageInfo.hasNextPage).toBe(false);
    expect(a[empty.id]).toEqual({ nodes: [], pageInfo: { hasNextPage: false } });
    expect(res.data.b.nodes.map((n: any) => n.accessKeys.nodes.length).sort()).toEqual([0, 3, 5]);
    // The second batch (b) may not read the page again: it gets filtered lists.
    const lists = stack.upstream().filter((r) => r.path === '/access-keys');
    expect(lists.map((r) => r.query)).toEqual([
      { limit: '100' },
      ...[empty.id, other.id, configuration.id].map((id) => ({ limit: '11', accessKeyConfigurationId: id })),
    ]);
  });

  it('fails the batch with the error of the page of all keys, without a filtered list per configuration', async () => {
    const { token, acc } = account();
    acc.createAccessKeyConfiguration({ name: 'third' });
    stack.simulator.injectFault({ match: { method: 'GET', path: '/access-keys' }, status: 500 });
    const res = await stack.gql('{ accessKeyConfigurations { nodes { name accessKeys { nodes { id } } } } }', {}, { token });
    // accessKeys is non-null (AccessKeyConnection!), so its error nulls the list up to data.
    expect(res.data).toBeNull();
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_ERROR', upstream: { statusCode: 500 } });
    expect(stack.upstream().filter((r) => r.path === '/access-keys')).toHaveLength(1);
  });
});
