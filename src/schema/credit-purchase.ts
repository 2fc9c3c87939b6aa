import { MAX_CREDIT_PURCHASE_CENTS, MAX_IDEMPOTENCY_KEY_LENGTH } from '../contract/credit-purchases.ts';
import { badUserInput, GatewayError, type ErrorCode } from '../errors.ts';
import type { CreditPurchase } from '../upstream/ai-gateway.ts';
import { builder } from './builder.ts';
import { encodeGlobalId } from './relay/global-id.ts';
import { relayMutation, returnsObject } from './relay/mutation.ts';
import { nodeLookupField, registerNodeType } from './relay/node.ts';

const STATUSES = ['pending', 'actionRequired', 'succeeded', 'failed'] as const;

const CreditPurchaseStatusRef = builder.enumType('CreditPurchaseStatus', {
  values: {
    PENDING: { value: 'pending', description: 'The outcome is not recorded yet; poll creditPurchase(id).' },
    ACTION_REQUIRED: { value: 'actionRequired', description: 'The card issuer asks for the cardholder (e.g. 3-D Secure).' },
    SUCCEEDED: { value: 'succeeded', description: 'Charged; the credits are granted.' },
    FAILED: { value: 'failed', description: 'Not charged; see failureCode.' },
  } as const,
});

export const CreditPurchaseRef = builder.objectRef<CreditPurchase>('CreditPurchase');

builder.node(CreditPurchaseRef, {
  description: "A charge of the account's saved card for credits.",
  id: { resolve: (purchase) => purchase.id },
  fields: (t) => ({
    resourceId: t.exposeString('id'),
    status: t.field({
      type: CreditPurchaseStatusRef,
      description: 'A status this schema does not know is UPSTREAM_BAD_RESPONSE on this field (never a guessed state).',
      resolve: (purchase) => {
        if ((STATUSES as readonly string[]).includes(purchase.status)) return purchase.status;
        throw new GatewayError('UPSTREAM_BAD_RESPONSE', 'AI Gateway reported a credit purchase status this gateway does not know.');
      },
    }),
    amountCents: t.field({ type: 'SafeInt', resolve: (purchase) => purchase.amountCents }),
    currency: t.exposeString('currency', { description: 'ISO 4217, lowercase.' }),
    createdAt: t.field({ type: 'DateTime', resolve: (purchase) => purchase.createdAt }),
    expiresAt: t.field({ type: 'DateTime', description: 'When the bought credits expire.', resolve: (purchase) => purchase.expiresAt }),
    failureCode: t.string({ nullable: true, resolve: (purchase) => purchase.failureCode ?? null }),
    failureMessage: t.string({ nullable: true, resolve: (purchase) => purchase.failureMessage ?? null }),
  }),
});

registerNodeType('CreditPurchase', (context, id) => context.loaders.creditPurchase.load(id));

builder.queryField('creditPurchase', (t) =>
  nodeLookupField(
    t,
    CreditPurchaseRef,
    'CreditPurchase',
    'A credit purchase by global ID (poll it until it is no longer PENDING); null when it does not exist.',
  ),
);

/** The upstream's 400/409 `details.reason` values a client has to tell apart, and what they become. */
const REASONS: Record<string, { code: ErrorCode; message: string }> = {
  no_default_payment_method: {
    code: 'PAYMENT_METHOD_REQUIRED',
    message: 'The account has no saved card to charge; nothing was charged. Add one in the dashboard, or use createCreditCheckoutSession.',
  },
  metronome_not_provisioned: {
    code: 'CREDIT_PURCHASES_UNAVAILABLE',
    message: 'This account is not set up for credit purchases; nothing was charged.',
  },
  idempotency_key_reuse: {
    code: 'IDEMPOTENCY_KEY_REUSED',
    message: 'This idempotencyKey was used for a purchase of another amount; nothing was charged. Use a new key for a new purchase.',
  },
  purchase_in_progress: {
    code: 'PURCHASE_IN_PROGRESS',
    message: 'Another credit purchase is still being processed; nothing was charged. Poll it (purchaseId) before buying again.',
  },
};

