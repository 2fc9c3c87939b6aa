import { toGlobalId } from 'graphql-relay';
import { describe, expect, it } from 'vitest';
import { newToken, useStack } from './helpers/stack.ts';

const stack = useStack();

const UPDATE = /* GraphQL */ `
  mutation($input: UpdateOpenRouterKeyInput!) {
    updateOpenRouterKey(input: $input) {
      clientMutationId
      openRouterKey { id name disabled limit limitReset includeByokInLimit }
    }
  }
`;
const CREATE = /* GraphQL */ `
  mutation($input: CreateOpenRouterKeyInput!) {
    createOpenRouterKey(input: $input) {
      clientMutationId
      key
      openRouterKey { id hash name label limit limitReset includeByokInLimit expiresAt }
    }
  }
`;
const DELETE = /* GraphQL */ `
  mutation($input: DeleteOpenRouterKeyInput!) {
    deleteOpenRouterKey(input: $input) { clientMutationId deletedOpenRouterKeyId }
  }
`;

function setup() {
  const key = newToken('ormut');
  const account = stack.openRouter.account(key);
  const record = account.createKey({ name: 'original', limit: 25, limit_reset: 'daily', include_byok_in_limit: true });
  return { key, account, record, id: toGlobalId('OpenRouterKey', record.hash) };
}

function writes(method: string) {
  return stack.openRouterUpstream().filter((request) => request.method === method);
}

describe('updateOpenRouterKey', () => {
  it('sends only the given fields, maps names and the enum, and echoes clientMutationId', async () => {
    const { key, id, record } = setup();
    const res = await stack.gql(
      UPDATE,
      { input: { id, name: 'renamed', disabled: true, limitReset: 'WEEKLY', includeByokInLimit: false, clientMutationId: 'c-1' } },
      { openRouterKey: key },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.updateOpenRouterKey).toEqual({
      clientMutationId: 'c-1',
      openRouterKey: { id, name: 'renamed', disabled: true, limit: 25, limitReset: 'weekly', includeByokInLimit: false },
    });
    expect(writes('PATCH').map((request) => [request.path, request.body])).toEqual([
      [`/api/v1/keys/${record.hash}`, { name: 'renamed', disabled: true, limit_reset: 'weekly', include_byok_in_limit: false }],
    ]);
  });

  it('sends limit: null and limitReset: null as null, and leaves omitted fields out', async () => {
    const { key, id } = setup();
    const res = await stack.gql(UPDATE, { input: { id, limit: null, limitReset: null } }, { openRouterKey: key });
    expect(res.data.updateOpenRouterKey.openRouterKey).toMatchObject({ name: 'original', limit: null, limitReset: null });
    expect(writes('PATCH')[0]?.body).toEqual({ limit: null, limit_reset: null });
    expect(writes('PATCH')[0]?.rawBody).toBe('{"limit":null,"limit_reset":null}');
  });

  it('keeps null-versus-omitted with inline literals, and sends {} for an id alone', async () => {
    const { key, id } = setup();
    await stack.gql(
      `mutation { updateOpenRouterKey(input: { id: "${id}", limit: null }) { clientMutationId } }`,
      {},
      { openRouterKey: key },
    );
    await stack.gql(
      `mutation { updateOpenRouterKey(input: { id: "${id}", limit: 7.5 }) { clientMutationId } }`,
      {},
      { openRouterKey: key },
    );
    await stack.gql(UPDATE, { input: { id } }, { openRouterKey: key });
    expect(writes('PATCH').map((request) => request.body)).toEqual([{ limit: null }, { limit: 7.5 }, {}]);
  });

  it.each(['name', 'disabled', 'includeByokInLimit'])('refuses %s: null with BAD_USER_INPUT and no upstream request', async (field) => {
    const { key, id } = setup();
    const res = await stack.gql(UPDATE, { input: { id, [field]: null } }, { openRouterKey: key });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(res.data.updateOpenRouterKey).toBeNull();
    expect(stack.openRouterUpstream()).toHaveLength(0);
  });

  it('refuses an inline null literal too', async () => {
    const { key, id } = setup();
    const res = await stack.gql(
      `mutation { updateOpenRouterKey(input: { id: "${id}", name: null }) { clientMutationId } }`,
      {},
      { openRouterKey: key },
    );
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(stack.openRouterUpstream()).toHaveLength(0);
  });

  it.each([
    ['a name over 255 characters', { name: 'x'.repeat(256) }],
    ['an empty name', { name: '' }],
    ['a negative limit', { limit: -0.01 }],
    ['an unknown limitReset', { limitReset: 'YEARLY' }],
    ['an ID of another type', { id: toGlobalId('ProviderKey', 'aigpk_1') }],
    ['a malformed ID', { id: '!!' }],
  ])('refuses %s before any upstream request', async (_label, patch) => {
    const { key, id } = setup();
    const res = await stack.gql(UPDATE, { input: { id, ...patch } }, { openRouterKey: key });
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(stack.openRouterUpstream()).toHaveLength(0);
  });

  it('accepts a 255-character name and a zero limit', async () => {
    const { key, id } = setup();
    const res = await stack.gql(UPDATE, { input: { id, name: 'n'.repeat(255), limit: 0 } }, { openRouterKey: key });
    expect(res.errors).toBeUndefined();
    expect(res.data.updateOpenRouterKey.openRouterKey).toMatchObject({ limit: 0 });
  });

  it('answers NOT_FOUND for a key that does not exist', async () => {
    const { key } = setup();
    const res = await stack.gql(UPDATE, { input: { id: toGlobalId('OpenRouterKey', 'b'.repeat(64)), name: 'x' } }, { openRouterKey: key });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', upstream: { statusCode: 404 } });
  });
});

