// Limits of POST /credits/purchases (CreditPurchaseCreate.amount, the Idempotency-Key parameter).
// Hand-written beside the generated types so that the gateway's input validation and the
// simulator enforce the same numbers.

/** The largest purchase in cents; the smallest is 1. */
export const MAX_CREDIT_PURCHASE_CENTS = 50_000;

/** The longest Idempotency-Key the upstream accepts (after trimming surrounding whitespace). */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 255;
