import type DataLoader from 'dataloader';
import { AI_GATEWAY_MAX_PAGE_SIZE } from '../contract/page-sizes.ts';
import type { Types } from './builder.ts';
import { beforeIdSource, type ConnectionArgs, paginate, primingLoader, type UpstreamPage } from './relay/connection.ts';
import { ResourceRef } from './resource-ref.ts';

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

interface TokenKey extends AiGatewayResource {
  description?: string;
  name?: string;
  keyRedacted: string;
  lastUsed?: string | null;
}

/**
 * The field builder of a resource type as the builder of the shape all its kind share, so that
 * shared fields can be exposed: a field exposed under its property's own name has no resolver,
 * and graphql-jit reads it inline instead of calling a resolver per item of a list. Sound
 * because T extends Base: these fields read only Base's properties.
 */
function asBase<Base extends object, T extends Base>(t: PothosSchemaTypes.ObjectFieldBuilder<Types, T>) {
  return t as unknown as PothosSchemaTypes.ObjectFieldBuilder<Types, Base>;
}

/** The fields shared by every AI Gateway resource type, declared once. */
export function aiGatewayResourceFields<T extends AiGatewayResource & { description?: string }>(
  t: PothosSchemaTypes.ObjectFieldBuilder<Types, T>,
) {
  return {
    ...aiGatewayResourceFieldsWithoutDescription(t),
    description: asBase<AiGatewayResource & { description?: string }, T>(t).exposeString('description', { nullable: true }),
  };
}

/** The fields of a key whose token is shown only once, at creation (access keys, API keys): no token field. */
export function tokenKeyFields<T extends TokenKey>(t: PothosSchemaTypes.ObjectFieldBuilder<Types, T>) {
  const key = asBase<TokenKey, T>(t);
  return {
    ...aiGatewayResourceFields(t),
    name: key.exposeString('name', { nullable: true }),
    keyRedacted: key.exposeString('keyRedacted'),
    lastUsed: key.expose('lastUsed', { type: 'DateTime', nullable: true }),
  };
}

/** The same for the one resource the upstream gives no description (the custom provider). */
export function aiGatewayResourceFieldsWithoutDescription<T extends AiGatewayResource>(t: PothosSchemaTypes.ObjectFieldBuilder<Types, T>) {
  const resource = asBase<AiGatewayResource, T>(t);
  return {
    resourceId: t.string({ description: 'The identifier used by the AI Gateway REST API.', resolve: (resource) => resource.id }),
    uri: resource.exposeString('uri'),
    metadata: resource.exposeString('metadata', { nullable: true }),
    createdAt: resource.expose('createdAt', { type: 'DateTime' }),
    updatedAt: resource.expose('updatedAt', { type: 'DateTime' }),
    createdBy: resource.expose('createdBy', { type: ResourceRef }),
    lastUpdatedBy: resource.expose('lastUpdatedBy', { type: ResourceRef }),
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
