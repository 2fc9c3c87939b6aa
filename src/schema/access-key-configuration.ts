import { AI_GATEWAY_MAX_PAGE_SIZE } from '../contract/page-sizes.ts';
import { GatewayError } from '../errors.ts';
import { collectSecrets, withSecretsRedacted } from '../secrets.ts';
import type { AccessKeyConfiguration, AccessKeyConfigurationUpdate } from '../upstream/ai-gateway.ts';
import { AccessScopeInput, AccessScopeRef, accessScopeBody } from './access-scope.ts';
import { aiGatewayPage, aiGatewayResourceFields } from './ai-gateway-resource.ts';
import { builder } from './builder.ts';
import { decodeGlobalId } from './relay/global-id.ts';
import { registerNodeType, nodeLookupField } from './relay/node.ts';
import { relayMutation, deleteMutation, returnsObject } from './relay/mutation.ts';
import { RouterInput, RouterRef, routerBody } from './router.ts';
import { connectionCost } from './relay/upstream-cost.ts';
import { labelFields, withoutNulls } from './relay/input-validation.ts';

export const AccessKeyConfigurationRef = builder.objectRef<AccessKeyConfiguration>('AccessKeyConfiguration');

builder.node(AccessKeyConfigurationRef, {
  description: 'Reusable access scope and routing rules for AI Gateway access keys.',
  id: { resolve: (configuration) => configuration.id },
  fields: (t) => ({
    ...aiGatewayResourceFields(t),
    name: t.exposeString('name'),
    accessKeyCount: t.int({
      description: 'How many access keys use this configuration (upstream `accessKeyCount`).',
      resolve: (configuration) => requiredCount(configuration.accessKeyCount),
    }),
    access: t.field({
      type: AccessScopeRef,
      nullable: true,
      description: 'Which providers and models are reachable; null means allow-all.',
      resolve: (configuration) => configuration.access ?? null,
    }),
    router: t.field({
      type: RouterRef,
      nullable: true,
      description: 'Routing rules; null means the upstream defaults.',
      resolve: (configuration) => configuration.router ?? null,
    }),
  }),
});

/** The contract requires the count; a configuration without one cannot answer this field. */
function requiredCount(count: number | undefined): number {
  if (typeof count !== 'number')
    throw new GatewayError('UPSTREAM_BAD_RESPONSE', 'The upstream sent a configuration without accessKeyCount.');
  return count;
}

registerNodeType('AccessKeyConfiguration', (context, id) => context.loaders.accessKeyConfiguration.load(id));

builder.queryFields((t) => ({
  accessKeyConfiguration: nodeLookupField(
    t,
    AccessKeyConfigurationRef,
    'AccessKeyConfiguration',
    'An access key configuration by global ID; null when it does not exist.',
  ),
  accessKeyConfigurations: t.field({
    type: builder.connectionObject({ type: AccessKeyConfigurationRef, name: 'AccessKeyConfigurationConnection' }),
    description: 'Access key configurations, newest first.',
    extensions: connectionCost(AI_GATEWAY_MAX_PAGE_SIZE),
    args: {
      first: t.arg.int({ description: 'How many configurations (0 to 500, default 20).' }),
      after: t.arg.string({ description: 'An `endCursor` or edge cursor from a previous page.' }),
    },
    resolve: (_root, args, context) => {
      return aiGatewayPage(
        'AccessKeyConfiguration',
        (beforeId, limit) => context.aiGateway.listAccessKeyConfigurations({ beforeId, limit }),
        context.loaders.accessKeyConfiguration,
        args,
      );
    },
  }),
}));

type ConfigurationInput = Parameters<typeof labelFields>[0] & {
  access?: Parameters<typeof accessScopeBody>[0] | undefined;
  router?: Parameters<typeof routerBody>[0] | undefined;
};

/**
 * Validates and maps the fields that create and update share, before any upstream call:
 * omitted fields stay omitted, explicit nulls stay null (create then drops top-level nulls).
 */
export function configurationBody(input: ConfigurationInput): AccessKeyConfigurationUpdate {
  return {
    ...labelFields(input),
    ...(input.access === undefined ? {} : { access: accessScopeBody(input.access) }),
    ...(input.router === undefined ? {} : { router: routerBody(input.router) }),
  };
}

relayMutation('updateAccessKeyConfiguration', {
  description:
    'Changes a configuration (PATCH). Omitted fields are kept; null clears; `access` and `router`, when given, replace the whole object.',
  inputFields: (t) => ({
    id: t.id({ required: true, description: 'Global ID of the access key configuration.' }),
    name: t.string(),
    description: t.string(),
    metadata: t.string(),
    access: t.field({ type: AccessScopeInput }),
    router: t.field({ type: RouterInput }),
  }),
  resolve: async (input, context) => {
    const { id } = decodeGlobalId(input.id, ['AccessKeyConfiguration']);
    const body = configurationBody(input);
    // Inline router keys carry secrets that an upstream error might quote.
    const accessKeyConfiguration = await withSecretsRedacted(collectSecrets(body), () =>
      context.aiGateway.updateAccessKeyConfiguration(id, body),
    );
    context.loaders.accessKeyConfiguration.replace(id, accessKeyConfiguration);
    return { accessKeyConfiguration };
  },
  payloadFields: returnsObject('accessKeyConfiguration', AccessKeyConfigurationRef),
});

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
  payloadFields: returnsObject('accessKeyConfiguration', AccessKeyConfigurationRef),
});

deleteMutation('AccessKeyConfiguration', {
  description:
    'Deletes a configuration (DELETE). Refused with CONFLICT while an access key still links it: unlink those keys first (updateAccessKey with accessKeyConfigurationId: null).',
  remove: (context, id) => context.aiGateway.deleteAccessKeyConfiguration(id),
  loader: (context) => context.loaders.accessKeyConfiguration,
});