describe('createOpenRouterKey', () => {
  it('posts the mapped body, returns the secret once in the payload, and never logs it', async () => {
    const key = newToken('orcreate');
    const res = await stack.gql(
      CREATE,
      {
        input: {
          name: 'ci runner',
          limit: 10,
          limitReset: 'MONTHLY',
          includeByokInLimit: true,
          expiresAt: '2027-06-30T23:30:00.250-02:00',
          clientMutationId: 'new-1',
        },
      },
      { openRouterKey: key },
    );
    expect(res.errors).toBeUndefined();
    const payload = res.data.createOpenRouterKey;
    const record = stack.openRouter.account(key).keys.get(payload.openRouterKey.hash)!;
    expect(payload).toEqual({
      clientMutationId: 'new-1',
      key: record.secret,
      openRouterKey: {
        id: toGlobalId('OpenRouterKey', record.hash),
        hash: record.hash,
        name: 'ci runner',
        label: record.label,
        limit: 10,
        limitReset: 'monthly',
        includeByokInLimit: true,
        expiresAt: '2027-07-01T01:30:00.250Z',
      },
    });
    expect(record.secret).toMatch(/^sk-or-v1-/);
    expect(writes('POST').map((request) => [request.path, request.body])).toEqual([
      [
        '/api/v1/keys',
        { name: 'ci runner', limit: 10, limit_reset: 'monthly', include_byok_in_limit: true, expires_at: '2027-07-01T01:30:00.250Z' },
      ],
    ]);
    expect(stack.logs.join('\n')).not.toContain(record.secret);

    // The secret is never readable again: not by lookup, not by list.
    const read = await stack.gql(
      'query($id: ID!) { openRouterKey(id: $id) { id name label } openRouterKeys { nodes { id hash name label } } }',
      { id: payload.openRouterKey.id },
      { openRouterKey: key },
    );
    expect(read.errors).toBeUndefined();
    expect(read.text).not.toContain(record.secret);
    expect(stack.logs.join('\n')).not.toContain(record.secret);
  });

  it('sends only name when nothing else is given, and nulls for limit/limitReset/expiresAt when given as null', async () => {
    const key = newToken('orcreate');
    await stack.gql(CREATE, { input: { name: 'bare' } }, { openRouterKey: key });
    await stack.gql(CREATE, { input: { name: 'nulls', limit: null, limitReset: null, expiresAt: null } }, { openRouterKey: key });
    expect(writes('POST').map((request) => request.body)).toEqual([
      { name: 'bare' },
      { name: 'nulls', limit: null, limit_reset: null, expires_at: null },
    ]);
  });

  it.each([
    ['a name over 255 characters', { name: 'x'.repeat(256) }],
    ['an empty name', { name: '' }],
    ['a negative limit', { name: 'k', limit: -1 }],
    ['includeByokInLimit: null', { name: 'k', includeByokInLimit: null }],
    ['an expiresAt without a time zone', { name: 'k', expiresAt: '2027-01-01T00:00:00' }],
    ['an expiresAt that is not a date', { name: 'k', expiresAt: 'next tuesday' }],
    ['an impossible expiresAt', { name: 'k', expiresAt: '2027-02-30T00:00:00Z' }],
    ['a missing name', { limit: 5 }],
  ])('refuses %s before any upstream request', async (_label, input) => {
    const res = await stack.gql(CREATE, { input }, { openRouterKey: newToken('orcreate') });
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(stack.openRouterUpstream()).toHaveLength(0);
  });
});

describe('deleteOpenRouterKey', () => {
  it('deletes, answers the deleted global ID, and the key is gone afterwards', async () => {
    const { key, id, record, account } = setup();
    const res = await stack.gql(DELETE, { input: { id, clientMutationId: 'd-1' } }, { openRouterKey: key });
    expect(res.errors).toBeUndefined();
    expect(res.data.deleteOpenRouterKey).toEqual({ clientMutationId: 'd-1', deletedOpenRouterKeyId: id });
    expect(writes('DELETE').map((request) => request.path)).toEqual([`/api/v1/keys/${record.hash}`]);
    expect(account.keys.has(record.hash)).toBe(false);

    const after = await stack.gql('query($id: ID!) { openRouterKey(id: $id) { id } }', { id }, { openRouterKey: key });
    expect(after.data.openRouterKey).toBeNull();
    const again = await stack.gql(DELETE, { input: { id } }, { openRouterKey: key });
    expect(again.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', upstream: { statusCode: 404 } });
  });

  it('refuses an ID of another type before any upstream request', async () => {
    const res = await stack.gql(DELETE, { input: { id: toGlobalId('AccessKeyConfiguration', 'aigac_1') } }, { openRouterKey: 'demo' });
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(stack.openRouterUpstream()).toHaveLength(0);
  });
});
