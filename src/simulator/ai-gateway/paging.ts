// ngrok-style cursor paging: ids descending, `beforeId` cursor, `limit` 1..100, absolute uri / nextPageUri.
import { AI_GATEWAY_MAX_PAGE_SIZE } from '../../contract/page-sizes.ts';
import { SimError, type ApiRequest } from '../http.ts';

export function parseLimit(req: ApiRequest): number {
  const raw = req.query.get('limit');
  if (raw === null) return AI_GATEWAY_MAX_PAGE_SIZE;
  const n = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > AI_GATEWAY_MAX_PAGE_SIZE) {
    throw new SimError(400, `limit must be an integer between 1 and ${AI_GATEWAY_MAX_PAGE_SIZE}`, { field: 'limit' });
  }
  return n;
}

/**
 * One page of `items` (already sorted by id descending). `carry` lists query
 * parameters repeated in nextPageUri besides beforeId and limit (e.g. provider).
 */
export function listPage<T extends { id: string }, V>(
  req: ApiRequest,
  base: string,
  itemsKey: string,
  items: T[],
  view: (item: T) => V,
  carry: readonly string[] = [],
): Record<string, unknown> {
  const limit = parseLimit(req);
  const beforeId = req.query.get('beforeId') || undefined;
  const eligible = beforeId === undefined ? items : items.filter((i) => i.id < beforeId);
  const page = eligible.slice(0, limit);
  const last = page[page.length - 1];
  let nextPageUri: string | null = null;
  if (last && eligible.length > page.length) {
    const next = new URLSearchParams({ beforeId: last.id });
    if (req.query.has('limit')) next.set('limit', String(limit));
    for (const name of carry) {
      const v = req.query.get(name);
      if (v !== null) next.set(name, v);
    }
    nextPageUri = `${base}${req.pathname}?${next.toString()}`;
  }
  return { [itemsKey]: page.map(view), uri: `${base}${req.rawUrl}`, nextPageUri };
}
