import type { CreditGrant as Grant, UsageInvoice as Invoice, UsageInvoicePreview as InvoicePreview } from '../upstream/ai-gateway.ts';
import { builder, type Types } from './builder.ts';
import { checkCents, creditWriteError } from './credit-purchase.ts';
import { relayMutation } from './relay/mutation.ts';
import { upstreamCost } from './relay/upstream-cost.ts';

const CreditGrantRef = builder.objectRef<Grant>('CreditGrant').implement({
  fields: (t) => ({
    amountCents: t.field({ type: 'SafeInt', resolve: (g) => g.amountCents }),
    category: t.exposeString('category', { description: 'purchase or promotional.' }),
    expiresAt: t.field({ type: 'DateTime', nullable: true, resolve: (g) => g.expiresAt ?? null }),
    invoiceUrl: t.string({ nullable: true, resolve: (g) => g.invoiceUrl ?? null }),
    createdAt: t.field({ type: 'DateTime', resolve: (g) => g.createdAt }),
  }),
});

/** The fields an invoice and its preview share. */
function invoiceFields<T extends Invoice | InvoicePreview>(t: PothosSchemaTypes.ObjectFieldBuilder<Types, T>) {
  return {
    periodStart: t.field({ type: 'DateTime', resolve: (i) => i.periodStart }),
    periodEnd: t.field({ type: 'DateTime', resolve: (i) => i.periodEnd }),
    totalCents: t.field({ type: 'SafeInt', resolve: (i) => i.totalCents }),
    appliedCreditsCents: t.field({ type: 'SafeInt', resolve: (i) => i.appliedCreditsCents }),
    amountDueCents: t.field({ type: 'SafeInt', resolve: (i) => i.amountDueCents }),
    amountPaidCents: t.field({ type: 'SafeInt', nullable: true, resolve: (i) => i.amountPaidCents ?? null }),
    amountRemainingCents: t.field({ type: 'SafeInt', nullable: true, resolve: (i) => i.amountRemainingCents ?? null }),
  };
}

const UsageInvoiceRef = builder.objectRef<Invoice>('UsageInvoice').implement({
  fields: (t) => ({
    ...invoiceFields(t),
    invoiceUrl: t.string({ nullable: true, resolve: (i) => i.invoiceUrl ?? null }),
  }),
});

const UsageInvoicePreviewRef = builder.objectRef<InvoicePreview>('UsageInvoicePreview').implement({
  description: 'The invoice of the running period, not final yet.',
  fields: (t) => invoiceFields(t),
});

/** Upstream `type` → GraphQL type; a transaction of another type is left out of the list. */
const TRANSACTION_TYPES = { credits: 'CreditGrant', usageInvoice: 'UsageInvoice', usageInvoicePreview: 'UsageInvoicePreview' } as const;
type KnownTransaction = Grant | Invoice | InvoicePreview;

const CreditTransactionRef = builder.unionType('CreditTransaction', {
  types: [CreditGrantRef, UsageInvoiceRef, UsageInvoicePreviewRef],
  resolveType: (transaction: KnownTransaction) => TRANSACTION_TYPES[transaction.type],
});

const CreditsRef = builder.objectRef<object>('Credits').implement({
  description: "The account's AI Gateway credits. Each field is read from the upstream only when selected.",
  fields: (t) => ({
    balanceCents: t.field({
      type: 'SafeInt',
      extensions: upstreamCost('lookup'),
      resolve: (_credits, _args, context) => context.aiGateway.getCreditBalance(),
    }),
    transactions: t.field({
      type: [CreditTransactionRef],
      extensions: upstreamCost('lookup'),
      description: 'Newest first; the upstream keeps at most the newest 100 of each kind.',
      resolve: async (_credits, _args, context) => {
        const items = await context.aiGateway.listCreditTransactions();
        return items.filter((item): item is KnownTransaction => {
          if (Object.hasOwn(TRANSACTION_TYPES, item.type)) return true;
          // A kind the upstream added since this contract: skipped, not a failed list.
          context.log.warn({ type: item.type.slice(0, 64) }, 'skipped a credit transaction of an unknown type');
          return false;
        });
      },
    }),
  }),
});

// The fields do the reading, so `credits` itself costs nothing and reads nothing unselected.
builder.queryField('credits', (t) => t.field({ type: CreditsRef, resolve: () => ({}) }));

relayMutation('createCreditCheckoutSession', {
  description: 'Starts a hosted (Stripe) checkout to buy credits: send the user to sessionUrl. Nothing is charged until they pay there.',
  inputFields: (t) => ({
    amountCents: t.field({ type: 'SafeInt', required: true, description: 'At least 1.' }),
  }),
  resolve: async (input, context) => {
    checkCents('amountCents', input.amountCents, Number.MAX_SAFE_INTEGER);
    try {
      const session = await context.aiGateway.createCheckoutSession(input.amountCents);
      return { sessionId: session.sessionId, sessionUrl: session.sessionUrl ?? null };
    } catch (error) {
      throw creditWriteError(error, false);
    }
  },
  payloadFields: (t) => ({
    sessionId: t.string({ nullable: true, resolve: (payload) => payload.sessionId }),
    sessionUrl: t.string({
      nullable: true,
      description: 'The hosted checkout page to send the user to.',
      resolve: (payload) => payload.sessionUrl,
    }),
  }),
});
