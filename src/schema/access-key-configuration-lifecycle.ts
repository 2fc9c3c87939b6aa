import { collectSecrets, withSecretsRedacted } from '../secrets.ts';
import { AccessKeyConfigurationRef, configurationBody } from './access-key-configuration.ts';
import { AccessScopeInput } from './access-scope.ts';
import { deleteMutation } from './delete-mutation.ts';
import { relayMutation } from './relay-mutation.ts';
import { RouterInput } from './router.ts';
import { withoutNulls } from './validate.ts';

// Create and delete of access key configurations; update lives with the type.

relayMutation('createAccessKeyConfiguration', {
  description:
    'Creates a configuration (POST). `access` and `router` take the same input as the update; a null field is the same as leaving it out (allow-all, default routing).',
  inputFields: (t) => ({
    name: t.string({ required: true }),
    description: t.string(),
    metadata: t.string(),
    access: t.field({ type: AccessScopeInput }),
    router: t.field({ type: RouterInput }),
  }),
  resolve: async (input, context) => {
    const body = { ...withoutNulls(configurationBody(input)), name: input.name };
    const accessKeyConfiguration = await withSecretsRedacted(collectSecrets(body), () =>
      context.aiGateway.createAccessKeyConfiguration(body),
    );
    context.loaders.accessKeyConfiguration.prime(accessKeyConfiguration.id, accessKeyConfiguration);
    return { accessKeyConfiguration };
  },
  payloadFields: (t) => ({
    accessKeyConfiguration: t.field({
      type: AccessKeyConfigurationRef,
      nullable: true,
      resolve: (payload) => payload.accessKeyConfiguration,
    }),
  }),
});

deleteMutation('AccessKeyConfiguration', {
  description:
    'Deletes a configuration (DELETE). Refused with CONFLICT while an access key still links it: unlink those keys first (updateAccessKey with accessKeyConfigurationId: null).',
  remove: (context, id) => context.aiGateway.deleteAccessKeyConfiguration(id),
  loader: (context) => context.loaders.accessKeyConfiguration,
});
