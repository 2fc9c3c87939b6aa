import { describe, expect, it } from 'vitest';
import { newToken, useStack } from '../helpers/stack.ts';

const stack = useStack();

describe('isolation under concurrent load', () => {
  it('never mixes five tokens across 400 concurrent requests with nested, batched lookups', async () => {
    const tokens = Array.from({ length: 5 }, (_, i) => newToken(`load${i}`));
    for (const token of tokens) {
      const account = stack.simulator.account(token);
      const keys = Array.from({ length: 4 }, (_, i) =>
        account.createProviderKey({ providerId: 'openai', name: `${token}/key${i}`, value: stack.secret(`sk-${token}-${i}`) }),
      );
      for (let c = 0; c < 3; c++) {
        account.createAccessKeyConfiguration({
          name: `${token}/cfg${c}`,
          router: { rules: [{ provider: 'openai', steps: [{ type: 'user', keys: [{ id: keys[c]!.id }, { id: keys[c + 1]!.id }] }] }] },
        });
      }
    }
    stack.simulator.clearRequests();
    const query = '{ accessKeyConfigurations { nodes { name router { rules { steps { keys { providerKey { name } } } } } } } }';
    const requests = 400;
    const results = await Promise.all(
      Array.from({ length: requests }, async (_, i) => {
        const token = tokens[i % tokens.length] as string;
        return { token, res: await stack.gql(query, {}, { token }) };
      }),
    );
    for (const { token, res } of results) {
      expect(res.errors).toBeUndefined();
      const names: string[] = res.data.accessKeyConfigurations.nodes.flatMap((node: any) => [
        node.name,
        ...node.router.rules[0].steps[0].keys.map((key: any) => key.providerKey.name),
      ]);
      expect(names).toHaveLength(3 * 3);
      for (const name of names) expect(name.startsWith(`${token}/`)).toBe(true);
    }
    // Every upstream request carried the token of the GraphQL request that caused it:
    // per token, the configuration list and the provider-key list that answers the 4 distinct
    // router keys, for every GraphQL request (nothing shared across requests).
    const perToken = new Map<string, number>();
    for (const request of stack.upstream())
      perToken.set(String(request.headers.authorization), (perToken.get(String(request.headers.authorization)) ?? 0) + 1);
    expect(Object.fromEntries(perToken)).toEqual(
      Object.fromEntries(tokens.map((token) => [`Bearer ${token}`, (requests / tokens.length) * 2])),
    );
  });
});
