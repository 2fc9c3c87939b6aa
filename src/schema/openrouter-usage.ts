import type { OpenRouterApiKey } from '../upstream/openrouter.ts';
import { builder } from './builder.ts';

interface Usage {
  total: number;
  daily: number;
  weekly: number;
  monthly: number;
}

export const OpenRouterUsageRef = builder.objectRef<Usage>('OpenRouterUsage').implement({
  description: 'Money spent through a key, in USD, per period (UTC days; weeks run Monday to Sunday).',
  fields: (t) => ({
    total: t.exposeFloat('total'),
    daily: t.exposeFloat('daily'),
    weekly: t.exposeFloat('weekly'),
    monthly: t.exposeFloat('monthly'),
  }),
});

/** Groups the four flat upstream figures that share `prefix` (`usage` or `byok_usage`). */
export function usageOf(key: OpenRouterApiKey, prefix: 'usage' | 'byok_usage'): Usage {
  return {
    total: key[prefix],
    daily: key[`${prefix}_daily`],
    weekly: key[`${prefix}_weekly`],
    monthly: key[`${prefix}_monthly`],
  };
}
