import { OPENROUTER_PAGE_SIZE } from '../contract/page-sizes.ts';
import { toGlobalId } from 'graphql-relay';
import type { GatewayContext } from '../context.ts';
import { badUserInput } from '../errors.ts';
import type { OpenRouterApiKey, OpenRouterKeyUpdate } from '../upstream/openrouter.ts';
import { builder } from './builder.ts';
import { connectionCost } from './relay/upstream-cost.ts';
import { offsetSource, paginate, primingLoader } from './relay/connection.ts';
import { decodeGlobalId } from './relay/global-id.ts';
import { registerNodeType, nodeLookupField } from './relay/node.ts';
import { OpenRouterUsageRef, usageOf } from './openrouter-usage.ts';
import { relayMutation, returnsObject, returnsObjectAndSecret } from './relay/mutation.ts';
import { checkLength, LIMITS, presentFields } from './relay/input-validation.ts';

export const OpenRouterKeyRef = builder.objectRef<OpenRouterApiKey>('OpenRouterKey');

builder.node(OpenRouterKeyRef, {
  description: 'An OpenRouter API key as the management API reports it. Its secret is never readable.',
  id: { resolve: (key) => key.hash },
  fields: (t) => ({
    hash: t.exposeString('hash', { description: "The key's hash: its identifier in the OpenRouter REST API." }),
    name: t.exposeString('name'),
    label: t.exposeString('label'),
    disabled: t.exposeBoolean('disabled'),
    limit: t.float({ nullable: true, description: 'Spending cap in USD; null means no cap.', resolve: (key) => key.limit ?? null }),
    limitRemaining: t.float({
      nullable: true,
      description: 'USD left under the cap; null when there is no cap.',
      resolve: (key) => key.limit_remaining ?? null,
    }),
    limitReset: t.string({
      nullable: true,
      description: 'How often the cap resets, as the upstream reports it (daily, weekly, monthly); null means never.',
      resolve: (key) => key.limit_reset ?? null,
    }),
    includeByokInLimit: t.exposeBoolean('include_byok_in_limit'),
    usage: t.field({ type: OpenRouterUsageRef, description: 'Spend of OpenRouter credits.', resolve: (key) => usageOf(key, 'usage') }),
    byokUsage: t.field({
      type: OpenRouterUsageRef,
      description: "Spend on the account's own provider keys (BYOK).",
      resolve: (key) => usageOf(key, 'byok_usage'),
    }),
    createdAt: t.field({ type: 'DateTime', resolve: (key) => key.created_at }),
    updatedAt: t.field({ type: 'DateTime', nullable: true, resolve: (key) => key.updated_at ?? null }),
    expiresAt: t.field({ type: 'DateTime', nullable: true, resolve: (key) => key.expires_at ?? null }),
    creatorUserId: t.string({ nullable: true, resolve: (key) => key.creator_user_id ?? null }),
    workspaceId: t.exposeString('workspace_id'),
  }),
});

registerNodeType('OpenRouterKey', (context, hash) => context.loaders.openRouterKey.load(hash));

const LimitReset = builder.enumType('OpenRouterLimitReset', {
  values: { DAILY: { value: 'daily' }, WEEKLY: { value: 'weekly' }, MONTHLY: { value: 'monthly' } } as const,
});

/**
 * A cursor is an offset into one filtered list: an offset into "enabled keys" means nothing
 * in "all keys", so each filter has its own cursor kind and the other's cursors are refused.
 * Omitting includeDisabled is the upstream default (enabled only), hence the same kind as false.
 */
function cursorKind(includeDisabled: boolean | null | undefined): string {
  return includeDisabled ? 'OpenRouterKey.all' : 'OpenRouterKey';
}

builder.queryFields((t) => ({
  openRouterKey: nodeLookupField(
    t,
    OpenRouterKeyRef,
    'OpenRouterKey',
    'An OpenRouter key by global ID; null when it does not exist. Needs X-OpenRouter-Authorization.',
  ),
  openRouterKeys: t.field({
    extensions: connectionCost(OPENROUTER_PAGE_SIZE),
    type: builder.connectionObject({ type: OpenRouterKeyRef, name: 'OpenRouterKeyConnection' }),
    description:
      'OpenRouter keys, newest first. Needs X-OpenRouter-Authorization. The upstream pages by offset: keys created or deleted between two pages can make the next page skip or repeat keys.',
    args: {
      first: t.arg.int({ description: 'How many keys (0 to 500, default 20).' }),
      after: t.arg.string({ description: 'An `endCursor` or edge cursor from a previous page with the same `includeDisabled`.' }),
      includeDisabled: t.arg.boolean({ description: 'Also list disabled keys (the upstream default is enabled keys only).' }),
    },
    resolve: (_root, args, context) => {
      const includeDisabled = args.includeDisabled ?? undefined;
      const source = offsetSource(cursorKind(includeDisabled), OPENROUTER_PAGE_SIZE, (offset) =>
        context.openRouter.listKeys({ offset, includeDisabled }),
      );
      return paginate(
        primingLoader(source, context.loaders.openRouterKey, (key) => key.hash),
        args,
      );
    },
  }),
}));

