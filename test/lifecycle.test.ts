import { toGlobalId } from 'graphql-relay';
import { describe, expect, it } from 'vitest';
import { newToken, useStack } from './helpers/stack.ts';

const stack = useStack();

const CREATE_KEY = /* GraphQL */ `
  mutation($input: CreateProviderKeyInput!) {
    createProviderKey(input: $input) {
      clientMutationId
      providerKey { id resourceId providerId name description metadata keyRedacted }
    }
  }
`;
const ROTATE_KEY = /* GraphQL */ `
  mutation($input: RotateProviderKeyInput!) {
    rotateProviderKey(input: $input) {
      clientMutationId
      providerKey { id resourceId name keyRedacted }
    }
  }
`;
const DELETE_KEY = /* GraphQL */ `
  mutation($input: DeleteProviderKeyInput!) {
    deleteProviderKey(input: $input) { clientMutationId deletedProviderKeyId }
  }
`;
const CREATE_CONFIGURATION = /* GraphQL */ `
  mutation($input: CreateAccessKeyConfigurationInput!) {
    createAccessKeyConfiguration(input: $input) {
      clientMutationId
      accessKeyConfiguration {
        id resourceId name description metadata
        access { providers { allow } models { allow } }
        router { rules { provider model steps { type keys { resourceId name providerKey { id } } } } }
      }
    }
  }
`;
const DELETE_CONFIGURATION = /* GraphQL */ `
  mutation($input: DeleteAccessKeyConfigurationInput!) {
    deleteAccessKeyConfiguration(input: $input) { clientMutationId deletedAccessKeyConfigurationId }
  }
`;

/** A secret unlike anything else in the test data, so a scan for it cannot match by accident. */
function secret(label: string): string {
  return `sk-${label}-${Math.random().toString(36).slice(2)}-SECRET`;
}

function account() {
  const token = newToken('life');
  const acc = stack.simulator.account(token);
  const key = acc.createProviderKey({ providerId: 'openai', name: 'primary', value: 'sk-original-value-0001' });
  return { token, acc, key, keyId: toGlobalId('ProviderKey', key.id) };
}

const calls = () => stack.upstream().map((request) => `${request.method} ${request.path}`);
const writes = () => stack.upstream().filter((request) => request.method !== 'GET');

/** The secret is in no response text, no log line and no upstream answer we passed on. */
function expectNowhere(value: string, ...texts: string[]) {
  for (const text of texts) expect(text).not.toContain(value);
  expect(stack.logs.join('\n')).not.toContain(value);
}

