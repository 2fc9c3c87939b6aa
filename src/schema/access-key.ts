import { AI_GATEWAY_MAX_PAGE_SIZE, type AccessKey } from '../upstream/ai-gateway.ts';
import { AccessKeyConfigurationRef } from './access-key-configuration.ts';
import { aiGatewayResourceFields } from './ai-gateway-resource.ts';
import { builder } from './builder.ts';
import { beforeIdSource, paginate, primingLoader } from './connection.ts';
import { upstreamCost } from './cost.ts';
import { loadNode, registerNodeLoader } from './node.ts';

export const AccessKeyRef = builder.objectRef<AccessKey>('AccessKey');

builder.node(AccessKeyRef, {
  description: 'A key that clients present to the AI Gateway. Its token is shown once, at creation (createAccessKey).',
  id: { resolve: (key) => key.id },
  // No token field: the upstream returns the token only when the key is created.
  fields: (t) => ({
    ...aiGatewayResourceFields(t),
    name: t.string({ nullable: true, resolve: (key) => key.name ?? null }),
    keyRedacted: t.exposeString('keyRedacted'),
    lastUsed: t.field({ type: 'DateTime', nullable: true, resolve: (key) => key.lastUsed ?? null }),
    configuration: t.field({
      extensions: upstreamCost('lookup'),
      type: AccessKeyConfigurationRef,
      nullable: true,
      description:
        'The configuration that scopes and routes this key; null means allow-all. Loaded in batches: keys sharing a configuration cost one read.',
      // The upstream inlines only {id, uri, name}; the full object comes through the loader.
      resolve: (key, _args, context) =>
        key.accessKeyConfiguration ? context.loaders.accessKeyConfiguration.load(key.accessKeyConfiguration.id) : null,
    }),
  }),
});

registerNodeLoader('AccessKey', (context, id) => context.loaders.accessKey.load(id));

builder.queryFields((t) => ({
  accessKey: t.field({
    extensions: upstreamCost('lookup'),
    type: AccessKeyRef,
    nullable: true,
    description: 'An access key by global ID; null when it does not exist.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, context) => loadNode(context, args.id, ['AccessKey']) as Promise<AccessKey | null>,
  }),
  accessKeys: t.field({
    extensions: upstreamCost('connection'),
    type: builder.connectionObject({ type: AccessKeyRef, name: 'AccessKeyConnection' }),
    description: 'Access keys, newest first.',
    args: {
      first: t.arg.int({ description: 'How many keys (0 to 500, default 20).' }),
      after: t.arg.string({ description: 'An `endCursor` or edge cursor from a previous page.' }),
    },
    resolve: (_root, args, context) => {
      const source = beforeIdSource('AccessKey', AI_GATEWAY_MAX_PAGE_SIZE, (beforeId, limit) =>
        context.aiGateway.listAccessKeys({ beforeId, limit }),
      );
      return paginate(
        primingLoader(source, context.loaders.accessKey, (key) => key.id),
        args,
      );
    },
  }),
}));
