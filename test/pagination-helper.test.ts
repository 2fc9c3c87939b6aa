import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { beforeIdSource, offsetSource, opaqueCursorSource, paginate, type PagedSource } from '../src/schema/relay/connection.ts';

/** An in-memory upstream list, newest (highest id) first, recording every page request. */
function fakeBeforeIdUpstream(count: number, pageMax: number, honestNext = true) {
  const ids = Array.from({ length: count }, (_, i) => ({ id: `x_${String(count - i).padStart(6, '0')}` }));
  const calls: { beforeId: string | undefined; limit: number }[] = [];
  const source = beforeIdSource('X', pageMax, async (beforeId, limit) => {
    calls.push({ beforeId, limit });
    expect(limit).toBeGreaterThanOrEqual(1);
    expect(limit).toBeLessThanOrEqual(pageMax);
    const start = beforeId === undefined ? 0 : ids.findIndex((item) => item.id < beforeId);
    const from = start === -1 ? ids.length : start;
    const items = ids.slice(from, from + limit);
    // A sloppy upstream may announce a next page even when the page ends exactly on the last item.
    const hasMore = honestNext ? from + limit < ids.length : from + limit <= ids.length;
    return { items, hasMore };
  });
  return { ids, calls, source };
}

async function walk<T>(source: PagedSource<T>, sizes: number[]) {
  const seen: T[] = [];
  let after: string | undefined;
  for (let i = 0; ; i++) {
    const first = sizes[i % sizes.length] as number;
    const page = await paginate(source, { first, after });
    seen.push(...page.edges.map((edge) => edge.node));
    expect(page.edges.length).toBeLessThanOrEqual(first);
    if (!page.pageInfo.hasNextPage) return { seen, last: page };
    expect(page.edges.length).toBe(first);
    after = page.pageInfo.endCursor ?? undefined;
    if (first === 0) return { seen, last: page };
  }
}

describe('paginate (property-based)', () => {
  it('walks every item exactly once, in order, with exact hasNextPage (beforeId upstreams)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 260 }),
        fc.integer({ min: 1, max: 100 }),
        fc.array(fc.integer({ min: 1, max: 500 }), { minLength: 1, maxLength: 4 }),
        fc.boolean(),
        async (count, pageMax, sizes, honestNext) => {
          const { ids, source } = fakeBeforeIdUpstream(count, pageMax, honestNext);
          const { seen } = await walk(source, sizes);
          expect(seen.map((item) => item.id)).toEqual(ids.map((item) => item.id));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('walks every item exactly once with offset upstreams that have fixed pages and no next marker', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 330 }),
        fc.array(fc.integer({ min: 1, max: 500 }), { minLength: 1, maxLength: 4 }),
        async (count, sizes) => {
          const all = Array.from({ length: count }, (_, i) => `k${i}`);
          const source = offsetSource('K', 100, async (offset) => all.slice(offset, offset + 100));
          const { seen } = await walk(source, sizes);
          expect(seen).toEqual(all);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('walks every item exactly once with opaque-cursor upstreams, resuming inside and across their pages', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 330 }),
        fc.integer({ min: 1, max: 100 }),
        fc.array(fc.integer({ min: 1, max: 500 }), { minLength: 1, maxLength: 4 }),
        async (count, pageMax, sizes) => {
          const all = Array.from({ length: count }, (_, i) => `e${i}`);
          // The upstream's cursor is opaque to the gateway: here, a scrambled index.
          const encode = (index: number) => Buffer.from(`at=${index}`).toString('base64url');
          const decode = (cursor: string) => Number(Buffer.from(cursor, 'base64url').toString().slice(3));
          const source = opaqueCursorSource('E', pageMax, async ({ cursor, limit }) => {
            expect(limit).toBeLessThanOrEqual(pageMax);
            const from = cursor === undefined ? 0 : decode(cursor);
            const items = all.slice(from, from + limit);
            return { items, nextCursor: from + limit < all.length ? encode(from + limit) : undefined };
          });
          const { seen } = await walk(source, sizes);
          expect(seen).toEqual(all);
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('paginate', () => {
  it('asks for one item more than needed, so a page ending on the last item says hasNextPage false', async () => {
    const { source, calls } = fakeBeforeIdUpstream(5, 100);
    const page = await paginate(source, { first: 5 });
    expect(page.edges).toHaveLength(5);
    expect(page.pageInfo.hasNextPage).toBe(false);
    expect(calls).toEqual([{ beforeId: undefined, limit: 6 }]);
  });

  it('fetches several upstream pages for first > 100 and stops as soon as it has enough', async () => {
    const { source, calls } = fakeBeforeIdUpstream(1000, 100);
    const page = await paginate(source, { first: 250 });
    expect(page.edges).toHaveLength(250);
    expect(page.pageInfo.hasNextPage).toBe(true);
    expect(calls.map((call) => call.limit)).toEqual([100, 100, 51]);
  });

  it('checks with one extra request when a sloppy upstream announces a page that turns out empty', async () => {
    const { source, calls } = fakeBeforeIdUpstream(100, 100, false);
    const page = await paginate(source, { first: 100 });
    expect(page.pageInfo.hasNextPage).toBe(false);
    expect(calls).toEqual([
      { beforeId: undefined, limit: 100 },
      { beforeId: 'x_000001', limit: 1 },
    ]);
  });

  it.each([
    [-1, 'first'],
    [501, 'first'],
  ])('refuses first=%s before any upstream request', async (first) => {
    const { source, calls } = fakeBeforeIdUpstream(3, 100);
    await expect(paginate(source, { first })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(calls).toHaveLength(0);
  });

  it.each(['', 'garbage!', Buffer.from('Y:x_000001').toString('base64url'), Buffer.from('X:../../etc').toString('base64url')])(
    'refuses the malformed or foreign cursor %j before any upstream request',
    async (after) => {
      const { source, calls } = fakeBeforeIdUpstream(3, 100);
      await expect(paginate(source, { first: 1, after })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
      expect(calls).toHaveLength(0);
    },
  );
});
