import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { newToken, startStack, type Stack } from './helpers/stack.ts';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.close());
beforeEach(() => stack.simulator.clearRequests());

const CONFIGURATIONS = /* GraphQL */ `
  query($first: Int) {
    accessKeyConfigurations(first: $first) {
      nodes { router { rules { steps { keys { resourceId providerKey { name providerId } } } } } }
    }
  }
`;

/** 30 configurations whose routers reference 10 distinct provider keys. */
function seed() {
  const token = newToken('batch');
  const account = stack.simulator.account(token);
  const keys = Array.from({ length: 10 }, (_, i) => account.createProviderKey({ providerId: 'openai', name: `shared ${i}`, value: `sk-batch-${i}-xxxxxxxxxxxx` }));
  for (let i = 0; i < 30; i++) {
    const a = keys[i % 10]!;
    const b = keys[(i + 3) % 10]!;
    account.createAccessKeyConfiguration({
      name: `cfg ${i}`,
      router: { rules: [{ provider: 'openai', steps: [{ type: 'user', keys: [{ id: a.id }, { id: b.id }] }] }] },
    });
  }
  return { token, keys };
}

describe('RouterKey.providerKey batching', () => {
  it('costs at most one request per distinct provider key for 30 configurations', async () => {
    const { token } = seed();
    const res = await stack.gql(CONFIGURATIONS, { first: 30 }, { token });
    expect(res.errors).toBeUndefined();
    expect(res.data.accessKeyConfigurations.nodes).toHaveLength(30);
    const keyReads = stack.upstream().filter((request) => request.path.startsWith('/provider-keys/'));
    expect(keyReads).toHaveLength(10);
    expect(new Set(keyReads.map((request) => request.path)).size).toBe(10);
  });

  it('caches nothing across requests', async () => {
    const { token } = seed();
    await stack.gql(CONFIGURATIONS, { first: 30 }, { token });
    stack.simulator.clearRequests();
    await stack.gql(CONFIGURATIONS, { first: 30 }, { token });
    expect(stack.upstream().filter((request) => request.path.startsWith('/provider-keys/'))).toHaveLength(10);
  });

  it('resolves a router key whose provider key no longer exists (upstream 404) to null', async () => {
    const { token, keys } = seed();
    const gone = { statusCode: 404, msg: 'not found', details: {} };
    stack.simulator.injectFault({ match: { method: 'GET', path: `/provider-keys/${keys[0]!.id}` }, status: 404, body: gone, times: Infinity });
    const res = await stack.gql(CONFIGURATIONS, { first: 30 }, { token });
    expect(res.errors).toBeUndefined();
    const entries = res.data.accessKeyConfigurations.nodes.flatMap((node: any) => node.router.rules[0].steps[0].keys);
    const orphan = entries.find((entry: any) => entry.resourceId === keys[0]!.id);
    expect(orphan.providerKey).toBeNull();
    stack.simulator.clearFaults();
  });
});
