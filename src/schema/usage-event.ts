import { createHash } from 'node:crypto';
import type { ArgBuilder } from '@pothos/core';
import type { GatewayContext } from '../context.ts';
import { AI_GATEWAY_MAX_PAGE_SIZE } from '../contract/page-sizes.ts';
import type { UsageEvent } from '../upstream/ai-gateway.ts';
import { AccessKeyRef } from './access-key.ts';
import { builder } from './builder.ts';
import { ProviderKeyRef } from './provider-key.ts';
import { opaqueCursorSource, paginate, type ConnectionArgs } from './relay/connection.ts';
import { decodeGlobalId } from './relay/global-id.ts';
import { batchedCost, connectionCost } from './relay/upstream-cost.ts';
import { usageWindow, type UsageWindowArgs } from './usage-window.ts';

const UsageTokensRef = builder.objectRef<UsageEvent>('UsageTokens').implement({
  description: 'Token counts of one attempt.',
  fields: (t) => ({
    input: t.field({ type: 'SafeInt', resolve: (e) => e.inputTokens }),
    output: t.field({ type: 'SafeInt', resolve: (e) => e.outputTokens }),
    cacheRead: t.field({ type: 'SafeInt', resolve: (e) => e.cacheReadTokens }),
    cacheWrite: t.field({ type: 'SafeInt', resolve: (e) => e.cacheWriteTokens }),
    cacheWrite5m: t.field({ type: 'SafeInt', resolve: (e) => e.cacheWrite5mTokens }),
    cacheWrite1h: t.field({ type: 'SafeInt', resolve: (e) => e.cacheWrite1hTokens }),
    reasoning: t.field({ type: 'SafeInt', resolve: (e) => e.reasoningTokens }),
    inputEstimate: t.field({ type: 'SafeInt', resolve: (e) => e.inputTokensEstimate }),
    outputEstimate: t.field({ type: 'SafeInt', resolve: (e) => e.outputTokensEstimate }),
    estimated: t.boolean({
      description: "True when the provider reported no usage and the counts are the gateway's estimates.",
      resolve: (e) => e.usageEstimated,
    }),
  }),
});

// Each amount is the upstream's decimal string, passed through untouched.
const UsageCostRef = builder.objectRef<UsageEvent>('UsageCost').implement({
  description: 'Cost of one attempt in USD.',
  fields: (t) => ({
    total: t.field({ type: 'Decimal', resolve: (e) => e.totalCost }),
    input: t.field({ type: 'Decimal', resolve: (e) => e.inputTokenCost }),
    output: t.field({ type: 'Decimal', resolve: (e) => e.outputTokenCost }),
    cacheRead: t.field({ type: 'Decimal', resolve: (e) => e.cacheReadCost }),
    cacheWrite: t.field({ type: 'Decimal', resolve: (e) => e.cacheWriteCost }),
    cacheWrite5m: t.field({ type: 'Decimal', resolve: (e) => e.cacheWrite5mCost }),
    cacheWrite1h: t.field({ type: 'Decimal', resolve: (e) => e.cacheWrite1hCost }),
    ngrokProcessingFee: t.field({ type: 'Decimal', resolve: (e) => e.ngrokProcessingFee }),
  }),
});

