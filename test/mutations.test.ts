import { toGlobalId } from 'graphql-relay';
import { describe, expect, it } from 'vitest';
import { newToken, useStack } from './helpers/stack.ts';

const stack = useStack();

const UPDATE_KEY = /* GraphQL */ `
  mutation($input: UpdateProviderKeyInput!) {
    updateProviderKey(input: $input) {
      clientMutationId
      providerKey { id name description metadata keyRedacted }
    }
  }
`;
const UPDATE_CONFIGURATION = /* GraphQL */ `
  mutation($input: UpdateAccessKeyConfigurationInput!) {
    updateAccessKeyConfiguration(input: $input) {
      clientMutationId
      accessKeyConfiguration {
        id name description metadata
        access { providers { allow } models { allow } }
        router { rules { provider model steps { type keySelectionStrategy keys { resourceId name keyRedacted providerKey { id name } } } } }
      }
    }
  }
`;

function setup() {
  const token = newToken('mut');
  const account = stack.simulator.account(token);
  const key = account.createProviderKey({
    providerId: 'openai',
    name: 'primary',
    value: stack.secret('sk-original-secret-1234'),
    description: 'old',
    metadata: '{"team":"a"}',
  });
  const other = account.createProviderKey({ providerId: 'anthropic', name: 'backup', value: stack.secret('sk-ant-other-secret-9876') });
  const configuration = account.createAccessKeyConfiguration({
    name: 'prod',
    description: 'production',
    access: { providers: { allow: ['openai'] } },
    router: { rules: [{ provider: 'openai', steps: [{ type: 'user', keys: [{ id: key.id }] }] }] },
  });
  return {
    token,
    key,
    other,
    configuration,
    keyId: toGlobalId('ProviderKey', key.id),
    configurationId: toGlobalId('AccessKeyConfiguration', configuration.id),
  };
}

function patches() {
  return stack.upstream().filter((request) => request.method === 'PATCH');
}

describe('updateProviderKey', () => {
  it('sends only the given fields, null as null, and returns the upstream object with clientMutationId', async () => {
    const { token, key, keyId } = setup();
    const res = await stack.gql(
      UPDATE_KEY,
      { input: { id: keyId, name: 'renamed', description: null, clientMutationId: 'm-1' } },
      { token },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.updateProviderKey).toEqual({
      clientMutationId: 'm-1',
      providerKey: { id: keyId, name: 'renamed', description: null, metadata: '{"team":"a"}', keyRedacted: key.keyRedacted },
    });
    expect(patches().map((request) => [request.path, request.body])).toEqual([
      [`/provider-keys/${key.id}`, { name: 'renamed', description: null }],
    ]);
  });

  it('keeps omitted-vs-null with inline literals too', async () => {
    const { token, keyId } = setup();
    const res = await stack.gql(
      `mutation { updateProviderKey(input: { id: "${keyId}", metadata: null }) { clientMutationId providerKey { metadata name } } }`,
      {},
      { token },
    );
    expect(res.data.updateProviderKey).toEqual({ clientMutationId: null, providerKey: { metadata: null, name: 'primary' } });
    expect(patches()[0]?.body).toEqual({ metadata: null });
  });

  it('sends an empty PATCH when only the id is given', async () => {
    const { token, keyId } = setup();
    await stack.gql(UPDATE_KEY, { input: { id: keyId } }, { token });
    expect(patches()[0]?.body).toEqual({});
  });

  it.each([
    ['a name over 255 characters', { name: 'x'.repeat(256) }],
    ['a description over 255 characters', { description: 'x'.repeat(256) }],
    ['metadata over 4096 characters', { metadata: 'x'.repeat(4097) }],
    ['an id of another type', { id: toGlobalId('AccessKeyConfiguration', 'aigac_1') }],
    ['a garbage id', { id: 'garbage' }],
  ])('refuses %s with BAD_USER_INPUT and no upstream request', async (_label, change) => {
    const { token, keyId } = setup();
    const res = await stack.gql(UPDATE_KEY, { input: { id: keyId, ...change } }, { token });
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.data.updateProviderKey).toBeNull();
    expect(stack.upstream()).toHaveLength(0);
  });

  it('maps an upstream 404 on a mutation to NOT_FOUND with the upstream details', async () => {
    const res = await stack.gql(
      UPDATE_KEY,
      { input: { id: toGlobalId('ProviderKey', 'aigpk_missing'), name: 'x' } },
      { token: newToken() },
    );
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', upstream: { statusCode: 404 } });
    expect(typeof res.errors?.[0]?.extensions?.upstream.msg).toBe('string');
  });
});

