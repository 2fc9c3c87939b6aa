import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SharedPromiseLoader } from '../src/data-loaders.ts';
import { newToken, startStack, type Stack } from './helpers/stack.ts';

const CONFIGURATIONS = /* GraphQL */ `
  query($first: Int) {
    accessKeyConfigurations(first: $first) {
      nodes { router { rules { steps { keys { resourceId providerKey { name providerId } } } } } }
    }
  }
`;

/** 30 configurations whose routers reference 10 distinct provider keys, behind `extraKeys` newer ones. */
function seed(stack: Stack, extraKeys = 0) {
  const token = newToken('batch');
  const account = stack.simulator.account(token);
  const keys = Array.from({ length: 10 }, (_, i) =>
    account.createProviderKey({ providerId: 'openai', name: `shared ${i}`, value: `sk-batch-${i}-xxxxxxxxxxxx` }),
  );
  for (let i = 0; i < 30; i++) {
    const a = keys[i % 10]!;
    const b = keys[(i + 3) % 10]!;
    account.createAccessKeyConfiguration({
      name: `cfg ${i}`,
      router: { rules: [{ provider: 'openai', steps: [{ type: 'user', keys: [{ id: a.id }, { id: b.id }] }] }] },
    });
  }
  for (let i = 0; i < extraKeys; i++)
    account.createProviderKey({ providerId: 'anthropic', name: `newer ${i}`, value: `sk-newer-${i}-xxxxxxxxxxxx` });
  return { token, keys, account };
}

const routerKeys = (res: any) => res.data.accessKeyConfigurations.nodes.flatMap((node: any) => node.router.rules[0].steps[0].keys);

describe('RouterKey.providerKey batching, list first (default)', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.simulator.clearRequests());

  const calls = () => stack.upstream().map((request) => `${request.method} ${request.path.split('?')[0]}`);

  it('answers the router keys of 30 configurations from one provider-key list page: 2 requests in all', async () => {
    const { token, keys } = seed(stack);
    const res = await stack.gql(CONFIGURATIONS, { first: 30 }, { token });
    expect(res.errors).toBeUndefined();
    expect(calls()).toEqual(['GET /access-key-configurations', 'GET /provider-keys']);
    expect(stack.upstream()[1]?.query).toMatchObject({ limit: '100' });
    const byId = new Map(keys.map((key) => [key.id, key.name]));
    for (const entry of routerKeys(res)) expect(entry.providerKey).toEqual({ name: byId.get(entry.resourceId), providerId: 'openai' });
  });

  it('fetches one by one what the page lacks when the account has more keys than one page', async () => {
    const { token, keys } = seed(stack, 100);
    const res = await stack.gql(CONFIGURATIONS, { first: 30 }, { token });
    expect(res.errors).toBeUndefined();
    // The newest 100 keys are the `newer` ones: every referenced key needs its own GET.
    expect(calls().slice(0, 2)).toEqual(['GET /access-key-configurations', 'GET /provider-keys']);
    expect(calls().slice(2).sort()).toEqual(keys.map((key) => `GET /provider-keys/${key.id}`).sort());
    expect(routerKeys(res).every((entry: any) => entry.providerKey?.providerId === 'openai')).toBe(true);
  });

  it('resolves a router key whose provider key is gone to null: absent from a complete page, no GET', async () => {
    const { token, keys } = seed(stack);
    // The simulator unlinks a deleted key from routers, so the page itself leaves it out here.
    const page = { aiGatewayProviderKeys: keys.slice(1).reverse(), uri: '/provider-keys', nextPageUri: null };
    stack.simulator.injectFault({ match: { method: 'GET', path: '/provider-keys' }, status: 200, body: page, times: 1 });
    const res = await stack.gql(CONFIGURATIONS, { first: 30 }, { token });
    expect(res.errors).toBeUndefined();
    const orphans = routerKeys(res).filter((entry: any) => entry.resourceId === keys[0]!.id);
    expect(orphans).toHaveLength(6);
    for (const orphan of orphans) expect(orphan.providerKey).toBeNull();
    expect(calls()).toEqual(['GET /access-key-configurations', 'GET /provider-keys']);
  });

  it('gives every router key the error when the list fails, and never retries it per id', async () => {
    const { token } = seed(stack);
    stack.simulator.injectFault({
      match: { method: 'GET', path: '/provider-keys' },
      status: 429,
      headers: { 'retry-after': '60' },
      body: { statusCode: 429, msg: 'slow down', details: {} },
      times: 1,
    });
    const res = await stack.gql(CONFIGURATIONS, { first: 30 }, { token });
    stack.simulator.clearFaults();
    expect(new Set(res.errors?.map((error: any) => error.extensions.code))).toEqual(new Set(['RATE_LIMITED']));
    expect(calls().filter((call) => call.startsWith('GET /provider-keys'))).toEqual(['GET /provider-keys']);
  });

  it('caches nothing across requests', async () => {
    const { token } = seed(stack);
    await stack.gql(CONFIGURATIONS, { first: 30 }, { token });
    stack.simulator.clearRequests();
    await stack.gql(CONFIGURATIONS, { first: 30 }, { token });
    expect(calls()).toEqual(['GET /access-key-configurations', 'GET /provider-keys']);
  });

  it('reads single lookups by id (below LIST_LOOKUP_MIN_IDS)', async () => {
    const { token } = seed(stack);
    const res = await stack.gql(
      '{ accessKeyConfigurations(first: 1) { nodes { router { rules { steps { keys { providerKey { name } } } } } } } }',
      {},
      { token },
    );
    expect(res.errors).toBeUndefined();
    expect(calls()).toHaveLength(3);
    expect(calls().filter((call) => /^GET \/provider-keys\/aigpk_/.test(call))).toHaveLength(2);
  });
});

