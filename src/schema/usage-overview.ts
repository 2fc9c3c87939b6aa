import type { UsageBucket, UsageOverview } from '../upstream/ai-gateway.ts';
import { AccessKeyRef } from './access-key.ts';
import { builder } from './builder.ts';
import { batchedCost, upstreamCost } from './relay/upstream-cost.ts';
import { usageWindow } from './usage-window.ts';

type GroupBy = 'provider' | 'accessKey';

const UsageGroupByRef = builder.enumType('UsageGroupBy', {
  values: { PROVIDER: { value: 'provider' }, ACCESS_KEY: { value: 'accessKey' } } as const,
});

const UsageTotalsRef = builder.objectRef<UsageOverview['totals']>('UsageTotals').implement({
  fields: (t) => ({
    cost: t.field({ type: 'Decimal', resolve: (s) => s.cost }),
    requests: t.field({ type: 'SafeInt', description: 'Final attempts only.', resolve: (s) => s.requests }),
    errors: t.field({ type: 'SafeInt', description: 'Errored final attempts.', resolve: (s) => s.errors }),
  }),
});

/** A bucket knows how it was grouped: its groupKey names an access key only under ACCESS_KEY. */
type Bucket = UsageBucket & { groupBy: GroupBy };

const UsageBucketRef = builder.objectRef<Bucket>('UsageBucket').implement({
  description: 'One UTC day of one group.',
  fields: (t) => ({
    bucketStart: t.field({ type: 'DateTime', resolve: (b) => b.bucketStart }),
    groupKey: t.exposeString('groupKey', { description: "A provider slug or an access key's REST id, per groupBy." }),
    accessKey: t.field({
      type: AccessKeyRef,
      nullable: true,
      extensions: batchedCost(),
      description: 'The access key, when grouped by ACCESS_KEY; loaded in batches.',
      resolve: (b, _args, context) => (b.groupBy === 'accessKey' ? context.loaders.accessKey.read(b.groupKey) : null),
    }),
    cost: t.field({ type: 'Decimal', resolve: (b) => b.cost }),
    requests: t.field({ type: 'SafeInt', resolve: (b) => b.requests }),
    errors: t.field({ type: 'SafeInt', resolve: (b) => b.errors }),
  }),
});

const UsageOverviewRef = builder.objectRef<{ overview: UsageOverview; groupBy: GroupBy }>('UsageOverview').implement({
  fields: (t) => ({
    totals: t.field({ type: UsageTotalsRef, resolve: ({ overview }) => overview.totals }),
    buckets: t.field({
      type: [UsageBucketRef],
      description: 'Ordered by day, then group key.',
      resolve: ({ overview, groupBy }) => overview.buckets.map((bucket) => ({ ...bucket, groupBy })),
    }),
  }),
});

builder.queryField('usageOverview', (t) =>
  t.field({
    type: UsageOverviewRef,
    extensions: upstreamCost('lookup'),
    description: 'Daily (UTC) cost, request and error series with totals.',
    args: {
      startTime: t.arg({ type: 'DateTime', required: true }),
      endTime: t.arg({ type: 'DateTime', description: 'Default: now.' }),
      groupBy: t.arg({ type: UsageGroupByRef, description: 'Default: PROVIDER.' }),
    },
    resolve: async (_root, args, context) => {
      const window = usageWindow(args);
      const groupBy = args.groupBy ?? 'provider';
      const overview = await context.aiGateway.getUsageOverview({ ...window, groupBy });
      return { overview, groupBy };
    },
  }),
);
