import type { GatewayContext } from '../../context.ts';

/** Fetches one object of a node type by its REST id (through the request's DataLoader); null when it does not exist. */
export type NodeFetcher = (context: GatewayContext, restId: string) => Promise<object | null>;

const fetchers = new Map<string, NodeFetcher>();

/**
 * The one list of types that carry global IDs: each domain module registers its type here,
 * and both global-ID parsing and `node`/`nodes` read it.
 */
export function registerNodeType(typename: string, fetch: NodeFetcher): void {
  fetchers.set(typename, fetch);
}

export function isNodeType(typename: string): boolean {
  return fetchers.has(typename);
}

export function nodeFetcher(typename: string): NodeFetcher | undefined {
  return fetchers.get(typename);
}
