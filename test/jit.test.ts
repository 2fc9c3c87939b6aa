// Hot operations run compiled (graphql-jit) after JIT_AFTER_EXECUTIONS interpreted runs: the
// answers must not change when that happens, errors included.
import { toGlobalId } from 'graphql-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JIT_AFTER_EXECUTIONS } from '../src/plugins/use-hot-operation-jit.ts';
import { newToken, startStack, type Stack } from './helpers/stack.ts';

let stack: Stack;
let token: string;
let keyIds: string[];
let orphanConfigurationId: string;
beforeAll(async () => {
  stack = await startStack({ UPSTREAM_MAX_RETRIES: '0' });
  token = newToken('jit');
  const account = stack.simulator.account(token);
  keyIds = Array.from(
    { length: 5 },
    (_, i) => account.createProviderKey({ providerId: 'openai', name: `jit ${i}`, value: `sk-jit-${i}-secret` }).id,
  );
  for (let i = 0; i < 3; i++) {
    account.createAccessKeyConfiguration({
      name: `jit cfg ${i}`,
      access: i === 0 ? undefined : { providers: { allow: ['openai'] } },
      router: {
        rules: [{ provider: 'openai', steps: [{ type: 'user', keys: [{ id: keyIds[i]! }, { id: keyIds[4]! }] }, { type: 'ngrok' }] }],
      },
    });
  }
  orphanConfigurationId = account.createAccessKeyConfiguration({ name: 'orphan' }).id;
});
afterAll(() => stack.close());

const key = (i: number) => toGlobalId('ProviderKey', keyIds[i]!);

const CASES: [string, string, Record<string, unknown> | (() => Record<string, unknown>)][] = [
  [
    'a connection with cursors, page info and DateTime fields',
    'query($first: Int) { providerKeys(first: $first) { edges { cursor node { id resourceId name providerId keyRedacted createdAt updatedAt lastUsed description metadata createdBy { id uri } } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }',
    { first: 3 },
  ],
  [
    'aliased lookups, node and nodes with bad entries',
    'query($id: ID!, $ids: [ID!]!) { a: providerKey(id: $id) { id name } b: providerKey(id: $id) { name } node(id: $id) { id ... on ProviderKey { providerId } } nodes(ids: $ids) { id ... on ProviderKey { name } ... on AccessKeyConfiguration { name } } }',
    () => ({ id: key(0), ids: [key(1), 'bogus', toGlobalId('Nope', 'x'), toGlobalId('ProviderKey', 'aigpk_missing'), key(2)] }),
  ],
  [
    'configurations with router keys resolved in batches',
    '{ accessKeyConfigurations(first: 10) { nodes { id name access { providers { allow } models { allow } } router { rules { provider model steps { type keySelectionStrategy keys { resourceId name keyRedacted providerKey { id name } } } } } } } }',
    {},
  ],
  [
    'a lookup by the wrong type, on several lines',
    'query($id: ID!) {\n  ok: providerKeys(first: 1) { nodes { id } }\r\n  providerKey(id: $id) {\n    id\n  }\n}',
    () => ({ id: toGlobalId('AccessKeyConfiguration', orphanConfigurationId) }),
  ],
  ['an out-of-range argument', '{ providerKeys(first: 501) { nodes { id } } }', {}],
  ['a variable of the wrong type', 'query($first: Int) { providerKeys(first: $first) { nodes { id } } }', { first: 'ten' }],
  [
    'a mutation with clientMutationId',
    'mutation($input: UpdateProviderKeyInput!) { updateProviderKey(input: $input) { clientMutationId providerKey { id name description } } }',
    () => ({ input: { id: key(3), name: 'renamed by jit test', description: null, clientMutationId: 'm1' } }),
  ],
];

describe('compiled execution of hot operations', () => {
  it.each(CASES)('answers %s the same before and after it is compiled', async (_label, query, variables) => {
    const vars = typeof variables === 'function' ? variables() : variables;
    const answers: string[] = [];
    for (let run = 0; run < JIT_AFTER_EXECUTIONS + 2; run++) {
      const res = await stack.gql(query, vars, { token });
      answers.push(JSON.stringify({ status: res.status, data: res.data, errors: res.errors }));
    }
    expect(answers.slice(1)).toEqual(answers.slice(0, -1));
  });

  it('keeps every nodes(ids:) entry at its index when bad entries fail before good ones load', async () => {
    stack.simulator.injectFault({ match: { method: 'GET', path: `/provider-keys/${keyIds[0]}` }, delayMs: 30, times: Infinity });
    try {
      for (let run = 0; run < JIT_AFTER_EXECUTIONS + 2; run++) {
        const res = await stack.gql('query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids: [key(0), 'bogus', 'bogus2'] }, { token });
        expect(res.data.nodes).toEqual([{ id: key(0) }, null, null]);
        expect(res.errors?.map((error) => error.path)).toEqual([
          ['nodes', 1],
          ['nodes', 2],
        ]);
      }
    } finally {
      stack.simulator.clearFaults();
    }
  });
});