describe('updateAccessKeyConfiguration', () => {
  it('leaves access and router out of the body when omitted', async () => {
    const { token, configurationId } = setup();
    const res = await stack.gql(UPDATE_CONFIGURATION, { input: { id: configurationId, description: null } }, { token });
    expect(res.errors).toBeUndefined();
    expect(patches()[0]?.body).toEqual({ description: null });
    expect(res.data.updateAccessKeyConfiguration.accessKeyConfiguration.access).toEqual({ providers: { allow: ['openai'] }, models: null });
  });

  it('sends access: null and router: null as null (back to allow-all and defaults)', async () => {
    const { token, configurationId } = setup();
    const res = await stack.gql(UPDATE_CONFIGURATION, { input: { id: configurationId, access: null, router: null } }, { token });
    expect(patches()[0]?.body).toEqual({ access: null, router: null });
    expect(res.data.updateAccessKeyConfiguration.accessKeyConfiguration).toMatchObject({ access: null, router: null });
  });

  it('keeps omitted-vs-null inside access', async () => {
    const { token, configurationId } = setup();
    await stack.gql(
      UPDATE_CONFIGURATION,
      { input: { id: configurationId, access: { models: { allow: ['openai:gpt-4o'] }, providers: null } } },
      { token },
    );
    expect(patches()[0]?.body).toEqual({ access: { models: { allow: ['openai:gpt-4o'] }, providers: null } });
  });

  it('maps router keys: providerKeyId to {id}, inline name/value, step types derived when omitted', async () => {
    const { token, other, configurationId } = setup();
    const router = {
      rules: [
        {
          provider: 'anthropic',
          steps: [
            {
              keys: [
                { providerKeyId: toGlobalId('ProviderKey', other.id) },
                { name: 'inline', value: stack.secret('sk-inline-secret-5555') },
              ],
            },
            {},
          ],
        },
        {
          model: 'openai:gpt-4o',
          steps: [
            { type: 'USER', keySelectionStrategy: 'ordered', keys: [{ providerKeyId: toGlobalId('ProviderKey', other.id) }] },
            { type: 'NGROK' },
          ],
        },
      ],
    };
    const res = await stack.gql(UPDATE_CONFIGURATION, { input: { id: configurationId, router, clientMutationId: 'r1' } }, { token });
    expect(res.errors).toBeUndefined();
    expect(patches()[0]?.body).toEqual({
      router: {
        rules: [
          {
            provider: 'anthropic',
            steps: [
              { type: 'user', keys: [{ id: other.id }, { name: 'inline', value: stack.secret('sk-inline-secret-5555') }] },
              { type: 'ngrok' },
            ],
          },
          {
            model: 'openai:gpt-4o',
            steps: [{ type: 'user', keySelectionStrategy: 'ordered', keys: [{ id: other.id }] }, { type: 'ngrok' }],
          },
        ],
      },
    });
    const payload = res.data.updateAccessKeyConfiguration;
    expect(payload.clientMutationId).toBe('r1');
    const keys = payload.accessKeyConfiguration.router.rules[0].steps[0].keys;
    expect(keys[0]).toMatchObject({ resourceId: other.id, name: 'backup', providerKey: { name: 'backup' } });
    expect(keys[1]).toMatchObject({ name: 'inline' });
    expect(keys[1].resourceId).toMatch(/^aigpk_/);
    // The inline secret is write-only: not in the response, not in any log line.
    expect(res.text).not.toContain('sk-inline-secret-5555');
    expect(stack.logs.join('\n')).not.toContain('sk-inline-secret-5555');
  });

  it('sends explicit nulls inside rules and steps as null (the upstream decides what they mean)', async () => {
    const { token, configurationId } = setup();
    await stack.gql(
      UPDATE_CONFIGURATION,
      {
        input: {
          id: configurationId,
          router: { rules: [{ provider: null, model: 'm', steps: [{ keySelectionStrategy: null, keys: null }] }] },
        },
      },
      { token },
    );
    expect(patches()[0]?.body).toEqual({
      router: { rules: [{ provider: null, model: 'm', steps: [{ type: 'ngrok', keySelectionStrategy: null, keys: null }] }] },
    });
  });

  it.each([
    ['a key with providerKeyId and value', [{ providerKeyId: 'x', value: 'v' }]],
    ['a key with only a name', [{ name: 'n' }]],
    ['a key with only a value', [{ value: 'sk-lonely-secret' }]],
    ['an empty key', [{}]],
    ['a providerKeyId of another type', [{ providerKeyId: toGlobalId('AccessKeyConfiguration', 'aigac_1') }]],
  ])('refuses %s with BAD_USER_INPUT and no upstream request, never echoing the secret', async (_label, keys) => {
    const { token, configurationId } = setup();
    stack.secret('sk-lonely-secret');
    const res = await stack.gql(
      UPDATE_CONFIGURATION,
      { input: { id: configurationId, name: 'ok', router: { rules: [{ steps: [{ keys }] }] } } },
      { token },
    );
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.text).not.toContain('sk-lonely-secret');
    expect(stack.upstream()).toHaveLength(0);
  });

  it('refuses an unknown step type and a rule without steps before any upstream request', async () => {
    const { token, configurationId } = setup();
    const badEnum = await stack.gql(
      UPDATE_CONFIGURATION,
      { input: { id: configurationId, router: { rules: [{ steps: [{ type: 'MAGIC' }] }] } } },
      { token },
    );
    expect(badEnum.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const noSteps = await stack.gql(
      UPDATE_CONFIGURATION,
      { input: { id: configurationId, router: { rules: [{ provider: 'openai', steps: [] }] } } },
      { token },
    );
    expect(noSteps.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(stack.upstream()).toHaveLength(0);
  });

  it('passes upstream validation errors through as BAD_USER_INPUT with the upstream message', async () => {
    const { token, configurationId } = setup();
    const res = await stack.gql(
      UPDATE_CONFIGURATION,
      {
        input: {
          id: configurationId,
          router: { rules: [{ steps: [{ keys: [{ providerKeyId: toGlobalId('ProviderKey', 'aigpk_unknown') }] }] }] },
        },
      },
      { token },
    );
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', upstream: { statusCode: 400 } });
    expect(patches()).toHaveLength(1);
  });
});