describe('createProviderKey', () => {
  it('POSTs exactly the given fields once and returns the redacted key', async () => {
    const { token } = account();
    const value = secret('create');
    const res = await stack.gql(
      CREATE_KEY,
      { input: { providerId: 'anthropic', name: 'claude', value, metadata: '{"team":"x"}', clientMutationId: 'c1' } },
      { token },
    );
    expect(res.errors).toBeUndefined();
    const payload = res.data.createProviderKey;
    expect(payload.clientMutationId).toBe('c1');
    expect(payload.providerKey).toMatchObject({ providerId: 'anthropic', name: 'claude', description: null, metadata: '{"team":"x"}' });
    expect(payload.providerKey.id).toBe(toGlobalId('ProviderKey', payload.providerKey.resourceId));
    expect(payload.providerKey.keyRedacted).toMatch(/\*\*\*/);
    expect(calls()).toEqual(['POST /provider-keys']);
    expect(stack.upstream()[0]?.body).toEqual({ providerId: 'anthropic', name: 'claude', value, metadata: '{"team":"x"}' });
    expectNowhere(value, res.text);
  });

  it('treats null description and metadata as not given (the create body takes no nulls)', async () => {
    const { token } = account();
    const value = secret('nulls');
    const res = await stack.gql(
      CREATE_KEY,
      { input: { providerId: 'openai', name: 'n', value, description: null, metadata: null } },
      { token },
    );
    expect(res.errors).toBeUndefined();
    expect(stack.upstream()[0]?.body).toEqual({ providerId: 'openai', name: 'n', value });
  });

  it.each([
    ['an empty value', { value: '' }],
    ['a blank value', { value: '   ' }],
    ['a value over 8192 characters', { value: `sk-${'v'.repeat(8190)}` }],
    ['an empty providerId', { providerId: '' }],
    ['a name over 255 characters', { name: 'n'.repeat(256) }],
    ['a description over 255 characters', { description: 'd'.repeat(256) }],
    ['metadata over 4096 characters', { metadata: 'm'.repeat(4097) }],
  ])('refuses %s with BAD_USER_INPUT and no upstream request', async (_label, change) => {
    const { token } = account();
    const value = secret('invalid');
    const res = await stack.gql(CREATE_KEY, { input: { providerId: 'openai', name: 'n', value, ...change } }, { token });
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.data.createProviderKey).toBeNull();
    expect(stack.upstream()).toHaveLength(0);
    expectNowhere(value, res.text);
    if ('value' in change && change.value) expect(res.text).not.toContain(change.value.slice(0, 40));
  });

  // graphql-js quotes the whole offending input object in these messages: the secret is redacted there.
  it.each([
    ['a missing required field', { name: 'n' }, true],
    ['an unknown field', { providerId: 'openai', name: 'n', bogus: 1 }, true],
    ['a wrong type elsewhere', { providerId: 'openai', name: 42 }, false],
  ])('never quotes the secret in graphql-js input errors (%s)', async (_label, input, quotesInput) => {
    const { token } = account();
    const value = secret('coercion');
    const res = await stack.gql(CREATE_KEY, { input: { ...input, value } }, { token });
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    if (quotesInput) expect(res.errors?.[0]?.message).toContain('value: "[redacted]"');
    expect(stack.upstream()).toHaveLength(0);
    expectNowhere(value, res.text);
  });

  it('never quotes a secret written as a literal in graphql-js validation errors, also when the document is cached', async () => {
    const { token } = account();
    const value = secret('literal');
    const document = `mutation { createProviderKey(input: { providerId: "openai", name: "n", value: ["${value}"] }) { clientMutationId } }`;
    for (let attempt = 0; attempt < 2; attempt++) {
      const res = await stack.gql(document, {}, { token });
      expect(res.errors?.[0]?.message).toContain('[redacted]');
      expectNowhere(value, res.text);
    }
    expect(stack.upstream()).toHaveLength(0);
  });

  it('redacts the secret from an upstream error that quotes it, in the answer and the logs', async () => {
    const { token } = account();
    const value = secret('echo');
    stack.simulator.injectFault({
      match: { method: 'POST', path: '/provider-keys' },
      status: 400,
      body: { errorCode: 'ERR_X', statusCode: 400, msg: `invalid key "${value}"`, details: { value } },
    });
    const res = await stack.gql(CREATE_KEY, { input: { providerId: 'openai', name: 'n', value } }, { token });
    expect(res.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      upstream: { statusCode: 400, msg: 'invalid key "[redacted]"', details: { value: '[redacted]' } },
    });
    expectNowhere(value, res.text);
  });

  it('is never retried: an upstream 503 on the POST is one request and UPSTREAM_ERROR', async () => {
    const { token } = account();
    stack.simulator.injectFault({ match: { method: 'POST', path: '/provider-keys' }, status: 503, times: Infinity });
    const res = await stack.gql(CREATE_KEY, { input: { providerId: 'openai', name: 'n', value: secret('retry') } }, { token });
    expect(res.errors?.[0]?.extensions?.code).toBe('UPSTREAM_ERROR');
    expect(calls()).toEqual(['POST /provider-keys']);
  });
});