/** Fields whose upstream type is not nullable: an explicit null could only be refused upstream. */
function refuseNulls(input: Record<string, unknown>, fields: readonly string[]): void {
  for (const field of fields) {
    if (input[field] === null)
      throw badUserInput(`"${field}" cannot be null; leave it out instead (the upstream cannot store null there).`, { field });
  }
}

function checkName(name: string | null | undefined): void {
  checkLength('name', name, LIMITS.name);
  if (name === '') throw badUserInput('"name" must not be empty.', { field: 'name' });
}

function checkLimit(limit: number | null | undefined): void {
  if (typeof limit === 'number' && (!Number.isFinite(limit) || limit < 0)) {
    throw badUserInput('"limit" must be a finite number of USD, 0 or more (or null for no cap).', { field: 'limit' });
  }
}

/** Keeps this request's later reads consistent with a write. */
function remember(context: GatewayContext, key: OpenRouterApiKey): OpenRouterApiKey {
  context.loaders.openRouterKey.replace(key.hash, key);
  return key;
}

relayMutation('updateOpenRouterKey', {
  description:
    'Changes an OpenRouter key (PATCH). Omitted fields are kept; `limit: null` removes the cap and `limitReset: null` stops resets; null for other fields is refused.',
  inputFields: (t) => ({
    id: t.id({ required: true, description: 'Global ID of the OpenRouter key.' }),
    name: t.string({ description: 'Null is refused: the upstream cannot clear a name.' }),
    disabled: t.boolean({ description: 'Null is refused.' }),
    limit: t.float({ description: 'Spending cap in USD; null removes the cap.' }),
    limitReset: t.field({ type: LimitReset, description: 'Null stops the cap from resetting.' }),
    includeByokInLimit: t.boolean({ description: 'Null is refused.' }),
  }),
  resolve: async (input, context) => {
    const { id: hash } = decodeGlobalId(input.id, ['OpenRouterKey']);
    refuseNulls(input, ['name', 'disabled', 'includeByokInLimit']);
    checkName(input.name);
    checkLimit(input.limit);
    const given = presentFields(input, ['name', 'disabled', 'limit', 'limitReset', 'includeByokInLimit']);
    const body: OpenRouterKeyUpdate = {
      ...(given.name != null && { name: given.name }),
      ...(given.disabled != null && { disabled: given.disabled }),
      ...('limit' in given && { limit: given.limit }),
      ...('limitReset' in given && { limit_reset: given.limitReset }),
      ...(given.includeByokInLimit != null && { include_byok_in_limit: given.includeByokInLimit }),
    };
    return { openRouterKey: remember(context, await context.openRouter.updateKey(hash, body)) };
  },
  payloadFields: returnsObject('openRouterKey', OpenRouterKeyRef),
});

relayMutation('createOpenRouterKey', {
  description: 'Creates an OpenRouter key. Its secret is in this payload only, once; it is never logged and cannot be read again.',
  inputFields: (t) => ({
    name: t.string({ required: true }),
    limit: t.float({ description: 'Spending cap in USD; null or omitted means no cap.' }),
    limitReset: t.field({ type: LimitReset, description: 'Null or omitted means the cap never resets.' }),
    includeByokInLimit: t.boolean({ description: 'Null is refused; omitted means the upstream default (false).' }),
    expiresAt: t.field({ type: 'DateTime', description: 'When the key stops working; sent to OpenRouter in UTC.' }),
  }),
  resolve: async (input, context) => {
    refuseNulls(input, ['includeByokInLimit']);
    checkName(input.name);
    checkLimit(input.limit);
    const created = await context.openRouter.createKey({
      name: input.name,
      ...(input.limit !== undefined && { limit: input.limit }),
      ...(input.limitReset !== undefined && { limit_reset: input.limitReset }),
      ...(input.includeByokInLimit != null && { include_byok_in_limit: input.includeByokInLimit }),
      // The DateTime scalar already normalised it to UTC `...Z`, which the upstream requires.
      ...(input.expiresAt !== undefined && { expires_at: input.expiresAt }),
    });
    return { openRouterKey: remember(context, created.data), key: created.key };
  },
  payloadFields: returnsObjectAndSecret(
    'openRouterKey',
    OpenRouterKeyRef,
    'key',
    "The new key's secret. It is returned here once and can never be read again.",
  ),
});

relayMutation('deleteOpenRouterKey', {
  description: 'Deletes an OpenRouter key. A key that does not exist is NOT_FOUND.',
  inputFields: (t) => ({ id: t.id({ required: true, description: 'Global ID of the OpenRouter key.' }) }),
  resolve: async (input, context) => {
    const { id: hash } = decodeGlobalId(input.id, ['OpenRouterKey']);
    await context.openRouter.deleteKey(hash);
    context.loaders.openRouterKey.replace(hash, null);
    return { deletedOpenRouterKeyId: toGlobalId('OpenRouterKey', hash) };
  },
  payloadFields: (t) => ({
    deletedOpenRouterKeyId: t.id({ nullable: true, resolve: (payload) => payload.deletedOpenRouterKeyId }),
  }),
});
