import type { OpenRouterCredits } from '../upstream/openrouter.ts';
import { builder } from './builder.ts';
import { upstreamCost } from './relay/upstream-cost.ts';

/** A JSON number as the exact decimal it was written as (its shortest round-trip form), scaled to an integer. */
function scaled(value: number): { units: bigint; scale: number } {
  const [mantissa = '0', exponent = '0'] = String(value).toLowerCase().split('e');
  const [whole = '0', fraction = ''] = mantissa.split('.');
  const scale = fraction.length - Number(exponent);
  const units = BigInt(whole + fraction);
  return scale >= 0 ? { units, scale } : { units: units * 10n ** BigInt(-scale), scale: 0 };
}

/**
 * a − b computed on the decimals the upstream wrote, so 100.3 − 100.1 is 0.2 and not the
 * 0.20000000000000284 of floating point; only the final result becomes a double.
 */
export function exactDifference(a: number, b: number): number {
  const x = scaled(a);
  const y = scaled(b);
  const scale = Math.max(x.scale, y.scale);
  const diff = x.units * 10n ** BigInt(scale - x.scale) - y.units * 10n ** BigInt(scale - y.scale);
  const digits = (diff < 0n ? -diff : diff).toString().padStart(scale + 1, '0');
  const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return Number(diff < 0n ? `-${text}` : text);
}

const OpenRouterCreditsRef = builder.objectRef<OpenRouterCredits>('OpenRouterCredits').implement({
  description: "The OpenRouter account's credits in USD.",
  fields: (t) => ({
    totalCredits: t.exposeFloat('total_credits'),
    totalUsage: t.exposeFloat('total_usage'),
    balance: t.float({ description: 'totalCredits − totalUsage.', resolve: (c) => exactDifference(c.total_credits, c.total_usage) }),
  }),
});

builder.queryField('openRouterCredits', (t) =>
  t.field({
    type: OpenRouterCreditsRef,
    extensions: upstreamCost('lookup'),
    description: "The OpenRouter account's credits (GET /credits). Needs X-OpenRouter-Authorization with a management key.",
    resolve: (_root, _args, context) => context.openRouter.getCredits(),
  }),
);
