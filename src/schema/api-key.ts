import { AI_GATEWAY_MAX_PAGE_SIZE } from '../contract/page-sizes.ts';
import type { ApiKey } from '../upstream/ai-gateway.ts';
import { aiGatewayPage, tokenKeyFields } from './ai-gateway-resource.ts';
import { builder } from './builder.ts';
import { decodeGlobalId } from './relay/global-id.ts';
import { labelFields, withoutNulls } from './relay/input-validation.ts';
import { deleteMutation, relayMutation, returnsObject, returnsObjectAndSecret } from './relay/mutation.ts';
import { registerNodeType, nodeLookupField } from './relay/node.ts';
import { connectionCost } from './relay/upstream-cost.ts';

// API keys (/api-keys): the credentials of the AI Gateway API itself, the kind this gateway
// forwards as Authorization. Like access keys, a key's token exists in one answer only.

export const ApiKeyRef = builder.objectRef<ApiKey>('ApiKey');

builder.node(ApiKeyRef, {
  description: 'A key for the AI Gateway API (the credential this gateway forwards as Authorization). Its token is shown once.',
  id: { resolve: (key) => key.id },
  fields: (t) => ({
    ...tokenKeyFields(t),
  }),
});

registerNodeType('ApiKey', (context, id) => context.loaders.apiKey.load(id));

builder.queryFields((t) => ({
  apiKey: nodeLookupField(t, ApiKeyRef, 'ApiKey', 'An API key by global ID; null when it does not exist.'),
  apiKeys: t.field({
    type: builder.connectionObject({ type: ApiKeyRef, name: 'ApiKeyConnection' }),
    description: "The account's API keys, newest first.",
    extensions: connectionCost(AI_GATEWAY_MAX_PAGE_SIZE),
    args: {
      first: t.arg.int({ description: 'How many keys (0 to 500, default 20).' }),
      after: t.arg.string({ description: 'An `endCursor` or edge cursor from a previous page.' }),
    },
    resolve: (_root, args, context) => {
      return aiGatewayPage('ApiKey', (beforeId, limit) => context.aiGateway.listApiKeys({ beforeId, limit }), context.loaders.apiKey, args);
    },
  }),
}));

relayMutation('createApiKey', {
  description:
    'Creates an API key (POST). Its token is in this payload and nowhere else, ever: store it now. Null fields are the same as leaving them out.',
  inputFields: (t) => ({
    name: t.string(),
    description: t.string(),
    metadata: t.string(),
  }),
  resolve: async (input, context) => {
    // Keep the token out of the object that loaders and resolvers see.
    const { token, ...apiKey } = await context.aiGateway.createApiKey(withoutNulls(labelFields(input)));
    context.loaders.apiKey.prime(apiKey.id, apiKey);
    return { apiKey, token: token ?? null };
  },
  payloadFields: returnsObjectAndSecret('apiKey', ApiKeyRef, 'token', "The new key's secret. Returned here once and never again."),
});

relayMutation('updateApiKey', {
  description: "Changes an API key's labels (PATCH). Omitted fields are kept; null is sent as null.",
  inputFields: (t) => ({
    id: t.id({ required: true, description: 'Global ID of the API key.' }),
    name: t.string(),
    description: t.string(),
    metadata: t.string(),
  }),
  resolve: async (input, context) => {
    const { id } = decodeGlobalId(input.id, ['ApiKey']);
    const apiKey = await context.aiGateway.updateApiKey(id, labelFields(input));
    context.loaders.apiKey.replace(id, apiKey);
    return { apiKey };
  },
  payloadFields: returnsObject('apiKey', ApiKeyRef),
});

deleteMutation('ApiKey', {
  description: 'Deletes an API key (DELETE). Its token stops working, even when it is the one this request was sent with.',
  remove: (context, id) => context.aiGateway.deleteApiKey(id),
  loader: (context) => context.loaders.apiKey,
});
