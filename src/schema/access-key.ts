import { AI_GATEWAY_MAX_PAGE_SIZE } from '../contract/page-sizes.ts';
import type { GatewayContext } from '../context.ts';
import { CONFIGURATION_KEYS_PAGES } from '../data-loaders.ts';
import type { AccessKey, AccessKeyConfiguration, AccessKeyUpdate } from '../upstream/ai-gateway.ts';
import { AccessKeyConfigurationRef } from './access-key-configuration.ts';
import { aiGatewayPage, tokenKeyFields } from './ai-gateway-resource.ts';
import { builder } from './builder.ts';
import { selectsOnly } from './selection.ts';
import type { ConnectionArgs } from './relay/connection.ts';
import { batchedCost, connectionCost, sharedReadCost } from './relay/upstream-cost.ts';
import { registerNodeType, nodeLookupField } from './relay/node.ts';
import { deleteMutation, relayMutation, returnsObject, returnsObjectAndSecret } from './relay/mutation.ts';
import { decodeGlobalId } from './relay/global-id.ts';
import { labelFields, withoutNulls } from './relay/input-validation.ts';

export const AccessKeyRef = builder.objectRef<AccessKey>('AccessKey');

/** The configuration fields an access key's inline link carries (`resourceId` is its id). */
const readsOnlyLink = selectsOnly(['id', 'resourceId', 'uri', 'name']);

builder.node(AccessKeyRef, {
  description: 'A key that clients present to the AI Gateway. Its token is shown once, at creation (createAccessKey).',
  id: { resolve: (key) => key.id },
  fields: (t) => ({
    ...tokenKeyFields(t),
    configuration: t.field({
      extensions: batchedCost(),
      type: AccessKeyConfigurationRef,
      nullable: true,
      description:
        'The configuration that scopes and routes this key; null means allow-all. Its id, resourceId, uri and name come with the key; any other field loads it, in batches: keys sharing a configuration cost one read.',
      resolve: (key, _args, context, info) => {
        const link = key.accessKeyConfiguration;
        if (!link) return null;
        // The upstream inlines {id, uri, name}: the link stands in for the configuration only
        // where nothing else of it is read.
        if (readsOnlyLink(info)) return link as AccessKeyConfiguration;
        return context.loaders.accessKeyConfiguration.read(link.id);
      },
    }),
  }),
});

registerNodeType('AccessKey', (context, id) => context.loaders.accessKey.load(id));

const AccessKeyConnection = builder.connectionObject({ type: AccessKeyRef, name: 'AccessKeyConnection' });

const PAGE_ARGS_DESCRIPTION = {
  first: 'How many keys (0 to 500, default 20).',
  after: 'An `endCursor` or edge cursor from a previous page.',
};

/**
 * Access keys newest first, all of them or those linked to one configuration. A cursor is the
 * position after an access key id, so it pages the same way in either list. A configuration's
 * first page goes through a loader, so that the first pages of many configurations may come
 * from a few pages of all access keys.
 */
function accessKeyPage(context: GatewayContext, args: ConnectionArgs, configurationId?: string) {
  return aiGatewayPage(
    'AccessKey',
    (beforeId, limit) =>
      configurationId !== undefined && beforeId === undefined
        ? context.loaders.configurationAccessKeys.load({ configurationId, limit })
        : context.aiGateway.listAccessKeys({ beforeId, limit, accessKeyConfigurationId: configurationId }),
    context.loaders.accessKey,
    args,
  );
}

builder.queryFields((t) => ({
  accessKey: nodeLookupField(t, AccessKeyRef, 'AccessKey', 'An access key by global ID; null when it does not exist.'),
  accessKeys: t.field({
    extensions: connectionCost(AI_GATEWAY_MAX_PAGE_SIZE),
    type: AccessKeyConnection,
    description: 'Access keys, newest first.',
    args: {
      first: t.arg.int({ description: PAGE_ARGS_DESCRIPTION.first }),
      after: t.arg.string({ description: PAGE_ARGS_DESCRIPTION.after }),
    },
    resolve: (_root, args, context) => accessKeyPage(context, args),
  }),
}));

