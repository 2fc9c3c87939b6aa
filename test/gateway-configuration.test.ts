import { describe, expect, it } from 'vitest';
import { newToken, useStack } from './helpers/stack.ts';

const stack = useStack();

const FIELDS = 'accountId uri totalTimeout perRequestTimeout maxInputTokens maxOutputTokens metadata';
const READ = `{ gatewayConfiguration { ${FIELDS} } }`;
const UPDATE = /* GraphQL */ `
  mutation($input: UpdateGatewayConfigurationInput!) {
    updateGatewayConfiguration(input: $input) { clientMutationId gatewayConfiguration { ${FIELDS} } }
  }
`;

const patches = () => stack.upstream().filter((request) => request.method === 'PATCH');

describe('gatewayConfiguration', () => {
  it("reads the account's settings, defaults included", async () => {
    const token = newToken('cfg');
    const res = await stack.gql(READ, {}, { token });
    expect(res.errors).toBeUndefined();
    expect(res.data.gatewayConfiguration).toEqual({
      accountId: expect.stringMatching(/^ac_/),
      uri: `${stack.simulator.url}/gateway-config`,
      totalTimeout: '120s',
      perRequestTimeout: '60s',
      maxInputTokens: 1_000_000,
      maxOutputTokens: 128_000,
      metadata: null,
    });
    expect(stack.upstream().map((r) => `${r.method} ${r.path}`)).toEqual(['GET /gateway-config']);
  });
});

describe('updateGatewayConfiguration', () => {
  it('sends only the given fields: null removes a cap, a number sets it, omitted keeps it', async () => {
    const token = newToken('cfg-patch');
    const res = await stack.gql(
      UPDATE,
      { input: { totalTimeout: '1m30s', maxInputTokens: null, maxOutputTokens: 2 ** 40, clientMutationId: 'u1' } },
      { token },
    );
    expect(res.errors).toBeUndefined();
    expect(patches().map((r) => r.body)).toEqual([{ totalTimeout: '1m30s', maxInputTokens: null, maxOutputTokens: 2 ** 40 }]);
    expect(res.data.updateGatewayConfiguration).toEqual({
      clientMutationId: 'u1',
      gatewayConfiguration: expect.objectContaining({
        totalTimeout: '1m30s',
        perRequestTimeout: '60s',
        maxInputTokens: null,
        maxOutputTokens: 2 ** 40,
      }),
    });
    // Beyond Int: SafeInt carries 2^40 exactly, as a JSON number.
    expect(res.text).toContain(`"maxOutputTokens":${2 ** 40}`);

    stack.simulator.clearRequests();
    const kept = await stack.gql(UPDATE, { input: { perRequestTimeout: '45s', metadata: null } }, { token });
    expect(patches().map((r) => r.body)).toEqual([{ perRequestTimeout: '45s', metadata: null }]);
    expect(kept.data.updateGatewayConfiguration.gatewayConfiguration).toMatchObject({ maxInputTokens: null, maxOutputTokens: 2 ** 40 });
  });

  it('accepts the Go durations the upstream takes', async () => {
    const token = newToken('cfg-ok');
    for (const value of ['90s', '2m', '1m30s', '1.5h', '500ms']) {
      const res = await stack.gql(UPDATE, { input: { totalTimeout: value } }, { token });
      expect(res.errors, value).toBeUndefined();
      expect(res.data.updateGatewayConfiguration.gatewayConfiguration.totalTimeout).toBe(value);
    }
  });

  it('refuses bad timeouts, null timeouts, bad caps and long metadata with BAD_USER_INPUT and no upstream request', async () => {
    const token = newToken('cfg-bad');
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ totalTimeout: 'ninety' }, 'totalTimeout'],
      [{ totalTimeout: '-5s' }, 'totalTimeout'],
      [{ totalTimeout: '' }, 'totalTimeout'],
      [{ perRequestTimeout: '0s' }, 'perRequestTimeout'],
      [{ perRequestTimeout: '30' }, 'perRequestTimeout'],
      [{ totalTimeout: null }, 'totalTimeout'],
      [{ perRequestTimeout: null }, 'perRequestTimeout'],
      [{ maxInputTokens: 0 }, 'maxInputTokens'],
      [{ maxOutputTokens: -1 }, 'maxOutputTokens'],
      [{ metadata: 'm'.repeat(4097) }, 'metadata'],
    ];
    for (const [input, field] of cases) {
      const res = await stack.gql(UPDATE, { input: { ...input, maxOutputTokens: input.maxOutputTokens ?? 10 } }, { token });
      expect(res.errors?.[0]?.extensions, JSON.stringify(input)).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(res.data.updateGatewayConfiguration).toBeNull();
    }
    // Beyond 2^53 − 1, or not a whole number: the SafeInt scalar refuses it.
    for (const value of [2 ** 53, 1.5, '100']) {
      const res = await stack.gql(UPDATE, { input: { maxInputTokens: value } }, { token });
      expect(res.errors?.[0]?.extensions?.code, String(value)).toBe('BAD_USER_INPUT');
    }
    expect(stack.upstream()).toHaveLength(0);
  });
});