export const UsageEventRef = builder.objectRef<UsageEvent>('UsageEvent').implement({
  description: 'One upstream attempt of a request through the AI Gateway.',
  // `request` is added by gateway-request.ts, which needs this type for its attempts.
  fields: (t) => ({
    eventId: t.exposeString('id', { description: 'The upstream event ID.' }),
    eventTime: t.field({ type: 'DateTime', resolve: (e) => e.eventTime }),
    requestId: t.exposeString('requestId', {
      description: 'Shared by all attempts of one client request (the Ngrok-AIG-Request-Id header).',
    }),
    accessKey: t.field({
      type: AccessKeyRef,
      nullable: true,
      extensions: batchedCost(),
      description: 'The access key that made the request, loaded in batches; null when it no longer exists.',
      resolve: (e, _args, context) => context.loaders.accessKey.load(e.accessKeyId),
    }),
    provider: t.exposeString('provider'),
    providerDisplayName: t.exposeString('providerDisplayName'),
    model: t.exposeString('model'),
    modelDisplayName: t.exposeString('modelDisplayName'),
    keySource: t.exposeString('keySource', { description: "ngrok (managed credentials) or user (one of the account's provider keys)." }),
    providerKey: t.field({
      type: ProviderKeyRef,
      nullable: true,
      extensions: batchedCost(),
      description: 'The provider key used, when keySource is user; loaded in batches; null when none or deleted.',
      resolve: (e, _args, context) => (e.providerKeyId ? context.loaders.providerKey.load(e.providerKeyId) : null),
    }),
    attemptNumber: t.exposeInt('attemptNumber'),
    isFinalAttempt: t.exposeBoolean('isFinalAttempt'),
    statusCode: t.exposeInt('statusCode'),
    timedOut: t.exposeBoolean('timedOut'),
    isError: t.exposeBoolean('isError'),
    isStreaming: t.exposeBoolean('isStreaming'),
    stopReason: t.exposeString('stopReason'),
    tokens: t.field({ type: UsageTokensRef, resolve: (e) => e }),
    cost: t.field({ type: UsageCostRef, resolve: (e) => e }),
  }),
});

const UsageEventConnectionRef = builder.connectionObject({ type: UsageEventRef, name: 'UsageEventConnection' });

interface UsageEventsArgs extends UsageWindowArgs, ConnectionArgs {
  includeRetries?: boolean | null | undefined;
}

/**
 * A connection over GET /usage. Cursors are tied to the filters (the upstream's cursor means
 * nothing under others), so a cursor from another window, key or includeRetries is refused.
 */
function usageEvents(context: GatewayContext, args: UsageEventsArgs, accessKeyId: string | undefined) {
  const window = usageWindow(args);
  const includeRetries = args.includeRetries ?? false;
  const filters = JSON.stringify([window.startTime, window.endTime ?? null, accessKeyId ?? null, includeRetries]);
  const cursorKind = `UsageEvent.${createHash('sha256').update(filters).digest('base64url').slice(0, 16)}`;
  const source = opaqueCursorSource(cursorKind, AI_GATEWAY_MAX_PAGE_SIZE, ({ cursor, limit, asOf }) =>
    context.aiGateway.listUsage({
      startTime: window.startTime,
      // Without an end the walk stops at the moment of its first page, so its later pages line up.
      endTime: window.endTime ?? new Date(asOf).toISOString(),
      accessKeyId,
      ...(includeRetries && { includeRetries }),
      cursor,
      limit,
    }),
  );
  return paginate(source, args);
}

type Types = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;

/** The arguments both usage-event connections take. */
function eventArgs(arg: ArgBuilder<Types>) {
  return {
    startTime: arg({ type: 'DateTime', required: true }),
    endTime: arg({ type: 'DateTime', description: 'Default: now.' }),
    includeRetries: arg.boolean({ description: 'Also the attempts that were retried (default false).' }),
    first: arg.int({ description: 'How many events (0 to 500, default 20).' }),
    after: arg.string({ description: 'An `endCursor` or edge cursor from a previous page with the same arguments.' }),
  };
}

builder.queryField('usageEvents', (t) =>
  t.field({
    type: UsageEventConnectionRef,
    extensions: connectionCost(AI_GATEWAY_MAX_PAGE_SIZE),
    description: "Usage events of the account, newest first. Only each request's final attempt unless includeRetries.",
    args: { ...eventArgs(t.arg), accessKeyId: t.arg.id({ description: 'Only events of this AccessKey (global ID).' }) },
    resolve: (_root, args, context) => {
      const accessKeyId = args.accessKeyId == null ? undefined : decodeGlobalId(args.accessKeyId, ['AccessKey']).id;
      return usageEvents(context, args, accessKeyId);
    },
  }),
);

builder.objectField(AccessKeyRef, 'usageEvents', (t) =>
  t.field({
    type: UsageEventConnectionRef,
    extensions: connectionCost(AI_GATEWAY_MAX_PAGE_SIZE),
    description: "This key's usage events, newest first (GET /usage?accessKeyId=).",
    args: eventArgs(t.arg),
    resolve: (key, args, context) => usageEvents(context, args, key.id),
  }),
);
