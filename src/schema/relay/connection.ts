import { badUserInput } from '../../errors.ts';

/** `first` when the client gives none. */
export const DEFAULT_PAGE_SIZE = 20;
/** The largest `first` a connection accepts; more is BAD_USER_INPUT, never clamped. */
export const MAX_PAGE_SIZE = 500;
/** Upstream cursors ride inside ours (opaqueCursorSource), so this leaves room for a long one. */
const MAX_CURSOR_LENGTH = 1024;

export interface UpstreamPage<T> {
  items: T[];
  /** The upstream says (or suggests) that items follow this page. */
  hasMore: boolean;
}

/**
 * How one upstream list pages. A "position" is the opaque string that resumes a walk:
 * the last seen REST id for `beforeId` upstreams, a numeric offset for offset upstreams, an
 * upstream cursor plus the items already seen of its page for opaque-cursor upstreams.
 */
export interface PagedSource<T> {
  /** Namespaces cursors so that one connection's cursor is refused by another. */
  cursorKind: string;
  /** Largest number of items one upstream request may ask for. */
  maxUpstreamPageSize: number;
  isValidPosition(position: string): boolean;
  fetchPage(after: string | undefined, limit: number): Promise<UpstreamPage<T>>;
  /** Position just after `item`, which stood at `index` in the page fetched after `pageStart`. */
  positionAfter(item: T, index: number, pageStart: string | undefined): string;
}

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

export interface ConnectionArgs {
  first?: number | null | undefined;
  after?: string | null | undefined;
}

/** `beforeId` upstreams (the AI Gateway): the position is the REST id of the last item seen. */
export function beforeIdSource<T extends { id: string }>(
  cursorKind: string,
  maxUpstreamPageSize: number,
  fetch: (beforeId: string | undefined, limit: number) => Promise<UpstreamPage<T>>,
): PagedSource<T> {
  return {
    cursorKind,
    maxUpstreamPageSize,
    isValidPosition: (position) => /^[A-Za-z0-9_.-]{1,200}$/.test(position),
    fetchPage: fetch,
    positionAfter: (item) => item.id,
  };
}

/** Positions that are offsets into one list: the cursor after the item at `index` of the page that began at `pageStart`. */
const offsetPositions = {
  isValidPosition: (position: string) => /^(0|[1-9]\d{0,8})$/.test(position),
  positionAfter: (_item: unknown, index: number, pageStart: string | undefined) => String(Number(pageStart ?? 0) + index + 1),
};

/** Offset upstreams with a fixed page size and no "next" marker: a full page may have more behind it. */
export function offsetSource<T>(cursorKind: string, pageSize: number, fetch: (offset: number) => Promise<T[]>): PagedSource<T> {
  return {
    cursorKind,
    maxUpstreamPageSize: pageSize,
    ...offsetPositions,
    fetchPage: async (after) => {
      const items = await fetch(Number(after ?? 0));
      return { items, hasMore: items.length >= pageSize };
    },
  };
}

/** What an opaque-cursor upstream answers: a page and the cursor of the next one (undefined on the last page). */
export interface OpaqueCursorPage<T> {
  items: T[];
  nextCursor: string | undefined;
}

interface OpaquePosition {
  /** Items of the page at `cursor` already returned. */
  skip: number;
  /** When the walk's first page was read (ms): the walk sees the list as it was then. */
  asOf: number;
  /** The upstream cursor of the page; '' for the first page. */
  cursor: string;
}

// skip.asOf.cursor; the upstream cursor comes last because it may contain dots.
const OPAQUE_POSITION = /^(\d{1,3})\.(\d{1,15})\.([\x21-\x7e]{0,700})$/;

/**
 * Upstreams that page with an opaque cursor of their own, which the API module reads out of
 * `nextPageUri` (the AI Gateway's usage events). The upstream hands out one cursor per page, not
 * per item, so a position is a page's cursor plus how many of its items were already returned.
 * A walk also pins the moment of its first page (`asOf`, e.g. as the upstream's end time), so
 * that resuming inside the newest page skips exactly what was seen even after newer items arrived.
 */
export function opaqueCursorSource<T>(
  cursorKind: string,
  maxUpstreamPageSize: number,
  fetch: (page: { cursor: string | undefined; limit: number; asOf: number }) => Promise<OpaqueCursorPage<T>>,
): PagedSource<T> {
  const parse = (position: string): OpaquePosition | undefined => {
    const match = OPAQUE_POSITION.exec(position);
    if (!match || Number(match[1]) > maxUpstreamPageSize) return undefined;
    return { skip: Number(match[1]), asOf: Number(match[2]), cursor: match[3]! };
  };
  const encode = (p: OpaquePosition) => `${p.skip}.${p.asOf}.${p.cursor}`;
  // How each page fetched by this walk looked upstream, for positionAfter (a source serves one connection).
  const fetched = new Map<string, OpaquePosition & { upstreamLength: number; next: string | undefined }>();
  return {
    cursorKind,
    maxUpstreamPageSize,
    isValidPosition: (position) => parse(position) !== undefined,
    fetchPage: async (after, limit) => {
      const at = (after === undefined ? undefined : parse(after)) ?? { skip: 0, asOf: Date.now(), cursor: '' };
      const page = await fetch({
        cursor: at.cursor === '' ? undefined : at.cursor,
        limit: Math.min(maxUpstreamPageSize, at.skip + limit),
        asOf: at.asOf,
      });
      fetched.set(after ?? '', { ...at, upstreamLength: page.items.length, next: page.nextCursor });
      return { items: page.items.slice(at.skip), hasMore: page.nextCursor !== undefined };
    },
    positionAfter: (_item, index, pageStart) => {
      const page = fetched.get(pageStart ?? '')!;
      const seen = page.skip + index + 1;
      // The end of an upstream page with a successor: continue at the successor's start.
      if (seen >= page.upstreamLength && page.next !== undefined) return encode({ skip: 0, asOf: page.asOf, cursor: page.next });
      return encode({ skip: seen, asOf: page.asOf, cursor: page.cursor });
    },
  };
}

