import { describe, expect, it } from 'vitest';
import { newToken, useStack } from './helpers/stack.ts';

const stack = useStack();

describe('token isolation', () => {
  it('keeps concurrent requests with different tokens apart, upstream and in responses', async () => {
    const tokens = [newToken('alice'), newToken('bob'), newToken('carol')];
    for (const token of tokens) {
      const account = stack.simulator.account(token);
      for (let i = 0; i < 5; i++)
        account.createProviderKey({ providerId: 'openai', name: `${token}-key-${i}`, value: `sk-${token}-${i}-secret` });
    }
    stack.simulator.clearRequests();
    const query = '{ providerKeys(first: 10) { nodes { name } } }';
    const rounds = 20;
    const results = await Promise.all(
      Array.from({ length: rounds * tokens.length }, async (_, i) => {
        const token = tokens[i % tokens.length] as string;
        const res = await stack.gql(query, {}, { token });
        return { token, res };
      }),
    );
    for (const { token, res } of results) {
      expect(res.errors).toBeUndefined();
      const names: string[] = res.data.providerKeys.nodes.map((node: any) => node.name);
      expect(names).toHaveLength(5);
      expect(names.every((name) => name.startsWith(`${token}-key-`))).toBe(true);
      for (const other of tokens.filter((t) => t !== token)) expect(res.text).not.toContain(other);
    }
    const upstream = stack.upstream();
    expect(upstream).toHaveLength(rounds * tokens.length);
    const perToken = new Map<string, number>();
    for (const request of upstream) {
      const header = String(request.headers.authorization);
      perToken.set(header, (perToken.get(header) ?? 0) + 1);
    }
    expect([...perToken.entries()].sort()).toEqual(tokens.map((token) => [`Bearer ${token}`, rounds]).sort());
  });
});
