import { AI_GATEWAY_MAX_PAGE_SIZE } from '../contract/page-sizes.ts';
import type { ProviderKey } from '../upstream/ai-gateway.ts';
import { aiGatewayPage, aiGatewayResourceFields } from './ai-gateway-resource.ts';
import { builder } from './builder.ts';
import type { ConnectionArgs } from './relay/connection.ts';
import { decodeGlobalId } from './relay/global-id.ts';
import { registerNodeType, nodeLookupField } from './relay/node.ts';
import { deleteMutation, relayMutation, returnsObject } from './relay/mutation.ts';
import { connectionCost } from './relay/upstream-cost.ts';
import { checkLength, labelFields, LIMITS, checkNotBlank, checkSecret, withoutNulls } from './relay/input-validation.ts';
import type { GatewayContext } from '../context.ts';
import { GatewayError } from '../errors.ts';
import { withSecretsRedacted } from '../secrets.ts';

export const ProviderKeyRef = builder.objectRef<ProviderKey>('ProviderKey');

builder.node(ProviderKeyRef, {
  description: 'An upstream credential (OpenAI, Anthropic, ...) stored in the AI Gateway. Its secret value is never readable.',
  id: { resolve: (key) => key.id },
  fields: (t) => ({
    ...aiGatewayResourceFields(t),
    providerId: t.exposeString('providerId'),
    name: t.exposeString('name'),
    keyRedacted: t.exposeString('keyRedacted'),
    lastUsed: t.field({ type: 'DateTime', nullable: true, resolve: (key) => key.lastUsed ?? null }),
  }),
});

registerNodeType('ProviderKey', (context, id) => context.loaders.providerKey.load(id));

export const ProviderKeyConnection = builder.connectionObject({ type: ProviderKeyRef, name: 'ProviderKeyConnection' });

/** Provider keys newest first, all of them or those of one providerId (a cursor pages either list). */
export function providerKeyPage(context: GatewayContext, args: ConnectionArgs, provider?: string) {
  return aiGatewayPage(
    'ProviderKey',
    (beforeId, limit) => context.aiGateway.listProviderKeys({ beforeId, limit, provider }),
    context.loaders.providerKey,
    args,
  );
}

builder.queryFields((t) => ({
  providerKey: nodeLookupField(t, ProviderKeyRef, 'ProviderKey', 'A provider key by global ID; null when it does not exist.'),
  providerKeys: t.field({
    type: ProviderKeyConnection,
    description: 'Provider keys, newest first.',
    extensions: connectionCost(AI_GATEWAY_MAX_PAGE_SIZE),
    args: {
      first: t.arg.int({ description: 'How many keys (0 to 500, default 20).' }),
      after: t.arg.string({ description: 'An `endCursor` or edge cursor from a previous page.' }),
      provider: t.arg.string({ description: 'Only keys of this providerId, e.g. `openai`.' }),
    },
    resolve: (_root, args, context) => {
      checkLength('provider', args.provider, LIMITS.shortString);
      return providerKeyPage(context, args, args.provider ?? undefined);
    },
  }),
}));

relayMutation('updateProviderKey', {
  description: "Changes a provider key's labels (PATCH). Omitted fields are kept; null is sent as null.",
  inputFields: (t) => ({
    id: t.id({ required: true, description: 'Global ID of the provider key.' }),
    name: t.string(),
    description: t.string(),
    metadata: t.string(),
  }),
  resolve: async (input, context) => {
    const { id } = decodeGlobalId(input.id, ['ProviderKey']);
    const providerKey = await context.aiGateway.updateProviderKey(id, labelFields(input));
    context.loaders.providerKey.replace(id, providerKey);
    return { providerKey };
  },
  payloadFields: returnsObject('providerKey', ProviderKeyRef),
});

// Create, rotate and delete of provider keys. The secret (`value`) is validated, sent once
// and never returned: the upstream answers with `keyRedacted` only.

relayMutation('createProviderKey', {
  description: 'Stores a new provider key (POST). `value` is write-only: it is sent once and never returned or logged.',
  inputFields: (t) => ({
    providerId: t.string({ required: true, description: 'Catalog or custom provider, e.g. openai.' }),
    name: t.string({ required: true }),
    value: t.string({ required: true, description: 'The provider secret. Write-only: never returned or logged.' }),
    description: t.string({ description: 'Null is the same as leaving it out.' }),
    metadata: t.string({ description: 'Null is the same as leaving it out.' }),
  }),
  resolve: async (input, context) => {
    checkNotBlank('providerId', input.providerId);
    checkLength('providerId', input.providerId, LIMITS.shortString);
    checkSecret('value', input.value);
    const body = { ...withoutNulls(labelFields(input)), providerId: input.providerId, name: input.name, value: input.value };
    const providerKey = await withSecretsRedacted([input.value], () => context.aiGateway.createProviderKey(body));
    context.loaders.providerKey.prime(providerKey.id, providerKey);
    return { providerKey };
  },
  payloadFields: returnsObject('providerKey', ProviderKeyRef),
});

relayMutation('rotateProviderKey', {
  description:
    "Replaces a provider key's secret under the same ID (configurations keep working). The upstream requires the name, so when `name` is omitted the key's current name is read and resent.",
  inputFields: (t) => ({
    id: t.id({ required: true, description: 'Global ID of the provider key.' }),
    value: t.string({ required: true, description: 'The new provider secret. Write-only.' }),
    name: t.string({ description: 'When omitted (or null) the key keeps its current name.' }),
  }),
  // Without `name`, the key is read first: a GET, then the rotate.
  upstreamRequests: 2,
  resolve: async (input, context) => {
    const { id } = decodeGlobalId(input.id, ['ProviderKey']);
    checkSecret('value', input.value);
    checkLength('name', input.name, LIMITS.name);
    const name = input.name ?? (await currentName(context, id));
    const providerKey = await withSecretsRedacted([input.value], () =>
      context.aiGateway.rotateProviderKey(id, { name, value: input.value }),
    );
    context.loaders.providerKey.replace(id, providerKey);
    return { providerKey };
  },
  payloadFields: returnsObject('providerKey', ProviderKeyRef),
});

/** Reads the name with the caller's token; a missing key stops the rotate before any write. */
async function currentName(context: GatewayContext, id: string): Promise<string> {
  const key = await context.loaders.providerKey.load(id);
  if (!key) throw new GatewayError('NOT_FOUND', 'No provider key with this ID; nothing was rotated.');
  return key.name;
}

deleteMutation('ProviderKey', {
  description: 'Deletes a provider key (DELETE).',
  remove: (context, id) => context.aiGateway.deleteProviderKey(id),
  loader: (context) => context.loaders.providerKey,
});
