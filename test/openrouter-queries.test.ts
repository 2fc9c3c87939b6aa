import { toGlobalId } from 'graphql-relay';
import { describe, expect, it } from 'vitest';
import { newToken, useStack } from './helpers/stack.ts';

const stack = useStack();

const KEYS = /* GraphQL */ `
  query($first: Int, $after: String, $includeDisabled: Boolean) {
    openRouterKeys(first: $first, after: $after, includeDisabled: $includeDisabled) {
      edges { cursor node { hash name disabled } }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    }
  }
`;

/** A fresh OpenRouter account holding `count` keys; returns the key and the hashes newest first. */
function accountWith(count: number, disabledEvery = 0) {
  const key = newToken('or');
  const account = stack.openRouter.account(key);
  const hashes: string[] = [];
  for (let i = 0; i < count; i++) {
    hashes.unshift(account.createKey({ name: `key ${i}`, disabled: disabledEvery > 0 && i % disabledEvery === 0 }).hash);
  }
  return { key, account, hashes };
}

/** The `offset` (absent on the first page) and `include_disabled` of each recorded list call. */
function listCalls() {
  return stack
    .openRouterUpstream()
    .filter((request) => request.method === 'GET' && request.path === '/api/v1/keys')
    .map((request) => ({ offset: request.query.offset, includeDisabled: request.query.include_disabled }));
}

describe('OpenRouterKey fields', () => {
  it('maps snake_case to camelCase, groups usage, and serves timestamps as UTC ISO-8601', async () => {
    const { key, account } = accountWith(0);
    const record = account.createKey({
      name: 'prod',
      limit: 50,
      limit_reset: 'weekly',
      include_byok_in_limit: true,
      expires_at: '2027-03-01T12:00:00+02:00',
      creator_user_id: null,
      usage: {
        usage: 12.5,
        usage_daily: 0.5,
        usage_weekly: 2.25,
        usage_monthly: 7,
        byok_usage: 3,
        byok_usage_daily: 0.1,
        byok_usage_weekly: 0.2,
        byok_usage_monthly: 1.5,
      },
      created_at: '2025-02-19T20:52:27.363244+00:00',
      updated_at: '2025-02-20T01:02:03.999999-05:00',
    });
    const res = await stack.gql(
      `{ openRouterKeys { nodes {
          id hash name label disabled limit limitRemaining limitReset includeByokInLimit
          usage { total daily weekly monthly } byokUsage { total daily weekly monthly }
          createdAt updatedAt expiresAt creatorUserId workspaceId
      } } }`,
      {},
      { openRouterKey: key },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.openRouterKeys.nodes).toEqual([
      {
        id: toGlobalId('OpenRouterKey', record.hash),
        hash: record.hash,
        name: 'prod',
        label: record.label,
        disabled: false,
        limit: 50,
        limitRemaining: 50 - 2.25 - 0.2,
        limitReset: 'weekly',
        includeByokInLimit: true,
        usage: { total: 12.5, daily: 0.5, weekly: 2.25, monthly: 7 },
        byokUsage: { total: 3, daily: 0.1, weekly: 0.2, monthly: 1.5 },
        createdAt: '2025-02-19T20:52:27.363Z',
        updatedAt: '2025-02-20T06:02:03.999Z',
        expiresAt: '2027-03-01T10:00:00.000Z',
        creatorUserId: null,
        workspaceId: account.workspaceId,
      },
    ]);
  });

  it('serves null for a key without cap, reset, update time or expiry', async () => {
    const { key } = accountWith(1);
    const res = await stack.gql(
      '{ openRouterKeys { nodes { limit limitRemaining limitReset updatedAt expiresAt } } }',
      {},
      { openRouterKey: key },
    );
    expect(res.data.openRouterKeys.nodes).toEqual([
      { limit: null, limitRemaining: null, limitReset: null, updatedAt: null, expiresAt: null },
    ]);
  });

  it('answers UPSTREAM_BAD_RESPONSE for a timestamp that is not ISO-8601', async () => {
    const { key, account } = accountWith(0);
    account.createKey({ name: 'odd', created_at: 'yesterday' });
    const res = await stack.gql('{ openRouterKeys { nodes { createdAt } } }', {}, { openRouterKey: key });
    expect(res.errors?.[0]?.extensions?.code).toBe('UPSTREAM_BAD_RESPONSE');
  });
});