describe('RouterKey.providerKey batching, one GET per id (LIST_LOOKUP_MIN_IDS=0)', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ LIST_LOOKUP_MIN_IDS: '0' });
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.simulator.clearRequests());

  it('costs at most one request per distinct provider key for 30 configurations', async () => {
    const { token } = seed(stack);
    const res = await stack.gql(CONFIGURATIONS, { first: 30 }, { token });
    expect(res.errors).toBeUndefined();
    expect(res.data.accessKeyConfigurations.nodes).toHaveLength(30);
    const keyReads = stack.upstream().filter((request) => request.path.startsWith('/provider-keys'));
    expect(keyReads).toHaveLength(10);
    expect(new Set(keyReads.map((request) => request.path)).size).toBe(10);
  });

  it('resolves a router key whose provider key no longer exists (upstream 404) to null', async () => {
    const { token, keys } = seed(stack);
    const gone = { statusCode: 404, msg: 'not found', details: {} };
    stack.simulator.injectFault({
      match: { method: 'GET', path: `/provider-keys/${keys[0]!.id}` },
      status: 404,
      body: gone,
      times: Infinity,
    });
    const res = await stack.gql(CONFIGURATIONS, { first: 30 }, { token });
    stack.simulator.clearFaults();
    expect(res.errors).toBeUndefined();
    const orphan = routerKeys(res).find((entry: any) => entry.resourceId === keys[0]!.id);
    expect(orphan.providerKey).toBeNull();
  });
});

describe('SharedPromiseLoader.read', () => {
  /** A loader over an in-memory table; `gone` fails its key, and every batch is recorded. */
  function tableLoader(table: Record<string, string>) {
    const batches: string[][] = [];
    const loader = new SharedPromiseLoader<string | null>(async (keys) => {
      batches.push([...keys]);
      return keys.map((key) => (key === 'gone' ? new Error(`no ${key}`) : (table[key] ?? null)));
    });
    return { loader, batches };
  }

  it('answers with the load until the key settles, then with the value itself', async () => {
    const { loader, batches } = tableLoader({ a: 'A', b: 'B' });
    const pending = loader.read('a');
    expect(pending).toBeInstanceOf(Promise);
    expect(loader.read('a')).toBe(pending);
    expect(await pending).toBe('A');
    expect(loader.read('a')).toBe('A');
    await loader.loadMany(['b', 'c']);
    expect([loader.read('b'), loader.read('c')]).toEqual(['B', null]);
    expect(batches).toEqual([['a'], ['b', 'c']]);
  });

  it('throws the error of a key that failed, synchronously once settled', async () => {
    const { loader } = tableLoader({});
    await expect(loader.read('gone')).rejects.toThrow('no gone');
    expect(() => loader.read('gone')).toThrow('no gone');
  });

  it('answers a primed key without a batch, and keeps the first answer it held, as DataLoader does', async () => {
    const { loader, batches } = tableLoader({ a: 'A' });
    loader.prime('p', 'primed');
    expect(loader.read('p')).toBe('primed');
    await loader.load('a');
    loader.prime('a', 'later');
    expect(loader.read('a')).toBe('A');
    expect(await loader.load('a')).toBe('A');
    expect(batches).toEqual([['a']]);
  });

  it('forgets a cleared key: the next read loads it again; replace puts a write in its place', async () => {
    const table = { a: 'A' };
    const { loader, batches } = tableLoader(table);
    await loader.load('a');
    table.a = 'A2';
    loader.clear('a');
    const again = loader.read('a');
    expect(again).toBeInstanceOf(Promise);
    expect(await again).toBe('A2');
    loader.replace('a', 'written');
    expect(loader.read('a')).toBe('written');
    expect(await loader.load('a')).toBe('written');
    loader.clearAll();
    const reloaded = loader.read('a');
    expect(reloaded).toBeInstanceOf(Promise);
    expect(await reloaded).toBe('A2');
    expect(batches).toEqual([['a'], ['a'], ['a']]);
  });
});
