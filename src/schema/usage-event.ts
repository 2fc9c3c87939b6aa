import { createHash } from 'node:crypto';
import type { ArgBuilder } from '@pothos/core';
import type { GraphQLResolveInfo } from 'graphql';
import type { GatewayContext, Loaders } from '../context.ts';
import { AI_GATEWAY_MAX_PAGE_SIZE } from '../contract/page-sizes.ts';
import type { UsageEvent } from '../upstream/ai-gateway.ts';
import { AccessKeyRef } from './access-key.ts';
import { builder, type Types } from './builder.ts';
import { ProviderKeyRef } from './provider-key.ts';
import { opaqueCursorSource, paginate, type ConnectionArgs } from './relay/connection.ts';
import { decodeGlobalId } from './relay/global-id.ts';
import { itemFields } from './selection.ts';
import { batchedCost, connectionCost } from './relay/upstream-cost.ts';
import { usageWindow, type UsageWindowArgs } from './usage-window.ts';

type Renamed<Names extends Record<string, keyof UsageEvent>> = { readonly [Field in keyof Names]: UsageEvent[Names[Field]] };

/**
 * A class of views over one event whose property `field` reads the event's `names[field]`
 * (getters: a view is one small object). Why the usage types read views rather than the upstream
 * event: a field with a resolver costs graphql-jit a call per item (its arguments, path and info
 * objects, three closures), where a field without one is read inline. The views give every field
 * its schema name as a plain property or getter, so a page of events resolves without a call
 * per field and event.
 */
function renamingView<const Names extends Record<string, keyof UsageEvent>>(names: Names) {
  class View {
    constructor(readonly event: UsageEvent) {}
  }
  for (const [field, upstream] of Object.entries(names)) {
    Object.defineProperty(View.prototype, field, {
      get(this: View) {
        return this.event[upstream];
      },
    });
  }
  return View as unknown as new (
    event: UsageEvent,
  ) => Renamed<Names>;
}

/** Token counts under the schema's names (all SafeInt) and the upstream's. */
const TOKEN_COUNTS = {
  input: 'inputTokens',
  output: 'outputTokens',
  cacheRead: 'cacheReadTokens',
  cacheWrite: 'cacheWriteTokens',
  cacheWrite5m: 'cacheWrite5mTokens',
  cacheWrite1h: 'cacheWrite1hTokens',
  reasoning: 'reasoningTokens',
  inputEstimate: 'inputTokensEstimate',
  outputEstimate: 'outputTokensEstimate',
} as const;
const UsageTokens = renamingView({ ...TOKEN_COUNTS, estimated: 'usageEstimated' });
type UsageTokens = InstanceType<typeof UsageTokens>;

/** Amounts under the schema's names (all Decimal: the upstream's strings, passed through untouched) and the upstream's. */
const COST_AMOUNTS = {
  total: 'totalCost',
  input: 'inputTokenCost',
  output: 'outputTokenCost',
  cacheRead: 'cacheReadCost',
  cacheWrite: 'cacheWriteCost',
  cacheWrite5m: 'cacheWrite5mCost',
  cacheWrite1h: 'cacheWrite1hCost',
  ngrokProcessingFee: 'ngrokProcessingFee',
} as const;
const UsageCost = renamingView(COST_AMOUNTS);
type UsageCost = InstanceType<typeof UsageCost>;

/** One usage event under the schema's field names (see renamingView for why). */
export class UsageEventNode {
  readonly eventId: string;
  readonly eventTime: string;
  readonly requestId: string;
  readonly accessKeyId: string;
  readonly providerKeyId: string | undefined;
  readonly provider: string;
  readonly providerDisplayName: string;
  readonly model: string;
  readonly modelDisplayName: string;
  readonly keySource: string;
  readonly attemptNumber: number;
  readonly isFinalAttempt: boolean;
  readonly statusCode: number;
  readonly timedOut: boolean;
  readonly isError: boolean;
  readonly isStreaming: boolean;
  readonly stopReason: string;
  readonly tokens: UsageTokens;
  readonly cost: UsageCost;

  constructor(event: UsageEvent) {
    this.eventId = event.id;
    this.eventTime = event.eventTime;
    this.requestId = event.requestId;
    this.accessKeyId = event.accessKeyId;
    this.providerKeyId = event.providerKeyId ?? undefined;
    this.provider = event.provider;
    this.providerDisplayName = event.providerDisplayName;
    this.model = event.model;
    this.modelDisplayName = event.modelDisplayName;
    this.keySource = event.keySource;
    this.attemptNumber = event.attemptNumber;
    this.isFinalAttempt = event.isFinalAttempt;
    this.statusCode = event.statusCode;
    this.timedOut = event.timedOut;
    this.isError = event.isError;
    this.isStreaming = event.isStreaming;
    this.stopReason = event.stopReason;
    this.tokens = new UsageTokens(event);
    this.cost = new UsageCost(event);
  }
}

/** Exposes each listed property of a view as a field of the same name and of scalar `type`. */
function exposeEach<View, Type extends 'SafeInt' | 'Decimal'>(
  t: PothosSchemaTypes.ObjectFieldBuilder<Types, View>,
  fields: readonly (keyof View & string)[],
  type: Type,
) {
  // expose() type-checks one literal name at a time; for a list, renamingView's types hold it.
  const expose = t.expose as (field: string, options: { type: Type }) => ReturnType<typeof t.expose>;
  return Object.fromEntries(fields.map((field) => [field, expose.call(t, field, { type })]));
}