describe('openRouterKeys paging (offset upstream, pages of 100)', () => {
  it('serves 260 keys in order across upstream pages with exact hasNextPage', async () => {
    const { key, hashes } = accountWith(260);
    const first = await stack.gql(KEYS, { first: 250 }, { openRouterKey: key });
    expect(first.errors).toBeUndefined();
    const page1 = first.data.openRouterKeys;
    expect(page1.edges.map((edge: any) => edge.node.hash)).toEqual(hashes.slice(0, 250));
    expect(page1.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    expect(page1.pageInfo.endCursor).toBe(page1.edges[249].cursor);
    expect(listCalls()).toEqual(
      [{ offset: undefined }, { offset: '100' }, { offset: '200' }].map((c) => ({ ...c, includeDisabled: undefined })),
    );

    stack.openRouter.clearRequests();
    const second = await stack.gql(KEYS, { first: 250, after: page1.pageInfo.endCursor }, { openRouterKey: key });
    const page2 = second.data.openRouterKeys;
    expect(page2.edges.map((edge: any) => edge.node.hash)).toEqual(hashes.slice(250));
    expect(page2.pageInfo.hasNextPage).toBe(false);
    expect(listCalls().map((call) => call.offset)).toEqual(['250']);
  });

  it('resumes from any edge cursor, including one in the middle of an upstream page', async () => {
    const { key, hashes } = accountWith(130);
    const first = await stack.gql(KEYS, { first: 30 }, { openRouterKey: key });
    const middle = first.data.openRouterKeys.edges[9].cursor;
    const next = await stack.gql(KEYS, { first: 5, after: middle }, { openRouterKey: key });
    expect(next.data.openRouterKeys.edges.map((edge: any) => edge.node.hash)).toEqual(hashes.slice(10, 15));
    expect(next.data.openRouterKeys.pageInfo.hasNextPage).toBe(true);
  });

  it('with exactly 200 keys, looks ahead rather than guessing from a full page', async () => {
    const { key, hashes } = accountWith(200);
    const all = await stack.gql(KEYS, { first: 200 }, { openRouterKey: key });
    expect(all.data.openRouterKeys.edges).toHaveLength(200);
    expect(all.data.openRouterKeys.pageInfo.hasNextPage).toBe(false);
    expect(listCalls().map((call) => call.offset)).toEqual([undefined, '100', '200']);

    const half = await stack.gql(KEYS, { first: 100 }, { openRouterKey: key });
    expect(half.data.openRouterKeys.pageInfo.hasNextPage).toBe(true);
    const rest = await stack.gql(KEYS, { first: 100, after: half.data.openRouterKeys.pageInfo.endCursor }, { openRouterKey: key });
    expect(rest.data.openRouterKeys.edges.map((edge: any) => edge.node.hash)).toEqual(hashes.slice(100));
    expect(rest.data.openRouterKeys.pageInfo.hasNextPage).toBe(false);
  });

  it('defaults to 20, accepts 0, and serves an empty account', async () => {
    const { key } = accountWith(25);
    const byDefault = await stack.gql(KEYS, {}, { openRouterKey: key });
    expect(byDefault.data.openRouterKeys.edges).toHaveLength(20);
    expect(byDefault.data.openRouterKeys.pageInfo.hasNextPage).toBe(true);
    const none = await stack.gql(KEYS, { first: 0 }, { openRouterKey: key });
    expect(none.data.openRouterKeys).toMatchObject({ edges: [], pageInfo: { hasNextPage: true, startCursor: null, endCursor: null } });
    const empty = await stack.gql(KEYS, {}, { openRouterKey: newToken('empty') });
    expect(empty.data.openRouterKeys).toMatchObject({ edges: [], pageInfo: { hasNextPage: false } });
  });

  it.each([
    ['first above 500', { first: 501 }],
    ['a negative first', { first: -1 }],
    ['a malformed cursor', { after: 'not a cursor!' }],
    ['a cursor with a non-numeric offset', { after: Buffer.from('OpenRouterKey:abc').toString('base64url') }],
    ['a cursor of another connection', { after: Buffer.from('ProviderKey:aigpk_1').toString('base64url') }],
  ])('refuses %s with BAD_USER_INPUT and no upstream request', async (_label, variables) => {
    const res = await stack.gql(KEYS, variables, { openRouterKey: newToken('bad') });
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(stack.openRouterUpstream()).toHaveLength(0);
  });
});

describe('includeDisabled', () => {
  it('sends include_disabled on every page when given, and nothing when omitted', async () => {
    const { key, hashes } = accountWith(230, 10); // 23 disabled
    const all = await stack.gql(KEYS, { first: 500, includeDisabled: true }, { openRouterKey: key });
    expect(all.data.openRouterKeys.edges.map((edge: any) => edge.node.hash)).toEqual(hashes);
    expect(listCalls()).toEqual([
      { offset: undefined, includeDisabled: 'true' },
      { offset: '100', includeDisabled: 'true' },
      { offset: '200', includeDisabled: 'true' },
    ]);

    stack.openRouter.clearRequests();
    const enabled = await stack.gql(KEYS, { first: 500, includeDisabled: false }, { openRouterKey: key });
    expect(enabled.data.openRouterKeys.edges).toHaveLength(207);
    expect(enabled.data.openRouterKeys.edges.every((edge: any) => !edge.node.disabled)).toBe(true);
    expect(listCalls().map((call) => call.includeDisabled)).toEqual(['false', 'false', 'false']);

    stack.openRouter.clearRequests();
    const omitted = await stack.gql(KEYS, { first: 500 }, { openRouterKey: key });
    expect(omitted.data.openRouterKeys.edges).toHaveLength(207);
    expect(listCalls().map((call) => call.includeDisabled)).toEqual([undefined, undefined, undefined]);
  });

  it('binds cursors to the filter: a cursor from one includeDisabled is refused by the other', async () => {
    const { key } = accountWith(5, 2);
    const withDisabled = await stack.gql(KEYS, { first: 1, includeDisabled: true }, { openRouterKey: key });
    const cursor = withDisabled.data.openRouterKeys.pageInfo.endCursor;
    stack.openRouter.clearRequests();
    for (const includeDisabled of [false, null]) {
      const res = await stack.gql(KEYS, { first: 1, after: cursor, includeDisabled }, { openRouterKey: key });
      expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
    expect(stack.openRouterUpstream()).toHaveLength(0);
    // Omitted and false are the same (upstream default) filter, so their cursors are interchangeable.
    const enabled = await stack.gql(KEYS, { first: 1 }, { openRouterKey: key });
    const next = await stack.gql(
      KEYS,
      { first: 1, includeDisabled: false, after: enabled.data.openRouterKeys.pageInfo.endCursor },
      { openRouterKey: key },
    );
    expect(next.errors).toBeUndefined();
  });

  it('matches the demo account: 130 keys, 8 of them disabled', async () => {
    const all = await stack.gql(
      '{ openRouterKeys(first: 500, includeDisabled: true) { nodes { disabled } } }',
      {},
      { openRouterKey: 'demo' },
    );
    expect(all.data.openRouterKeys.nodes).toHaveLength(130);
    expect(all.data.openRouterKeys.nodes.filter((node: any) => node.disabled)).toHaveLength(8);
  });
});

describe('openRouterKey, node and nodes', () => {
  it('fetches by global ID; a well-formed ID of a missing key is null', async () => {
    const { key, hashes } = accountWith(2);
    const id = toGlobalId('OpenRouterKey', hashes[0]!);
    const missing = toGlobalId('OpenRouterKey', 'f'.repeat(64));
    const res = await stack.gql(
      `query($id: ID!, $missing: ID!) {
        found: openRouterKey(id: $id) { id hash name }
        gone: openRouterKey(id: $missing) { id }
        node(id: $id) { id ... on OpenRouterKey { name } }
      }`,
      { id, missing },
      { openRouterKey: key },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ found: { id, hash: hashes[0], name: 'key 1' }, gone: null, node: { id, name: 'key 1' } });
    // node and openRouterKey of the same id share one upstream GET (per-request DataLoader).
    expect(
      stack
        .openRouterUpstream()
        .map((request) => request.path)
        .sort(),
    ).toEqual([`/api/v1/keys/${hashes[0]}`, `/api/v1/keys/${'f'.repeat(64)}`].sort());
  });

  it('refuses an ID of another type for openRouterKey, with no upstream request', async () => {
    const res = await stack.gql(
      'query($id: ID!) { openRouterKey(id: $id) { id } }',
      { id: toGlobalId('ProviderKey', 'aigpk_1') },
      { openRouterKey: 'demo' },
    );
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(stack.openRouterUpstream()).toHaveLength(0);
  });

  it('resolves OpenRouter and AI Gateway IDs side by side in nodes(), each with its own token', async () => {
    const { key, hashes } = accountWith(1);
    const aiToken = newToken('ai');
    const providerKey = stack.simulator
      .account(aiToken)
      .createProviderKey({ providerId: 'openai', name: 'pk', value: 'sk-provider-secret-1234' });
    const ids = [
      toGlobalId('OpenRouterKey', hashes[0]!),
      toGlobalId('ProviderKey', providerKey.id),
      toGlobalId('OpenRouterKey', 'a'.repeat(64)),
    ];
    const res = await stack.gql(
      'query($ids: [ID!]!) { nodes(ids: $ids) { __typename id ... on OpenRouterKey { name } ... on ProviderKey { name } } }',
      { ids },
      { token: aiToken, openRouterKey: key },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.nodes).toEqual([
      { __typename: 'OpenRouterKey', id: ids[0], name: 'key 0' },
      { __typename: 'ProviderKey', id: ids[1], name: 'pk' },
      null,
    ]);
  });

  it('deduplicates lookups within a request but never caches across requests', async () => {
    const { key, hashes } = accountWith(3);
    const id = toGlobalId('OpenRouterKey', hashes[1]!);
    const query = 'query($ids: [ID!]!) { nodes(ids: $ids) { id } }';
    for (let i = 0; i < 2; i++) {
      const res = await stack.gql(query, { ids: [id, id, id] }, { openRouterKey: key });
      expect(res.data.nodes).toEqual([{ id }, { id }, { id }]);
    }
    expect(stack.openRouterUpstream().map((request) => request.path)).toEqual([`/api/v1/keys/${hashes[1]}`, `/api/v1/keys/${hashes[1]}`]);
  });
});