// Declared here rather than with the configuration type: it is the access key list, filtered.
builder.objectField(AccessKeyConfigurationRef, 'accessKeys', (t) =>
  t.field({
    // Plus the pages of all access keys a request may read for many configurations at once.
    extensions: sharedReadCost(CONFIGURATION_KEYS_PAGES, connectionCost(AI_GATEWAY_MAX_PAGE_SIZE)),
    type: AccessKeyConnection,
    description: 'The access keys that use this configuration, newest first (GET /access-keys?accessKeyConfigurationId=).',
    args: {
      first: t.arg.int({ description: PAGE_ARGS_DESCRIPTION.first }),
      after: t.arg.string({ description: PAGE_ARGS_DESCRIPTION.after }),
    },
    resolve: (configuration, args, context) => accessKeyPage(context, args, configuration.id),
  }),
);

// Create, update and delete of access keys, and the link to a configuration.

const LINK_DESCRIPTION = 'Global ID of the AccessKeyConfiguration to link.';

/** Maps the link from a global ID to the REST id; null (unlink) stays null, omitted stays omitted. */
function linkField(input: { accessKeyConfigurationId?: string | null | undefined }): Pick<AccessKeyUpdate, 'accessKeyConfigurationId'> {
  const link = input.accessKeyConfigurationId;
  if (link === undefined) return {};
  return { accessKeyConfigurationId: link === null ? null : decodeGlobalId(link, ['AccessKeyConfiguration']).id };
}

relayMutation('createAccessKey', {
  description:
    'Creates an access key (POST). Its token is in this payload and nowhere else, ever: store it now. Null fields are the same as leaving them out.',
  inputFields: (t) => ({
    name: t.string(),
    description: t.string(),
    metadata: t.string(),
    accessKeyConfigurationId: t.id({ description: `${LINK_DESCRIPTION} Omitted or null means allow-all.` }),
  }),
  resolve: async (input, context) => {
    const body = withoutNulls({ ...labelFields(input), ...linkField(input) });
    // Keep the token out of the object that loaders and resolvers see.
    const { token, ...accessKey } = await context.aiGateway.createAccessKey(body);
    context.loaders.accessKey.prime(accessKey.id, accessKey);
    return { accessKey, token: token ?? null };
  },
  payloadFields: returnsObjectAndSecret(
    'accessKey',
    AccessKeyRef,
    'token',
    "The access key's token (ng-...). Returned here once and never again.",
  ),
});

relayMutation('updateAccessKey', {
  description: 'Changes an access key (PATCH). Omitted fields are kept; null is sent as null; `accessKeyConfigurationId: null` unlinks.',
  inputFields: (t) => ({
    id: t.id({ required: true, description: 'Global ID of the access key.' }),
    name: t.string(),
    description: t.string(),
    metadata: t.string(),
    accessKeyConfigurationId: t.id({ description: `${LINK_DESCRIPTION} Null unlinks the configuration (allow-all); omitted keeps it.` }),
  }),
  resolve: async (input, context) => {
    const { id } = decodeGlobalId(input.id, ['AccessKey']);
    const body = { ...labelFields(input), ...linkField(input) };
    const accessKey = await context.aiGateway.updateAccessKey(id, body);
    context.loaders.accessKey.replace(id, accessKey);
    return { accessKey };
  },
  payloadFields: returnsObject('accessKey', AccessKeyRef),
});

deleteMutation('AccessKey', {
  description: 'Deletes an access key (DELETE). Clients using its token start failing authentication.',
  remove: (context, id) => context.aiGateway.deleteAccessKey(id),
  loader: (context) => context.loaders.accessKey,
});
