// Credits of one AI Gateway account: grants, usage invoices, the running period's preview, and
// card purchases with Idempotency-Key replay. The balance is derived (grants minus credits
// applied to invoices), so a purchase that succeeds raises it by exactly its amount.
import type { components } from '../../contract/ai-gateway.ts';
import { SimError } from '../http.ts';
import { randomString } from '../ids.ts';

type S = components['schemas'];
export type CreditGrant = S['CreditTransactionCredits'];
export type UsageInvoice = S['CreditTransactionUsageInvoice'];
export type UsageInvoicePreview = S['CreditTransactionUsageInvoicePreview'];
export type CreditPurchase = S['CreditPurchase'];

/** What charging the saved card does; `hold` leaves purchases pending (to reach purchase_in_progress). */
export type CardOutcome = 'succeeded' | 'declined' | 'actionRequired' | 'hold';

const NEWEST_PER_KIND = 100;
const CREDIT_LIFETIME_MS = 365 * 86_400_000;

interface PurchaseRecord {
  purchase: CreditPurchase;
  /** The request counter value when it was made; it settles on a later request. */
  madeInRequest: number;
  outcome: CardOutcome;
}

const byCreatedDesc = (a: { createdAt: string }, b: { createdAt: string }) => Date.parse(b.createdAt) - Date.parse(a.createdAt);

export class CreditStore {
  /** Upstream answers 400 metronome_not_provisioned when false. */
  provisioned = true;
  /** The default payment method; null answers 400 no_default_payment_method. */
  card: { outcome: CardOutcome } | null = null;
  readonly grants: CreditGrant[] = [];
  readonly invoices: UsageInvoice[] = [];
  preview: UsageInvoicePreview | null = null;
  private readonly purchases = new Map<string, PurchaseRecord>();
  private readonly purchaseByKey = new Map<string, string>();
  private requestCount = 0;

  get balanceCents(): number {
    const granted = this.grants.reduce((sum, g) => sum + g.amountCents, 0);
    const applied = [...this.invoices, ...(this.preview ? [this.preview] : [])].reduce((sum, i) => sum + i.appliedCreditsCents, 0);
    return granted - applied;
  }

  /**
   * Called at the start of every credits request. A purchase answers `pending` on the request
   * that made it and reaches its outcome on any later one, as if the webhook had arrived.
   */
  beginRequest(nowMs: number = Date.now()): void {
    this.requestCount += 1;
    for (const rec of this.purchases.values()) {
      if (rec.purchase.status !== 'pending' || rec.madeInRequest >= this.requestCount || rec.outcome === 'hold') continue;
      this.settle(rec, nowMs);
    }
  }

  /** Newest first; each kind cut to its newest 100, like upstream. */
  transactions(): S['CreditTransactionItem'][] {
    const newest = <T extends { createdAt: string }>(rows: T[]) => [...rows].sort(byCreatedDesc).slice(0, NEWEST_PER_KIND);
    const rows: S['CreditTransactionItem'][] = [...newest(this.grants), ...newest(this.invoices), ...(this.preview ? [this.preview] : [])];
    return structuredClone(rows.sort(byCreatedDesc));
  }

  getPurchase(id: string): CreditPurchase {
    const rec = this.purchases.get(id);
    if (!rec) throw new SimError(404, `credit purchase ${id} not found`);
    return { ...rec.purchase };
  }

  checkoutSession(): S['CheckoutSession'] {
    this.requireProvisioned();
    const sessionId = `cs_test_${randomString(24)}`;
    return { sessionId, sessionUrl: `https://checkout.stripe.com/c/pay/${sessionId}` };
  }

  /**
   * Charges the saved card. `idempotencyKey` (trimmed, non-empty) replays: the same key returns
   * the original attempt in whatever state it is in, a different amount is a 409.
   */
  purchase(amountCents: number, idempotencyKey: string | undefined, nowMs: number = Date.now()): CreditPurchase {
    const replayId = idempotencyKey === undefined ? undefined : this.purchaseByKey.get(idempotencyKey);
    if (replayId !== undefined) {
      const original = this.purchases.get(replayId)!.purchase;
      if (original.amountCents !== amountCents) {
        throw new SimError(409, 'this Idempotency-Key was used for a purchase of a different amount', {
          reason: 'idempotency_key_reuse',
          purchase_id: original.id,
        });
      }
      return { ...original };
    }
    this.requireProvisioned();
    if (!this.card) {
      throw new SimError(400, 'the account has no default payment method', { reason: 'no_default_payment_method' });
    }
    const running = [...this.purchases.values()].find((r) => r.purchase.status === 'pending');
    if (running) {
      throw new SimError(409, 'another credit purchase is still pending', {
        reason: 'purchase_in_progress',
        purchase_id: running.purchase.id,
      });
    }
    const purchase: CreditPurchase = {
      id: `cpur_${randomString(20)}`,
      status: 'pending',
      amountCents,
      currency: 'usd',
      createdAt: new Date(nowMs).toISOString(),
      expiresAt: new Date(nowMs + CREDIT_LIFETIME_MS).toISOString(),
      failureCode: null,
      failureMessage: null,
    };
    this.purchases.set(purchase.id, { purchase, madeInRequest: this.requestCount, outcome: this.card.outcome });
    if (idempotencyKey !== undefined) this.purchaseByKey.set(idempotencyKey, purchase.id);
    return { ...purchase };
  }

  private requireProvisioned(): void {
    if (!this.provisioned) {
      throw new SimError(400, 'the account is not provisioned for credit purchases', { reason: 'metronome_not_provisioned' });
    }
  }

  private settle(rec: PurchaseRecord, nowMs: number): void {
    const p = rec.purchase;
    if (rec.outcome === 'succeeded') {
      p.status = 'succeeded';
      this.grants.push({
        type: 'credits',
        amountCents: p.amountCents,
        category: 'purchase',
        expiresAt: p.expiresAt,
        invoiceUrl: `https://invoice.stripe.com/i/sim/${p.id}`,
        createdAt: new Date(nowMs).toISOString(),
      });
    } else if (rec.outcome === 'declined') {
      p.status = 'failed';
      p.failureCode = 'card_declined';
      p.failureMessage = 'Your card was declined.';
    } else if (rec.outcome === 'actionRequired') {
      p.status = 'actionRequired';
    }
  }
}
