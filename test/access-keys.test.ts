import { toGlobalId } from 'graphql-relay';
import { describe, expect, it } from 'vitest';
import { newToken, useStack } from './helpers/stack.ts';

const stack = useStack();

const FIELDS = /* GraphQL */ `
  id resourceId uri name description metadata keyRedacted createdAt updatedAt lastUsed
  createdBy { id uri } lastUpdatedBy { id }
  configuration { id name access { providers { allow } } }
`;
const LIST = /* GraphQL */ `
  query($first: Int, $after: String) {
    accessKeys(first: $first, after: $after) {
      edges { cursor node { resourceId } }
      nodes { id resourceId }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    }
  }
`;
const CREATE = /* GraphQL */ `
  mutation($input: CreateAccessKeyInput!) {
    createAccessKey(input: $input) { clientMutationId token accessKey { ${FIELDS} } }
  }
`;
const UPDATE = /* GraphQL */ `
  mutation($input: UpdateAccessKeyInput!) {
    updateAccessKey(input: $input) { clientMutationId accessKey { ${FIELDS} } }
  }
`;
const DELETE = /* GraphQL */ `
  mutation($input: DeleteAccessKeyInput!) { deleteAccessKey(input: $input) { clientMutationId deletedAccessKeyId } }
`;
const DELETE_CONFIGURATION = /* GraphQL */ `
  mutation($input: DeleteAccessKeyConfigurationInput!) {
    deleteAccessKeyConfiguration(input: $input) { deletedAccessKeyConfigurationId }
  }
`;
const CREATE_CONFIGURATION = /* GraphQL */ `
  mutation($input: CreateAccessKeyConfigurationInput!) {
    createAccessKeyConfiguration(input: $input) { accessKeyConfiguration { id resourceId name } }
  }
`;

const keyId = (id: string) => toGlobalId('AccessKey', id);
const configurationId = (id: string) => toGlobalId('AccessKeyConfiguration', id);
const calls = () => stack.upstream().map((request) => `${request.method} ${request.path}`);
const writes = () => stack.upstream().filter((request) => request.method !== 'GET');
const configurationReads = () => stack.upstream().filter((request) => request.path.startsWith('/access-key-configurations/'));

function account() {
  const token = newToken('ak');
  const acc = stack.simulator.account(token);
  const configuration = acc.createAccessKeyConfiguration({ name: 'scoped', access: { providers: { allow: ['openai'] } } });
  return { token, acc, configuration };
}