/**
 * A list the upstream answers whole, unpaged (the model catalog): one read, sliced here.
 * Positions are offsets, so `cursorKind` must name the filter the list was cut with.
 */
export function wholeListSource<T>(cursorKind: string, read: () => Promise<readonly T[]>): PagedSource<T> {
  return {
    cursorKind,
    // One read holds every item, whatever `first` asks for.
    maxUpstreamPageSize: WHOLE_LIST_PAGE_SIZE,
    ...offsetPositions,
    fetchPage: async (after, limit) => {
      const all = await read();
      const start = Number(after ?? 0);
      return { items: all.slice(start, start + limit), hasMore: start + limit < all.length };
    },
  };
}

/** Connections never ask for more than this, so an unpaged list costs one request (see connectionCost). */
export const WHOLE_LIST_PAGE_SIZE = MAX_PAGE_SIZE + 1;

/**
 * Every item a list returns also primes the request's DataLoader, so later lookups of it in
 * the same request (router keys, node(id), ...) cost no upstream request.
 */
export function primingLoader<T>(
  source: PagedSource<T>,
  loader: { prime(key: string, value: NoInfer<T>): unknown },
  keyOf: (item: T) => string,
): PagedSource<T> {
  return {
    ...source,
    fetchPage: async (after, limit) => {
      const page = await source.fetchPage(after, limit);
      for (const item of page.items) loader.prime(keyOf(item), item);
      return page;
    },
  };
}

/** Whether a connection takes this `first`; the upstream-request estimate asks it too. */
export function isValidFirst(first: number): boolean {
  return Number.isInteger(first) && first >= 0 && first <= MAX_PAGE_SIZE;
}

/** Validates `first`/`after` without touching the upstream. */
export function parseConnectionArgs(args: ConnectionArgs, cursorKind: string, source: Pick<PagedSource<unknown>, 'isValidPosition'>) {
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  if (!isValidFirst(first)) {
    throw badUserInput(`"first" must be between 0 and ${MAX_PAGE_SIZE}.`, { argumentName: 'first' });
  }
  const after = args.after == null ? undefined : decodeCursor(args.after, cursorKind, source);
  return { first, after };
}

/**
 * Builds a Relay connection by walking upstream pages in order. It never asks for more than
 * the upstream's page maximum, stops as soon as it holds `first` items, and looks one item
 * ahead so that `hasNextPage` is exact rather than guessed.
 */
export async function paginate<T>(source: PagedSource<T>, args: ConnectionArgs): Promise<Connection<T>> {
  const { first, after } = parseConnectionArgs(args, source.cursorKind, source);
  const edges: Connection<T>['edges'] = [];
  let position = after;
  let hasNextPage = false;
  for (;;) {
    const wanted = first - edges.length;
    const page = await source.fetchPage(position, Math.min(source.maxUpstreamPageSize, wanted + 1));
    let consumed = 0;
    for (let index = 0; index < page.items.length; index++) {
      if (edges.length === first) {
        hasNextPage = true;
        break;
      }
      edges.push(new Edge(page.items[index] as T, index, position, source));
      consumed = index + 1;
    }
    // Stop when an item beyond `first` was seen, the upstream has nothing more, or it makes no progress.
    if (hasNextPage || !page.hasMore || consumed === 0) break;
    position = source.positionAfter(page.items[consumed - 1] as T, consumed - 1, position);
  }
  return { edges, pageInfo: new PageInfo(edges, hasNextPage) };
}

/**
 * Works out its position and cursor only when asked: most queries select `nodes` and never read
 * one, and a position can be a long string (an upstream cursor) per item.
 */
class Edge<T> {
  #cursor: string | undefined;
  constructor(
    readonly node: T,
    private readonly index: number,
    private readonly pageStart: string | undefined,
    private readonly source: Pick<PagedSource<T>, 'cursorKind' | 'positionAfter'>,
  ) {}

  get cursor(): string {
    return (this.#cursor ??= encodeCursor(this.source.cursorKind, this.source.positionAfter(this.node, this.index, this.pageStart)));
  }
}

class PageInfo {
  readonly hasPreviousPage = false;
  constructor(
    private readonly edges: readonly { cursor: string }[],
    readonly hasNextPage: boolean,
  ) {}

  get startCursor(): string | null {
    return this.edges[0]?.cursor ?? null;
  }

  get endCursor(): string | null {
    return this.edges.at(-1)?.cursor ?? null;
  }
}

export function encodeCursor(kind: string, position: string): string {
  return Buffer.from(`${kind}:${position}`, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string, kind: string, source: Pick<PagedSource<unknown>, 'isValidPosition'>): string {
  const invalid = () => badUserInput('Invalid "after" cursor: use a cursor this connection returned.', { argumentName: 'after' });
  if (cursor.length === 0 || cursor.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalid();
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const prefix = `${kind}:`;
  if (!text.startsWith(prefix)) throw invalid();
  const position = text.slice(prefix.length);
  if (!source.isValidPosition(position)) throw invalid();
  return position;
}
