import { activityKey } from '../data-loaders.ts';
import { badUserInput } from '../errors.ts';
import type { OpenRouterActivityRow } from '../upstream/openrouter.ts';
import { builder } from './builder.ts';
import { OpenRouterKeyRef } from './openrouter-key.ts';
import { upstreamCost } from './relay/upstream-cost.ts';
import { parseIsoDateTime } from './scalars.ts';

const OpenRouterActivityRef = builder.objectRef<OpenRouterActivityRow>('OpenRouterActivity').implement({
  description: 'One day × model × endpoint row of OpenRouter activity (the last 30 completed UTC days).',
  fields: (t) => ({
    date: t.exposeString('date', { description: 'YYYY-MM-DD.' }),
    model: t.exposeString('model'),
    modelPermaslug: t.exposeString('model_permaslug'),
    endpointId: t.exposeString('endpoint_id'),
    providerName: t.exposeString('provider_name'),
    usage: t.exposeFloat('usage', { description: 'USD.' }),
    byokUsageInference: t.exposeFloat('byok_usage_inference'),
    requests: t.exposeInt('requests'),
    promptTokens: t.field({ type: 'SafeInt', resolve: (row) => row.prompt_tokens }),
    completionTokens: t.field({ type: 'SafeInt', resolve: (row) => row.completion_tokens }),
    reasoningTokens: t.field({ type: 'SafeInt', resolve: (row) => row.reasoning_tokens }),
  }),
});

/** `date` as the upstream wants it: YYYY-MM-DD naming a real day; checked before any request. */
function checkDay(date: string | null | undefined): string | undefined {
  if (date == null) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || parseIsoDateTime(`${date}T00:00:00Z`, { zoneRequired: true }) === undefined) {
    throw badUserInput('"date" must be a day written YYYY-MM-DD, e.g. 2026-11-07.', { argumentName: 'date' });
  }
  return date;
}

const DATE_DESCRIPTION = 'One UTC day, YYYY-MM-DD, within the last 30 completed days; default: all of them.';

builder.queryField('openRouterActivity', (t) =>
  t.field({
    type: [OpenRouterActivityRef],
    extensions: upstreamCost('lookup'),
    description: "The OpenRouter account's activity; `date` (YYYY-MM-DD) keeps one day.",
    args: { date: t.arg.string({ description: DATE_DESCRIPTION }) },
    resolve: (_root, args, context) => context.openRouter.listActivity({ date: checkDay(args.date) }),
  }),
);

builder.objectField(OpenRouterKeyRef, 'activity', (t) =>
  t.field({
    type: [OpenRouterActivityRef],
    // One GET /activity per key: the upstream filters by one key at a time, so it cannot batch.
    extensions: upstreamCost('lookup'),
    description: "This key's activity (GET /activity?api_key_hash=); `date` (YYYY-MM-DD) keeps one day.",
    args: { date: t.arg.string({ description: DATE_DESCRIPTION }) },
    resolve: (key, args, context) => context.loaders.openRouterActivity.load(activityKey(key.hash, checkDay(args.date))),
  }),
);
