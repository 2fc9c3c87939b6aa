import { AI_GATEWAY_MAX_PAGE_SIZE, type ProviderKey } from '../upstream/ai-gateway.ts';
import { aiGatewayResourceFields } from './ai-gateway-resource.ts';
import { builder } from './builder.ts';
import { beforeIdSource, paginate, primingLoader } from './connection.ts';
import { decodeGlobalId } from './global-id.ts';
import { loadNode, registerNodeLoader } from './node.ts';
import { relayMutation } from './relay-mutation.ts';
import { upstreamCost } from './cost.ts';
import { checkLength, labelFields, LIMITS } from './validate.ts';

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

registerNodeLoader('ProviderKey', (context, id) => context.loaders.providerKey.load(id));

builder.queryFields((t) => ({
  providerKey: t.field({
    type: ProviderKeyRef,
    nullable: true,
    description: 'A provider key by global ID; null when it does not exist.',
    extensions: upstreamCost('lookup'),
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, context) => loadNode(context, args.id, ['ProviderKey']) as Promise<ProviderKey | null>,
  }),
  providerKeys: t.field({
    type: builder.connectionObject({ type: ProviderKeyRef, name: 'ProviderKeyConnection' }),
    description: 'Provider keys, newest first.',
    extensions: upstreamCost('connection'),
    args: {
      first: t.arg.int({ description: 'How many keys (0 to 500, default 20).' }),
      after: t.arg.string({ description: 'An `endCursor` or edge cursor from a previous page.' }),
      provider: t.arg.string({ description: 'Only keys of this providerId, e.g. `openai`.' }),
    },
    resolve: (_root, args, context) => {
      checkLength('provider', args.provider, LIMITS.shortString);
      const provider = args.provider ?? undefined;
      const source = beforeIdSource('ProviderKey', AI_GATEWAY_MAX_PAGE_SIZE, (beforeId, limit) =>
        context.aiGateway.listProviderKeys({ beforeId, limit, provider }),
      );
      return paginate(
        primingLoader(source, context.loaders.providerKey, (key) => key.id),
        args,
      );
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
    context.loaders.providerKey.clear(id).prime(id, providerKey);
    return { providerKey };
  },
  payloadFields: (t) => ({
    providerKey: t.field({ type: ProviderKeyRef, nullable: true, resolve: (payload) => payload.providerKey }),
  }),
});