describe('rotateProviderKey', () => {
  it('with a name: only the rotate POST, carrying name and value; same id, new keyRedacted', async () => {
    const { token, key, keyId } = account();
    const before = key.keyRedacted;
    const value = secret('rotate');
    const res = await stack.gql(ROTATE_KEY, { input: { id: keyId, value, name: 'renamed', clientMutationId: 'r1' } }, { token });
    expect(res.errors).toBeUndefined();
    expect(res.data.rotateProviderKey).toMatchObject({
      clientMutationId: 'r1',
      providerKey: { id: keyId, resourceId: key.id, name: 'renamed' },
    });
    expect(res.data.rotateProviderKey.providerKey.keyRedacted).not.toBe(before);
    expect(calls()).toEqual([`POST /provider-keys/${key.id}/rotate`]);
    expect(stack.upstream()[0]?.body).toEqual({ name: 'renamed', value });
    expectNowhere(value, res.text);
  });

  it.each([
    ['omitted', {}],
    ['null', { name: null }],
  ])('with the name %s: reads the current name first, then one POST that resends it', async (_label, name) => {
    const { token, key, keyId } = account();
    const value = secret('keep-name');
    const res = await stack.gql(ROTATE_KEY, { input: { id: keyId, value, ...name } }, { token });
    expect(res.errors).toBeUndefined();
    expect(res.data.rotateProviderKey.providerKey).toMatchObject({ id: keyId, name: 'primary' });
    expect(calls()).toEqual([`GET /provider-keys/${key.id}`, `POST /provider-keys/${key.id}/rotate`]);
    expect(writes()[0]?.body).toEqual({ name: 'primary', value });
    expect(stack.upstream()[0]?.headers.authorization).toBe(`Bearer ${token}`);
    expectNowhere(value, res.text);
  });

  it('without a name, a missing key is NOT_FOUND after the read and nothing is written', async () => {
    const res = await stack.gql(
      ROTATE_KEY,
      { input: { id: toGlobalId('ProviderKey', 'aigpk_missing'), value: secret('gone') } },
      { token: newToken() },
    );
    expect(res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(res.data.rotateProviderKey).toBeNull();
    expect(calls()).toEqual(['GET /provider-keys/aigpk_missing']);
  });

  it('with a name, a missing key is the upstream 404 on the POST (NOT_FOUND)', async () => {
    const res = await stack.gql(
      ROTATE_KEY,
      { input: { id: toGlobalId('ProviderKey', 'aigpk_missing'), value: secret('gone'), name: 'x' } },
      { token: newToken() },
    );
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', upstream: { statusCode: 404 } });
    expect(calls()).toEqual(['POST /provider-keys/aigpk_missing/rotate']);
  });

  it.each([
    ['an id of another type', { id: toGlobalId('AccessKey', 'aigk_1') }],
    ['a malformed id', { id: '%%%' }],
    ['an empty value', { value: '' }],
    ['a value over 8192 characters', { value: 'v'.repeat(8193) }],
    ['a name over 255 characters', { name: 'n'.repeat(256) }],
  ])('refuses %s with BAD_USER_INPUT and no upstream request', async (_label, change) => {
    const { token, keyId } = account();
    const value = secret('bad-rotate');
    const res = await stack.gql(ROTATE_KEY, { input: { id: keyId, value, ...change } }, { token });
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(stack.upstream()).toHaveLength(0);
    expectNowhere(value, res.text);
  });
});

describe('deleteProviderKey', () => {
  it('sends one DELETE without a body and returns the deleted global id; the key is gone', async () => {
    const { token, key, keyId } = account();
    const res = await stack.gql(DELETE_KEY, { input: { id: keyId, clientMutationId: 'd1' } }, { token });
    expect(res.errors).toBeUndefined();
    expect(res.data.deleteProviderKey).toEqual({ clientMutationId: 'd1', deletedProviderKeyId: keyId });
    expect(calls()).toEqual([`DELETE /provider-keys/${key.id}`]);
    expect(stack.upstream()[0]?.rawBody).toBe('');
    const after = await stack.gql(`query($id: ID!) { providerKey(id: $id) { id } }`, { id: keyId }, { token });
    expect(after.data.providerKey).toBeNull();
  });

  it('answers NOT_FOUND for a key that does not exist, and BAD_USER_INPUT for another type without a request', async () => {
    const token = newToken();
    const missing = await stack.gql(DELETE_KEY, { input: { id: toGlobalId('ProviderKey', 'aigpk_missing') } }, { token });
    expect(missing.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    stack.simulator.clearRequests();
    const wrong = await stack.gql(DELETE_KEY, { input: { id: toGlobalId('AccessKeyConfiguration', 'aigac_1') } }, { token });
    expect(wrong.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(stack.upstream()).toHaveLength(0);
  });

  it('maps a 409 to CONFLICT with the upstream message, and does not retry', async () => {
    const { token, keyId } = account();
    const body = { errorCode: 'ERR_NGROK_409', statusCode: 409, msg: 'provider key is in use', details: {} };
    stack.simulator.injectFault({ match: { method: 'DELETE' }, status: 409, body });
    const res = await stack.gql(DELETE_KEY, { input: { id: keyId } }, { token });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', upstream: { statusCode: 409, msg: 'provider key is in use' } });
    expect(res.data.deleteProviderKey).toBeNull();
    expect(writes()).toHaveLength(1);
  });
});

describe('createAccessKeyConfiguration', () => {
  it('with only a name POSTs {name}; null fields are left out', async () => {
    const { token } = account();
    const res = await stack.gql(
      CREATE_CONFIGURATION,
      { input: { name: 'plain', description: null, metadata: null, access: null, router: null, clientMutationId: 'k' } },
      { token },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.createAccessKeyConfiguration).toMatchObject({
      clientMutationId: 'k',
      accessKeyConfiguration: { name: 'plain', description: null, access: null, router: null },
    });
    expect(calls()).toEqual(['POST /access-key-configurations']);
    expect(stack.upstream()[0]?.body).toEqual({ name: 'plain' });
  });

  it('maps access and router like the update: providerKeyId, inline keys, derived step types', async () => {
    const { token, key, keyId } = account();
    const value = secret('inline');
    const input = {
      name: 'routed',
      description: 'd',
      access: { providers: { allow: ['openai'] } },
      router: {
        rules: [{ provider: 'openai', steps: [{ keys: [{ providerKeyId: keyId }, { name: 'inline', value }] }, { type: 'NGROK' }] }],
      },
    };
    const res = await stack.gql(CREATE_CONFIGURATION, { input }, { token });
    expect(res.errors).toBeUndefined();
    expect(stack.upstream()[0]?.body).toEqual({
      name: 'routed',
      description: 'd',
      access: { providers: { allow: ['openai'] } },
      router: {
        rules: [{ provider: 'openai', steps: [{ type: 'user', keys: [{ id: key.id }, { name: 'inline', value }] }, { type: 'ngrok' }] }],
      },
    });
    const configuration = res.data.createAccessKeyConfiguration.accessKeyConfiguration;
    expect(configuration.access).toEqual({ providers: { allow: ['openai'] }, models: null });
    const keys = configuration.router.rules[0].steps[0].keys;
    expect(keys[0]).toMatchObject({ resourceId: key.id, providerKey: { id: keyId } });
    expect(keys[1].name).toBe('inline');
    expect(writes()).toHaveLength(1);
    expectNowhere(value, res.text);
  });

  it.each([
    ['a name over 255 characters', { name: 'n'.repeat(256) }],
    ['metadata over 4096 characters', { metadata: 'm'.repeat(4097) }],
    [
      'a providerKeyId of another type',
      { router: { rules: [{ steps: [{ keys: [{ providerKeyId: toGlobalId('AccessKey', 'aigk_1') }] }] }] } },
    ],
    ['a key with only a value', { router: { rules: [{ steps: [{ keys: [{ value: 'sk-lonely-secret-4242' }] }] }] } }],
    ['a rule without steps', { router: { rules: [{ provider: 'openai', steps: [] }] } }],
    ['an allow list entry over 255 characters', { access: { models: { allow: ['m'.repeat(256)] } } }],
  ])('refuses %s with BAD_USER_INPUT and no upstream request', async (_label, change) => {
    const { token } = account();
    const res = await stack.gql(CREATE_CONFIGURATION, { input: { name: 'x', ...change } }, { token });
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(stack.upstream()).toHaveLength(0);
    expectNowhere('sk-lonely-secret-4242', res.text);
  });

  it.each(['create', 'update'] as const)(
    'redacts inline router secrets from an upstream error that quotes them (%s)',
    async (operation) => {
      const { token, acc } = account();
      const value = secret('router-echo');
      stack.simulator.injectFault({
        match: { method: operation === 'create' ? 'POST' : 'PATCH' },
        status: 422,
        body: { statusCode: 422, msg: `bad key ${value}`, details: {} },
      });
      const router = { rules: [{ provider: 'openai', steps: [{ keys: [{ name: 'k', value }] }] }] };
      const res =
        operation === 'create'
          ? await stack.gql(CREATE_CONFIGURATION, { input: { name: 'x', router } }, { token })
          : await stack.gql(
              `mutation($input: UpdateAccessKeyConfigurationInput!) { updateAccessKeyConfiguration(input: $input) { clientMutationId } }`,
              { input: { id: toGlobalId('AccessKeyConfiguration', acc.createAccessKeyConfiguration({ name: 'c' }).id), router } },
              { token },
            );
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', upstream: { msg: 'bad key [redacted]' } });
      expect(writes()).toHaveLength(1);
      expectNowhere(value, res.text);
    },
  );
});

describe('deleteAccessKeyConfiguration', () => {
  it('deletes an unlinked configuration with one DELETE and returns its global id', async () => {
    const { token, acc } = account();
    const configuration = acc.createAccessKeyConfiguration({ name: 'old' });
    const id = toGlobalId('AccessKeyConfiguration', configuration.id);
    const res = await stack.gql(DELETE_CONFIGURATION, { input: { id } }, { token });
    expect(res.errors).toBeUndefined();
    expect(res.data.deleteAccessKeyConfiguration).toEqual({ clientMutationId: null, deletedAccessKeyConfigurationId: id });
    expect(calls()).toEqual([`DELETE /access-key-configurations/${configuration.id}`]);
    expect(acc.configurations.has(configuration.id)).toBe(false);
  });

  it('answers CONFLICT with the upstream message while an access key links it, and keeps it', async () => {
    const { token, acc } = account();
    const configuration = acc.createAccessKeyConfiguration({ name: 'linked' });
    acc.createAccessKey({ name: 'user', accessKeyConfigurationId: configuration.id });
    const res = await stack.gql(DELETE_CONFIGURATION, { input: { id: toGlobalId('AccessKeyConfiguration', configuration.id) } }, { token });
    const error = res.errors?.[0];
    expect(error?.extensions).toMatchObject({ code: 'CONFLICT', upstream: { statusCode: 409 } });
    expect(error?.extensions?.upstream.msg).toContain('still used by 1 access key');
    expect(error?.message).toContain('still used by 1 access key');
    expect(res.data.deleteAccessKeyConfiguration).toBeNull();
    expect(writes()).toHaveLength(1);
    expect(acc.configurations.has(configuration.id)).toBe(true);
  });
});