describe('accessKeys and accessKey', () => {
  it('pages newest first on the beforeId helper with exact page info', async () => {
    const { token, acc } = account();
    const ids = Array.from({ length: 25 }, (_, i) => acc.createAccessKey({ name: `k${i}` }).id).reverse();
    const first = await stack.gql(LIST, {}, { token });
    expect(first.errors).toBeUndefined();
    expect(first.data.accessKeys.nodes.map((node: any) => node.resourceId)).toEqual(ids.slice(0, 20));
    expect(first.data.accessKeys.nodes[0].id).toBe(keyId(ids[0]!));
    expect(first.data.accessKeys.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    expect(stack.upstream().map((request) => [request.path, request.query])).toEqual([['/access-keys', { limit: '21' }]]);
    const second = await stack.gql(LIST, { first: 20, after: first.data.accessKeys.pageInfo.endCursor }, { token });
    expect(second.data.accessKeys.edges.map((edge: any) => edge.node.resourceId)).toEqual(ids.slice(20));
    expect(second.data.accessKeys.pageInfo.hasNextPage).toBe(false);
    expect(stack.upstream()[1]?.query).toEqual({ limit: '21', beforeId: ids[19] });
  });

  it('refuses a cursor of another connection and a bad first without an upstream request', async () => {
    const { token, acc } = account();
    acc.createProviderKey({ providerId: 'openai', name: 'p', value: 'sk-cursor-test-0000' });
    const keys = await stack.gql(`{ providerKeys(first: 1) { pageInfo { endCursor } } }`, {}, { token });
    stack.simulator.clearRequests();
    const foreign = await stack.gql(LIST, { after: keys.data.providerKeys.pageInfo.endCursor }, { token });
    expect(foreign.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const tooMany = await stack.gql(LIST, { first: 501 }, { token });
    expect(tooMany.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(stack.upstream()).toHaveLength(0);
  });

  it('fetches one key by id and through node(); missing is null; another type is BAD_USER_INPUT', async () => {
    const { token, acc, configuration } = account();
    const key = acc.createAccessKey({ name: 'one', description: 'd', metadata: 'm', accessKeyConfigurationId: configuration.id });
    const res = await stack.gql(
      `query($id: ID!, $missing: ID!) {
        accessKey(id: $id) { ${FIELDS} }
        node(id: $id) { __typename id ... on AccessKey { name } }
        gone: accessKey(id: $missing) { id }
      }`,
      { id: keyId(key.id), missing: keyId('aigk_missing') },
      { token },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.accessKey).toMatchObject({
      id: keyId(key.id),
      resourceId: key.id,
      name: 'one',
      description: 'd',
      metadata: 'm',
      keyRedacted: key.keyRedacted,
      lastUsed: null,
      configuration: { id: configurationId(configuration.id), name: 'scoped', access: { providers: { allow: ['openai'] } } },
    });
    expect(res.data.node).toEqual({ __typename: 'AccessKey', id: keyId(key.id), name: 'one' });
    expect(res.data.gone).toBeNull();
    expect(res.text).not.toContain(key.token);
    stack.simulator.clearRequests();
    const wrong = await stack.gql(`query($id: ID!) { accessKey(id: $id) { id } }`, { id: configurationId(configuration.id) }, { token });
    expect(wrong.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(stack.upstream()).toHaveLength(0);
  });

  it('answers configuration: null for an unlinked key without reading any configuration', async () => {
    const { token, acc } = account();
    const key = acc.createAccessKey({ name: 'free' });
    const res = await stack.gql(`query($id: ID!) { accessKey(id: $id) { configuration { id } } }`, { id: keyId(key.id) }, { token });
    expect(res.data.accessKey.configuration).toBeNull();
    expect(configurationReads()).toHaveLength(0);
  });
});

describe('AccessKey.configuration batching', () => {
  function seed() {
    const token = newToken('akbatch');
    const acc = stack.simulator.account(token);
    const configurations = Array.from({ length: 3 }, (_, i) => acc.createAccessKeyConfiguration({ name: `cfg ${i}` }));
    for (let i = 0; i < 20; i++) acc.createAccessKey({ name: `key ${i}`, accessKeyConfigurationId: configurations[i % 3]!.id });
    return { token, configurations };
  }

  it('answers id, resourceId, uri and name from the link each key carries: no configuration read', async () => {
    const { token, configurations } = seed();
    const byId = new Map(configurations.map((configuration) => [configuration.id, configuration]));
    // Three runs: the third executes the operation compiled by graphql-jit (a hot operation).
    for (let run = 0; run < 3; run++) {
      stack.simulator.clearRequests();
      const res = await stack.gql(
        `query Links { accessKeys(first: 20) { nodes { configuration { __typename id ...Link } } } }
         fragment Link on AccessKeyConfiguration { resourceId uri ... on AccessKeyConfiguration { name } }`,
        {},
        { token },
      );
      expect(res.errors).toBeUndefined();
      for (const { configuration } of res.data.accessKeys.nodes) {
        const upstream = byId.get(configuration.resourceId)!;
        expect(configuration).toEqual({
          __typename: 'AccessKeyConfiguration',
          id: configurationId(upstream.id),
          resourceId: upstream.id,
          uri: expect.stringMatching(new RegExp(`/access-key-configurations/${upstream.id}$`)),
          name: upstream.name,
        });
      }
      expect(stack.upstream().map((request) => `${request.method} ${request.path.split('?')[0]}`)).toEqual(['GET /access-keys']);
    }
  });

  it('loads the configuration when a field beyond the link is selected, also through a fragment', async () => {
    const { token } = seed();
    const res = await stack.gql(
      `{ accessKeys(first: 20) { nodes { configuration { name ...More } } } }
       fragment More on AccessKeyConfiguration { createdAt }`,
      {},
      { token },
    );
    expect(res.errors).toBeUndefined();
    for (const node of res.data.accessKeys.nodes) expect(node.configuration.createdAt).toMatch(/^\d{4}-/);
    expect(stack.upstream().map((request) => `${request.method} ${request.path.split('?')[0]}`)).toEqual([
      'GET /access-keys',
      'GET /access-key-configurations',
    ]);
  });

  it('20 keys linked to 3 configurations cost one configuration list read', async () => {
    const { token } = seed();
    const res = await stack.gql(`{ accessKeys(first: 20) { nodes { name configuration { name createdAt } } } }`, {}, { token });
    expect(res.errors).toBeUndefined();
    const nodes = res.data.accessKeys.nodes;
    expect(nodes).toHaveLength(20);
    for (const node of nodes) expect(node.configuration.name).toMatch(/^cfg [0-2]$/);
    expect(configurationReads()).toHaveLength(0);
    expect(stack.upstream().map((request) => `${request.method} ${request.path.split('?')[0]}`)).toEqual([
      'GET /access-keys',
      'GET /access-key-configurations',
    ]);
  });

  it('two linked configurations (below LIST_LOOKUP_MIN_IDS) cost one read each', async () => {
    const token = newToken('akpair');
    const acc = stack.simulator.account(token);
    const configurations = Array.from({ length: 2 }, (_, i) => acc.createAccessKeyConfiguration({ name: `pair ${i}` }));
    for (let i = 0; i < 6; i++) acc.createAccessKey({ name: `key ${i}`, accessKeyConfigurationId: configurations[i % 2]!.id });
    const res = await stack.gql(`{ accessKeys(first: 6) { nodes { configuration { name createdAt } } } }`, {}, { token });
    expect(res.errors).toBeUndefined();
    expect(
      configurationReads()
        .map((request) => request.path)
        .sort(),
    ).toEqual(configurations.map((configuration) => `/access-key-configurations/${configuration.id}`).sort());
  });

  it('costs no configuration read for a configuration the same request just wrote (loaders are primed)', async () => {
    const token = newToken('prime');
    const acc = stack.simulator.account(token);
    const configuration = acc.createAccessKeyConfiguration({ name: 'before' });
    const key = acc.createAccessKey({ name: 'k', accessKeyConfigurationId: configuration.id });
    // Mutation fields run one after the other, so the second sees what the first primed.
    const res = await stack.gql(
      `mutation($configuration: ID!, $key: ID!) {
        updateAccessKeyConfiguration(input: { id: $configuration, name: "after" }) { clientMutationId }
        updateAccessKey(input: { id: $key, metadata: "m" }) { accessKey { configuration { name createdAt } } }
      }`,
      { configuration: configurationId(configuration.id), key: keyId(key.id) },
      { token },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.updateAccessKey.accessKey.configuration).toMatchObject({ name: 'after' });
    expect(configurationReads().filter((request) => request.method === 'GET')).toHaveLength(0);
  });

  it('sees a configuration the same request rewrote after it had loaded it (a write clears the loaded copy)', async () => {
    const token = newToken('reload');
    const acc = stack.simulator.account(token);
    const configuration = acc.createAccessKeyConfiguration({ name: 'before' });
    const key = acc.createAccessKey({ name: 'k', accessKeyConfigurationId: configuration.id });
    const res = await stack.gql(
      `mutation($configuration: ID!, $key: ID!) {
        first: updateAccessKey(input: { id: $key, metadata: "1" }) { accessKey { configuration { name createdAt } } }
        rename: updateAccessKeyConfiguration(input: { id: $configuration, name: "after" }) { clientMutationId }
        again: updateAccessKey(input: { id: $key, metadata: "2" }) { accessKey { configuration { name createdAt } } }
      }`,
      { configuration: configurationId(configuration.id), key: keyId(key.id) },
      { token },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.first.accessKey.configuration.name).toBe('before');
    expect(res.data.again.accessKey.configuration.name).toBe('after');
  });

  it('resolves a link to a configuration that vanished (upstream 404) to null', async () => {
    const token = newToken('akgone');
    const acc = stack.simulator.account(token);
    const configurations = Array.from({ length: 2 }, (_, i) => acc.createAccessKeyConfiguration({ name: `gone ${i}` }));
    for (let i = 0; i < 6; i++) acc.createAccessKey({ name: `key ${i}`, accessKeyConfigurationId: configurations[i % 2]!.id });
    const gone = { statusCode: 404, msg: 'not found', details: {} };
    stack.simulator.injectFault({
      match: { method: 'GET', path: `/access-key-configurations/${configurations[0]!.id}` },
      status: 404,
      body: gone,
      times: Infinity,
    });
    const res = await stack.gql(`{ accessKeys(first: 6) { nodes { configuration { name createdAt } } } }`, {}, { token });
    stack.simulator.clearFaults();
    expect(res.errors).toBeUndefined();
    expect(res.data.accessKeys.nodes.filter((node: any) => node.configuration === null)).toHaveLength(3);
  });
});

describe('createAccessKey', () => {
  it('POSTs {} for an empty input and returns the token once, in the payload only', async () => {
    const { token } = account();
    const res = await stack.gql(CREATE, { input: { clientMutationId: 'c' } }, { token });
    expect(res.errors).toBeUndefined();
    const { token: secret, accessKey, clientMutationId } = res.data.createAccessKey;
    expect(clientMutationId).toBe('c');
    expect(secret).toMatch(/^ng-/);
    expect(accessKey).toMatchObject({ name: null, configuration: null });
    expect(calls()).toEqual(['POST /access-keys']);
    expect(stack.upstream()[0]?.body).toEqual({});
    expect(stack.logs.join('\n')).not.toContain(secret);
  });

  it('maps the configuration global id to its REST id and leaves null fields out', async () => {
    const { token, configuration } = account();
    const input = {
      name: 'app',
      description: null,
      metadata: '{"env":"prod"}',
      accessKeyConfigurationId: configurationId(configuration.id),
    };
    const res = await stack.gql(CREATE, { input }, { token });
    expect(res.errors).toBeUndefined();
    expect(writes().map((request) => request.body)).toEqual([
      { name: 'app', metadata: '{"env":"prod"}', accessKeyConfigurationId: configuration.id },
    ]);
    expect(res.data.createAccessKey.accessKey.configuration).toMatchObject({ id: configurationId(configuration.id), name: 'scoped' });
  });

  it('treats accessKeyConfigurationId: null as allow-all (not sent)', async () => {
    const { token } = account();
    const res = await stack.gql(CREATE, { input: { name: 'free', accessKeyConfigurationId: null } }, { token });
    expect(res.errors).toBeUndefined();
    expect(stack.upstream()[0]?.body).toEqual({ name: 'free' });
  });

  it.each([
    ['a configuration id of another type', { accessKeyConfigurationId: toGlobalId('ProviderKey', 'aigpk_1') }],
    ['a malformed configuration id', { accessKeyConfigurationId: 'not base64!' }],
    ['a name over 255 characters', { name: 'n'.repeat(256) }],
    ['a description over 255 characters', { description: 'd'.repeat(256) }],
    ['metadata over 4096 characters', { metadata: 'm'.repeat(4097) }],
  ])('refuses %s with BAD_USER_INPUT and no upstream request', async (_label, input) => {
    const { token } = account();
    const res = await stack.gql(CREATE, { input }, { token });
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.data.createAccessKey).toBeNull();
    expect(stack.upstream()).toHaveLength(0);
  });

  it('passes the upstream 400 for a configuration that does not exist through as BAD_USER_INPUT', async () => {
    const { token } = account();
    const res = await stack.gql(CREATE, { input: { accessKeyConfigurationId: configurationId('aigac_missing') } }, { token });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', upstream: { statusCode: 400 } });
    expect(writes()).toHaveLength(1);
  });
});

describe('updateAccessKey', () => {
  function linkedKey() {
    const base = account();
    const key = base.acc.createAccessKey({ name: 'app', description: 'old', accessKeyConfigurationId: base.configuration.id });
    return { ...base, key, id: keyId(key.id) };
  }

  it('omitted keeps: sends only the given fields, and the link stays', async () => {
    const { token, key, id, configuration } = linkedKey();
    const res = await stack.gql(UPDATE, { input: { id, name: 'renamed', description: null, clientMutationId: 'u' } }, { token });
    expect(res.errors).toBeUndefined();
    expect(writes().map((request) => [request.method, request.path, request.body])).toEqual([
      ['PATCH', `/access-keys/${key.id}`, { name: 'renamed', description: null }],
    ]);
    expect(res.data.updateAccessKey).toMatchObject({
      clientMutationId: 'u',
      accessKey: { name: 'renamed', description: null, configuration: { id: configurationId(configuration.id) } },
    });
  });

  it('null unlinks: accessKeyConfigurationId is sent as null and the key is allow-all', async () => {
    const { token, id } = linkedKey();
    const res = await stack.gql(UPDATE, { input: { id, accessKeyConfigurationId: null } }, { token });
    expect(res.errors).toBeUndefined();
    expect(writes().map((request) => request.body)).toEqual([{ accessKeyConfigurationId: null }]);
    expect(res.data.updateAccessKey.accessKey.configuration).toBeNull();
  });

  it('links another configuration by global id (sent as its REST id)', async () => {
    const { token, id, acc } = linkedKey();
    const other = acc.createAccessKeyConfiguration({ name: 'other' });
    const res = await stack.gql(UPDATE, { input: { id, accessKeyConfigurationId: configurationId(other.id) } }, { token });
    expect(stack.upstream()[0]?.body).toEqual({ accessKeyConfigurationId: other.id });
    expect(res.data.updateAccessKey.accessKey.configuration).toMatchObject({ name: 'other' });
  });

  it.each([
    ['an id of another type', { id: configurationId('aigac_1') }],
    ['a configuration id of another type', { accessKeyConfigurationId: keyId('aigk_1') }],
    ['a name over 255 characters', { name: 'n'.repeat(256) }],
    ['metadata over 4096 characters', { metadata: 'm'.repeat(4097) }],
  ])('refuses %s with BAD_USER_INPUT and no upstream request', async (_label, change) => {
    const { token, id } = linkedKey();
    const res = await stack.gql(UPDATE, { input: { id, ...change } }, { token });
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(stack.upstream()).toHaveLength(0);
  });

  it('maps an upstream 404 to NOT_FOUND', async () => {
    const res = await stack.gql(UPDATE, { input: { id: keyId('aigk_missing'), name: 'x' } }, { token: newToken() });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', upstream: { statusCode: 404 } });
  });
});

describe('deleteAccessKey', () => {
  it('sends one DELETE and returns the deleted global id; the key is gone', async () => {
    const { token, acc } = account();
    const key = acc.createAccessKey({ name: 'bye' });
    const res = await stack.gql(DELETE, { input: { id: keyId(key.id), clientMutationId: 'd' } }, { token });
    expect(res.errors).toBeUndefined();
    expect(res.data.deleteAccessKey).toEqual({ clientMutationId: 'd', deletedAccessKeyId: keyId(key.id) });
    expect(calls()).toEqual([`DELETE /access-keys/${key.id}`]);
    const after = await stack.gql(`query($id: ID!) { accessKey(id: $id) { id } }`, { id: keyId(key.id) }, { token });
    expect(after.data.accessKey).toBeNull();
  });

  it('answers NOT_FOUND for a missing key and BAD_USER_INPUT for another type without a request', async () => {
    const token = newToken();
    const missing = await stack.gql(DELETE, { input: { id: keyId('aigk_missing') } }, { token });
    expect(missing.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    stack.simulator.clearRequests();
    const wrong = await stack.gql(DELETE, { input: { id: toGlobalId('ProviderKey', 'aigpk_1') } }, { token });
    expect(wrong.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(stack.upstream()).toHaveLength(0);
  });
});

describe('create → link → unlink → delete', () => {
  it('walks the whole lifecycle; the token appears in the create payload and nowhere else', async () => {
    const token = newToken('walk');
    const texts: string[] = [];
    const run = async (query: string, variables: Record<string, unknown>) => {
      const res = await stack.gql(query, variables, { token });
      texts.push(res.text);
      return res;
    };

    const created = await run(CREATE_CONFIGURATION, { input: { name: 'walk', access: { providers: { allow: ['openai'] } } } });
    expect(created.errors).toBeUndefined();
    const configuration = created.data.createAccessKeyConfiguration.accessKeyConfiguration;

    const key = await run(CREATE, { input: { name: 'walker', accessKeyConfigurationId: configuration.id } });
    expect(key.errors).toBeUndefined();
    const { token: secret, accessKey } = key.data.createAccessKey;
    expect(secret).toMatch(/^ng-/);
    expect(accessKey.configuration).toMatchObject({ id: configuration.id, name: 'walk' });
    texts.pop(); // the one response allowed to carry the token

    const refused = await run(DELETE_CONFIGURATION, { input: { id: configuration.id } });
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', upstream: { statusCode: 409 } });
    expect(refused.errors?.[0]?.extensions?.upstream.msg).toMatch(/still used/);

    const listed = await run(`{ accessKeys { nodes { ${FIELDS} } } node(id: "${accessKey.id}") { id } }`, {});
    expect(listed.data.accessKeys.nodes).toHaveLength(1);

    const unlinked = await run(UPDATE, { input: { id: accessKey.id, accessKeyConfigurationId: null } });
    expect(unlinked.data.updateAccessKey.accessKey.configuration).toBeNull();

    const deleted = await run(DELETE_CONFIGURATION, { input: { id: configuration.id } });
    expect(deleted.data.deleteAccessKeyConfiguration).toEqual({ deletedAccessKeyConfigurationId: configuration.id });

    const gone = await run(DELETE, { input: { id: accessKey.id } });
    expect(gone.data.deleteAccessKey.deletedAccessKeyId).toBe(accessKey.id);

    const empty = await run(`{ accessKeys { nodes { id } } accessKeyConfigurations { nodes { id } } }`, {});
    expect(empty.data).toEqual({ accessKeys: { nodes: [] }, accessKeyConfigurations: { nodes: [] } });

    expect(writes().map((request) => `${request.method} ${request.path.replace(/_[A-Za-z0-9]+$/, '_…')}`)).toEqual([
      'POST /access-key-configurations',
      'POST /access-keys',
      'DELETE /access-key-configurations/aigac_…',
      'PATCH /access-keys/aigk_…',
      'DELETE /access-key-configurations/aigac_…',
      'DELETE /access-keys/aigk_…',
    ]);
    for (const text of texts) expect(text).not.toContain(secret);
    expect(stack.logs.join('\n')).not.toContain(secret);
  });
});
