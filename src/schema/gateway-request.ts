import type { GatewayContext } from '../context.ts';
import { badUserInput } from '../errors.ts';
import type { GatewayRequestAttempt, GatewayRequestTrace } from '../upstream/ai-gateway.ts';
import { builder } from './builder.ts';
import { checkLength, checkNotBlank, LIMITS } from './relay/input-validation.ts';
import { upstreamCost } from './relay/upstream-cost.ts';
import { UsageEventNode, UsageEventRef } from './usage-event.ts';

/** GraphQL enum values for the upstream's snake_case ones, e.g. `next_key` → NEXT_KEY. */
function enumValues<const V extends string>(upstream: readonly V[]) {
  return Object.fromEntries(upstream.map((value) => [value.toUpperCase(), { value }])) as { [K in V as Uppercase<K>]: { value: K } };
}

const RETRY_ACTIONS = [
  'succeeded',
  'next_key',
  'next_quota_pool',
  'next_backend',
  'managed_fallback',
  'retry_same_backend',
  'fail_fast',
  'exhausted',
] as const;
const COMPLETIONS = ['succeeded', 'failed', 'timed_out', 'stream_failed', 'unknown'] as const;

const RetryActionRef = builder.enumType('RetryAction', {
  description: 'Why the gateway moved on after an attempt (upstream `retryAction`).',
  values: enumValues(RETRY_ACTIONS),
});

const AttemptCompletionRef = builder.enumType('AttemptCompletion', {
  description: 'How an attempt ended (upstream `completion`); STREAM_FAILED: the stream broke after the first token reached the client.',
  values: enumValues(COMPLETIONS),
});

/**
 * An upstream value this schema does not know (the upstream added one) is not an error: the
 * attempt is still served, with the value mapped to `fallback` and a warning in the log.
 */
function known<V extends string, F>(context: GatewayContext, field: string, value: unknown, values: readonly V[], fallback: F): V | F {
  if (value === undefined || value === null) return fallback;
  if ((values as readonly unknown[]).includes(value)) return value as V;
  context.log.warn({ field, upstreamValue: String(value).slice(0, 64) }, 'unknown upstream enum value');
  return fallback;
}

const GatewayRequestAttemptRef = builder.objectRef<GatewayRequestAttempt>('GatewayRequestAttempt').implement({
  fields: (t) => ({
    event: t.field({ type: UsageEventRef, resolve: (a) => new UsageEventNode(a.event) }),
    served: t.exposeBoolean('served', { description: 'At most one attempt of a request is served.' }),
    retryAction: t.field({
      type: RetryActionRef,
      nullable: true,
      description: 'Null when the upstream did not record it (older attempts) or sent a value this schema does not know.',
      resolve: (a, _args, context) => known(context, 'retryAction', a.retryAction, RETRY_ACTIONS, null),
    }),
    completion: t.field({
      type: AttemptCompletionRef,
      description: 'UNKNOWN also stands for a value this schema does not know yet.',
      resolve: (a, _args, context) => known(context, 'completion', a.completion, COMPLETIONS, 'unknown'),
    }),
    requestDurationMs: t.int({ nullable: true, resolve: (a) => a.requestDurationMs ?? null }),
    upstreamDurationMs: t.int({ nullable: true, resolve: (a) => a.upstreamDurationMs ?? null }),
    timeToFirstTokenMs: t.int({ nullable: true, resolve: (a) => a.timeToFirstTokenMs ?? null }),
  }),
});

const GatewayRequestRef = builder.objectRef<GatewayRequestTrace>('GatewayRequest').implement({
  description: 'One client request through the AI Gateway and every upstream attempt it made.',
  fields: (t) => ({
    requestId: t.exposeString('requestId'),
    attempts: t.field({ type: [GatewayRequestAttemptRef], resolve: (r) => r.attempts }),
  }),
});

builder.objectField(UsageEventRef, 'request', (t) =>
  t.field({
    type: GatewayRequestRef,
    nullable: true,
    // One GET per distinct request id: the upstream has no batch read, so it counts per event.
    extensions: upstreamCost('lookup'),
    description: "Every attempt of this event's request; loaded only when selected, once per request id.",
    resolve: (e, _args, context) => context.loaders.gatewayRequest.read(e.requestId),
  }),
);

builder.queryField('gatewayRequest', (t) =>
  t.field({
    type: GatewayRequestRef,
    nullable: true,
    extensions: upstreamCost('lookup'),
    description: 'Every attempt of one request, by its Ngrok-AIG-Request-Id; null when unknown.',
    args: { requestId: t.arg.string({ required: true }) },
    resolve: (_root, args, context) => {
      checkNotBlank('requestId', args.requestId);
      checkLength('requestId', args.requestId, LIMITS.shortString);
      if (args.requestId !== args.requestId.trim())
        throw badUserInput('"requestId" must not start or end with spaces.', { field: 'requestId' });
      return context.loaders.gatewayRequest.load(args.requestId);
    },
  }),
);
