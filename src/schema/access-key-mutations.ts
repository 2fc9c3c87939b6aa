import type { AccessKeyUpdate } from '../upstream/ai-gateway.ts';
import { AccessKeyRef } from './access-key.ts';
import { deleteMutation } from './delete-mutation.ts';
import { decodeGlobalId } from './global-id.ts';
import { relayMutation } from './relay-mutation.ts';
import { labelFields, withoutNulls } from './validate.ts';

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
  payloadFields: (t) => ({
    accessKey: t.field({ type: AccessKeyRef, nullable: true, resolve: (payload) => payload.accessKey }),
    token: t.string({
      nullable: true,
      description: "The access key's token (ng-...). Returned here once and never again.",
      resolve: (payload) => payload.token,
    }),
  }),
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
    context.loaders.accessKey.clear(id).prime(id, accessKey);
    return { accessKey };
  },
  payloadFields: (t) => ({
    accessKey: t.field({ type: AccessKeyRef, nullable: true, resolve: (payload) => payload.accessKey }),
  }),
});

deleteMutation('AccessKey', {
  description: 'Deletes an access key (DELETE). Clients using its token start failing authentication.',
  remove: (context, id) => context.aiGateway.deleteAccessKey(id),
  loader: (context) => context.loaders.accessKey,
});
