import type DataLoader from 'dataloader';
import { AI_GATEWAY_MAX_PAGE_SIZE } from '../contract/page-sizes.ts';
import type { builder } from './builder.ts';
import { beforeIdSource, type ConnectionArgs, paginate, primingLoader, type UpstreamPage } from './relay/connection.ts';
import { ResourceRef } from './resource-ref.ts';

type Types = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;

/** What every AI Gateway resource (provider key, configuration, access key, API key, custom provider) carries. */
interface AiGatewayResource {
  id: string;
  uri: string;
  metadata?: string;
  createdAt: string;
  updatedAt: string;
  createdBy: { id: string; uri: string };
  lastUpdatedBy: { id: string; uri: string };
}

/** The fields shared by every AI Gateway resource type, declared once. */
export function aiGatewayResourceFields<T extends AiGatewayResource & { description?: string }>(
  t: PothosSchemaTypes.ObjectFieldBuilder<Types, T>,
) {
  return {
    ...aiGatewayResourceFieldsWithoutDescription(t),
    description: t.string({ nullable: true, resolve: (resource) => resource.description ?? null }),
  };
}

/** The fields of a key whose token is shown only once, at creation (access keys, API keys): no token field. */
export function tokenKeyFields<
  T extends AiGatewayResource & { description?: string; name?: string; keyRedacted: string; lastUsed?: string | null },
>(t: PothosSchemaTypes.ObjectFieldBuilder<Types, T>) {
  return {
    ...aiGatewayResourceFields(t),
    name: t.string({ nullable: true, resolve: (key) => key.name ?? null }),
    keyRedacted: t.string({ resolve: (key) => key.keyRedacted }),
    lastUsed: t.field({ type: 'DateTime', nullable: true, resolve: (key) => key.lastUsed ?? null }),
  };
}

/** The same for the one resource the upstream gives no description (the custom provider). */
export function aiGatewayResourceFieldsWithoutDescription<T extends AiGatewayResource>(t: PothosSchemaTypes.ObjectFieldBuilder<Types, T>) {
  return {
    resourceId: t.string({ description: 'The identifier used by the AI Gateway REST API.', resolve: (resource) => resource.id }),
    uri: t.string({ resolve: (resource) => resource.uri }),
    metadata: t.string({ nullable: true, resolve: (resource) => resource.metadata ?? null }),
    createdAt: t.field({ type: 'DateTime', resolve: (resource) => resource.createdAt }),
    updatedAt: t.field({ type: 'DateTime', resolve: (resource) => resource.updatedAt }),
    createdBy: t.field({ type: ResourceRef, resolve: (resource) => resource.createdBy }),
    lastUpdatedBy: t.field({ type: ResourceRef, resolve: (resource) => resource.lastUpdatedBy }),
  };
}

/**
 * A Relay page of an AI Gateway list (beforeId paging, newest first); every item it reads also
 * primes the request's loader of its type, so later lookups of it cost nothing.
 */
export function aiGatewayPage<T extends { id: string }>(
  cursorKind: string,
  fetch: (beforeId: string | undefined, limit: number) => Promise<UpstreamPage<T>>,
  loader: DataLoader<string, T | null>,
  args: ConnectionArgs,
) {
  return paginate(
    primingLoader(beforeIdSource(cursorKind, AI_GATEWAY_MAX_PAGE_SIZE, fetch), loader, (item) => item.id),
    args,
  );
}