/** Failures after which the upstream may or may not have acted on the request. */
const OUTCOME_UNKNOWN: readonly ErrorCode[] = ['UPSTREAM_UNAVAILABLE', 'UPSTREAM_TIMEOUT', 'UPSTREAM_ERROR', 'UPSTREAM_BAD_RESPONSE'];

/**
 * Turns an upstream failure of a credits write into a stable error: a known `details.reason`
 * gets its own code (with `reason`, and `purchaseId` as a CreditPurchase global ID when the
 * upstream names one); the upstream's answer stays under `extensions.upstream`.
 */
export function creditWriteError(error: unknown, repeatable: boolean): unknown {
  if (!(error instanceof GatewayError)) return error;
  const upstream = error.details.upstream as { details?: Record<string, unknown> } | undefined;
  const reason = upstream?.details?.reason;
  const known = typeof reason === 'string' ? REASONS[reason] : undefined;
  if (known) {
    const purchaseId = upstream?.details?.purchase_id;
    return new GatewayError(known.code, known.message, {
      ...error.details,
      reason,
      ...(typeof purchaseId === 'string' && { purchaseId: encodeGlobalId('CreditPurchase', purchaseId) }),
    });
  }
  if (repeatable && OUTCOME_UNKNOWN.includes(error.code)) {
    // Never retried here: only the client can decide to repeat, and the same key makes that safe.
    return new GatewayError(
      error.code,
      `${error.message} The purchase may or may not have been made: repeat purchaseCredits with the same idempotencyKey to learn its outcome without a second charge.`,
      { ...error.details, outcome: 'unknown' },
    );
  }
  return error;
}

/** A whole number of cents in 1..max; checked before any upstream request. */
export function checkCents(field: string, value: number, max: number): void {
  if (!Number.isSafeInteger(value) || value < 1 || value > max) {
    throw badUserInput(`"${field}" must be a whole number of cents from 1 to ${max}.`, { field });
  }
}

/** The key as the upstream will read it (trimmed), refused when blank or too long: a blank key would turn replay protection off. */
function idempotencyKey(raw: string): string {
  const key = raw.trim();
  if (key === '')
    throw badUserInput('"idempotencyKey" must not be blank: it is what protects a repeated purchase from charging twice.', {
      field: 'idempotencyKey',
    });
  if (key.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
    throw badUserInput(`"idempotencyKey" must be at most ${MAX_IDEMPOTENCY_KEY_LENGTH} characters.`, { field: 'idempotencyKey' });
  }
  return key;
}

relayMutation('purchaseCredits', {
  description:
    "Charges the account's saved card for credits (one POST, never retried by the gateway). Repeating it with the same idempotencyKey returns the original purchase and never charges twice. The purchase usually starts PENDING: poll creditPurchase(id).",
  inputFields: (t) => ({
    amountCents: t.field({ type: 'SafeInt', required: true, description: `1 to ${MAX_CREDIT_PURCHASE_CENTS}.` }),
    idempotencyKey: t.string({
      required: true,
      description: 'Sent upstream as Idempotency-Key: repeating a purchase with the same key never charges twice.',
    }),
  }),
  resolve: async (input, context) => {
    checkCents('amountCents', input.amountCents, MAX_CREDIT_PURCHASE_CENTS);
    const key = idempotencyKey(input.idempotencyKey);
    try {
      const purchase = await context.aiGateway.purchaseCredits(input.amountCents, key);
      context.loaders.creditPurchase.replace(purchase.id, purchase);
      return { purchase };
    } catch (error) {
      throw creditWriteError(error, true);
    }
  },
  payloadFields: returnsObject('purchase', CreditPurchaseRef),
});
