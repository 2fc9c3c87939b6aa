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

  it('costs one list per configuration: 20 configurations with their first 5 keys is 21 requests, as estimated', async () => {
    const token = newToken('cfg-keys-cost');
    const acc = stack.simulator.account(token);
    for (let c = 0; c < 20; c++) {
      const configuration = acc.createAccessKeyConfiguration({ name: `c${c}` });
      for (let k = 0; k < 6; k++) acc.createAccessKey({ name: `c${c}k${k}`, accessKeyConfigurationId: configuration.id });
    }
    const query =
      '{ accessKeyConfigurations(first: 20) { nodes { accessKeyCount accessKeys(first: 5) { nodes { id } pageInfo { hasNextPage } } } } }';
    const res = await stack.gql(query, {}, { token });
    expect(res.errors).toBeUndefined();
    expect(res.data.accessKeyConfigurations.nodes.every((c: any) => c.accessKeyCount === 6 && c.accessKeys.nodes.length === 5)).toBe(true);
    expect(stack.upstream()).toHaveLength(21);
  });
});
