// The demo account's credits: a saved card, grants of both categories, three closed monthly
// invoices and the running month's preview, dated relative to the seed time.
import type { CreditStore } from './credits.ts';

const DAY = 86_400_000;

function monthStart(ms: number, monthsBack: number): Date {
  const d = new Date(ms);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - monthsBack, 1));
}

export function seedDemoCredits(credits: CreditStore, nowMs: number): void {
  credits.card = { outcome: 'succeeded' };
  const iso = (ms: number) => new Date(ms).toISOString();
  const grant = (daysAgo: number, amountCents: number, category: 'purchase' | 'promotional', withInvoice: boolean) => {
    const at = nowMs - daysAgo * DAY;
    credits.grants.push({
      type: 'credits',
      amountCents,
      category,
      expiresAt: iso(at + (category === 'promotional' ? 90 : 365) * DAY),
      // Older grants and promotional ones have no invoice page upstream.
      invoiceUrl: withInvoice ? `https://invoice.stripe.com/i/sim/demo-${daysAgo}` : null,
      createdAt: iso(at),
    });
  };
  grant(118, 1_000, 'promotional', false);
  grant(101, 5_000, 'purchase', false);
  grant(63, 2_500, 'purchase', true);
  grant(19, 10_000, 'purchase', true);

  const closed: Array<[totalCents: number, appliedCents: number]> = [
    [4_120, 3_120],
    [3_875, 3_875],
    [5_210, 4_210],
  ];
  closed.forEach(([totalCents, appliedCreditsCents], i) => {
    const monthsBack = closed.length - i;
    const periodStart = monthStart(nowMs, monthsBack);
    const periodEnd = monthStart(nowMs, monthsBack - 1);
    const amountDueCents = totalCents - appliedCreditsCents;
    credits.invoices.push({
      type: 'usageInvoice',
      createdAt: periodEnd.toISOString(),
      periodStart: periodStart.toISOString(),
      periodEnd: periodEnd.toISOString(),
      invoiceUrl: `https://invoice.stripe.com/i/sim/demo-usage-${periodStart.toISOString().slice(0, 7)}`,
      totalCents,
      appliedCreditsCents,
      amountDueCents,
      // The oldest invoice predates amountPaid/amountRemaining (optional in the newer spec).
      ...(i > 0 && { amountPaidCents: amountDueCents, amountRemainingCents: 0 }),
    });
  });
  const periodStart = monthStart(nowMs, 0);
  credits.preview = {
    type: 'usageInvoicePreview',
    createdAt: iso(nowMs),
    periodStart: periodStart.toISOString(),
    periodEnd: monthStart(nowMs, -1).toISOString(),
    totalCents: 1_835,
    appliedCreditsCents: 1_835,
    amountDueCents: 0,
    amountPaidCents: 0,
    amountRemainingCents: 0,
  };
}