const UsageTokensRef = builder.objectRef<UsageTokens>('UsageTokens').implement({
  description: 'Token counts of one attempt.',
  fields: (t) => ({
    ...exposeEach(t, Object.keys(TOKEN_COUNTS) as (keyof typeof TOKEN_COUNTS)[], 'SafeInt'),
    estimated: t.exposeBoolean('estimated', {
      description: "True when the provider reported no usage and the counts are the gateway's estimates.",
    }),
  }),
});

const UsageCostRef = builder.objectRef<UsageCost>('UsageCost').implement({
  description: 'Cost of one attempt in USD.',
  fields: (t) => exposeEach(t, Object.keys(COST_AMOUNTS) as (keyof typeof COST_AMOUNTS)[], 'Decimal'),
});

export const UsageEventRef = builder.objectRef<UsageEventNode>('UsageEvent').implement({
  description: 'One upstream attempt of a request through the AI Gateway.',
  // `request` is added by gateway-request.ts, which needs this type for its attempts.
  fields: (t) => ({
    eventId: t.exposeString('eventId', { description: 'The upstream event ID.' }),
    eventTime: t.expose('eventTime', { type: 'DateTime' }),
    requestId: t.exposeString('requestId', {
      description: 'Shared by all attempts of one client request (the Ngrok-AIG-Request-Id header).',
    }),
    accessKey: t.field({
      type: AccessKeyRef,
      nullable: true,
      extensions: batchedCost(),
      description: 'The access key that made the request, loaded in batches; null when it no longer exists.',
      resolve: (e, _args, context) => context.loaders.accessKey.read(e.accessKeyId),
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
      resolve: (e, _args, context) => (e.providerKeyId ? context.loaders.providerKey.read(e.providerKeyId) : null),
    }),
    attemptNumber: t.exposeInt('attemptNumber'),
    isFinalAttempt: t.exposeBoolean('isFinalAttempt'),
    statusCode: t.exposeInt('statusCode'),
    timedOut: t.exposeBoolean('timedOut'),
    isError: t.exposeBoolean('isError'),
    isStreaming: t.exposeBoolean('isStreaming'),
    stopReason: t.exposeString('stopReason'),
    tokens: t.expose('tokens', { type: UsageTokensRef }),
    cost: t.expose('cost', { type: UsageCostRef }),
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
async function usageEvents(context: GatewayContext, info: GraphQLResolveInfo, args: UsageEventsArgs, accessKeyId: string | undefined) {
  const window = usageWindow(args);
  const includeRetries = args.includeRetries ?? false;
  const filters = JSON.stringify([window.startTime, window.endTime ?? null, accessKeyId ?? null, includeRetries]);
  const cursorKind = `UsageEvent.${createHash('sha256').update(filters).digest('base64url').slice(0, 16)}`;
  const source = opaqueCursorSource(cursorKind, AI_GATEWAY_MAX_PAGE_SIZE, async ({ cursor, limit, asOf }) => {
    const page = await context.aiGateway.listUsage({
      startTime: window.startTime,
      // Without an end the walk stops at the moment of its first page, so its later pages line up.
      endTime: window.endTime ?? new Date(asOf).toISOString(),
      accessKeyId,
      ...(includeRetries && { includeRetries }),
      cursor,
      limit,
    });
    return { items: page.items.map((event) => new UsageEventNode(event)), nextCursor: page.nextCursor };
  });
  const connection = await paginate(source, args);
  await preloadLinks(context, info, connection.edges);
  return connection;
}

/** The resources an event links to, by field, and the loader that reads each: what preloadLinks loads. */
const LINKS: Record<
  string,
  { loader(loaders: Loaders): { loadMany(ids: string[]): Promise<unknown> }; id(e: UsageEventNode): string | undefined }
> = {
  accessKey: { loader: (loaders) => loaders.accessKey, id: (e) => e.accessKeyId },
  providerKey: { loader: (loaders) => loaders.providerKey, id: (e) => e.providerKeyId },
  // UsageEvent.request, declared with its type in gateway-request.ts.
  request: { loader: (loaders) => loaders.gatewayRequest, id: (e) => e.requestId },
};

/**
 * Loads what the page's events link to, where the operation selects it, before any event
 * resolves, all links at once: the same batches (and upstream requests) the events' own loads
 * would make, but each event then reads its links synchronously (SharedPromiseLoader.read),
 * where it would otherwise take a Promise and an asynchronous step of the executor per event and
 * link. Failures stay with the events: `loadMany` settles every id, and an event whose link
 * failed throws that error as before.
 */
async function preloadLinks(context: GatewayContext, info: GraphQLResolveInfo, edges: readonly { node: UsageEventNode }[]) {
  const selected = itemFields(info);
  const loads = Object.entries(LINKS)
    .filter(([field]) => selected.has(field))
    .map(([, link]) => {
      const ids = new Set<string>();
      for (const edge of edges) {
        const id = link.id(edge.node);
        if (id) ids.add(id);
      }
      return link.loader(context.loaders).loadMany([...ids]);
    });
  await Promise.all(loads);
}

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
    resolve: (_root, args, context, info) => {
      const accessKeyId = args.accessKeyId == null ? undefined : decodeGlobalId(args.accessKeyId, ['AccessKey']).id;
      return usageEvents(context, info, args, accessKeyId);
    },
  }),
);

builder.objectField(AccessKeyRef, 'usageEvents', (t) =>
  t.field({
    type: UsageEventConnectionRef,
    extensions: connectionCost(AI_GATEWAY_MAX_PAGE_SIZE),
    description: "This key's usage events, newest first (GET /usage?accessKeyId=).",
    args: eventArgs(t.arg),
    resolve: (key, args, context, info) => usageEvents(context, info, args, key.id),
  }),
);
