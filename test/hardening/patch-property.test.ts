import fc from 'fast-check';
import { toGlobalId } from 'graphql-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newToken, startStack, type Stack } from '../helpers/stack.ts';

let stack: Stack;
let token: string;
let configurationId: string;
let keyRestId: string;
beforeAll(async () => {
  stack = await startStack();
  token = newToken('prop');
  const account = stack.simulator.account(token);
  keyRestId = account.createProviderKey({ providerId: 'openai', name: 'k', value: stack.secret('sk-property-stored-0000') }).id;
  configurationId = toGlobalId('AccessKeyConfiguration', account.createAccessKeyConfiguration({ name: 'c' }).id);
  stack.secret('sk-property-inline-1111');
});
afterAll(() => stack.close());

/** A value, or an explicit null; leaving the key out of the record is the third case. */
const orNull = <T>(value: fc.Arbitrary<T>) => fc.oneof(value, fc.constant(null));
const text = fc.string({ minLength: 0, maxLength: 12 });
const allowList = orNull(fc.record({ allow: fc.array(text, { maxLength: 3 }) }));
const key = fc.oneof(fc.constant({ providerKeyId: '__KEY__' }), fc.record({ name: text, value: fc.constant('sk-property-inline-1111') }));
const step = fc.record(
  {
    type: orNull(fc.constantFrom('USER', 'NGROK')),
    keySelectionStrategy: orNull(fc.constant('ordered')),
    keys: orNull(fc.array(key, { maxLength: 2 })),
  },
  { requiredKeys: [] },
);
const rule = fc.record(
  { provider: orNull(text), model: orNull(text), steps: fc.array(step, { minLength: 1, maxLength: 2 }) },
  { requiredKeys: ['steps'] },
);
const input = fc.record(
  {
    name: orNull(text),
    description: orNull(text),
    metadata: orNull(text),
    access: orNull(fc.record({ providers: allowList, models: allowList }, { requiredKeys: [] })),
    router: orNull(fc.record({ rules: fc.array(rule, { maxLength: 2 }) })),
  },
  { requiredKeys: [] },
);

/** The oracle, written independently of src/: what the upstream must receive for an input. */
function expectedBody(given: any): any {
  const out: any = {};
  for (const field of ['name', 'description', 'metadata', 'access'] as const) if (field in given) out[field] = given[field];
  if ('router' in given) {
    out.router =
      given.router === null
        ? null
        : {
            rules: given.router.rules.map((r: any) => {
              const rule: any = {};
              if ('provider' in r) rule.provider = r.provider;
              if ('model' in r) rule.model = r.model;
              rule.steps = r.steps.map((s: any) => {
                const keys = s.keys?.map((k: any) => ('providerKeyId' in k ? { id: keyRestId } : { name: k.name, value: k.value }));
                const step: any = { type: s.type ? s.type.toLowerCase() : keys && keys.length > 0 ? 'user' : 'ngrok' };
                if ('keySelectionStrategy' in s) step.keySelectionStrategy = s.keySelectionStrategy;
                if ('keys' in s) step.keys = keys ?? null;
                return step;
              });
              return rule;
            }),
          };
  }
  return out;
}

describe('PATCH bodies (property-based)', () => {
  it('map every combination of omitted / null / value at every nesting level exactly', async () => {
    const providerKeyId = toGlobalId('ProviderKey', keyRestId);
    await fc.assert(
      fc.asyncProperty(input, async (generated) => {
        const given = JSON.parse(JSON.stringify(generated).replaceAll('__KEY__', providerKeyId));
        stack.simulator.clearRequests();
        await stack.gql(
          'mutation($input: UpdateAccessKeyConfigurationInput!) { updateAccessKeyConfiguration(input: $input) { clientMutationId } }',
          { input: { id: configurationId, ...given } },
          { token },
        );
        const patches = stack.upstream().filter((request) => request.method === 'PATCH');
        expect(patches).toHaveLength(1);
        expect(patches[0]?.body).toEqual(expectedBody(given));
      }),
      { numRuns: 120 },
    );
  });
});
