import type { GatewayContext } from '../context.ts';
import { GatewayError } from '../errors.ts';
import { withSecretsRedacted } from '../secrets.ts';
import { deleteMutation } from './delete-mutation.ts';
import { decodeGlobalId } from './global-id.ts';
import { ProviderKeyRef } from './provider-key.ts';
import { relayMutation } from './relay-mutation.ts';
import { checkLength, checkNotBlank, checkSecret, labelFields, LIMITS, withoutNulls } from './validate.ts';

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
  payloadFields: (t) => ({
    providerKey: t.field({ type: ProviderKeyRef, nullable: true, resolve: (payload) => payload.providerKey }),
  }),
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
    context.loaders.providerKey.clear(id).prime(id, providerKey);
    return { providerKey };
  },
  payloadFields: (t) => ({
    providerKey: t.field({ type: ProviderKeyRef, nullable: true, resolve: (payload) => payload.providerKey }),
  }),
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
