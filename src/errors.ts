/**
 * The closed set of error codes clients can rely on (`extensions.code`).
 * Errors are plain objects here; the GraphQL layer turns them into GraphQL errors
 * (src/plugins/use-error-codes.ts), so the upstream layer stays free of GraphQL.
 */
export const ERROR_CODES = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'BAD_USER_INPUT',
  'CONFLICT',
  'RATE_LIMITED',
  'UPSTREAM_TIMEOUT',
  'UPSTREAM_UNAVAILABLE',
  'UPSTREAM_ERROR',
  'UPSTREAM_BAD_RESPONSE',
  // The operation needs more upstream requests than MAX_UPSTREAM_REQUESTS (estimated before, or counted while, it runs).
  'QUERY_TOO_COMPLEX',
  // Credit purchases: the upstream's 400/409 reasons that a client must tell apart (src/schema/credit-purchase.ts).
  'PAYMENT_METHOD_REQUIRED',
  'CREDIT_PURCHASES_UNAVAILABLE',
  'IDEMPOTENCY_KEY_REUSED',
  'PURCHASE_IN_PROGRESS',
  'INTERNAL_SERVER_ERROR',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export class GatewayError extends Error {
  override name = 'GatewayError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Extra, client-safe details merged into `extensions` (never tokens, URLs or secrets). */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** What a rejected promise or a catch clause holds, as an Error (anything thrown may be a non-Error). */
export function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

export function badUserInput(message: string, details: Record<string, unknown> = {}): GatewayError {
  return new GatewayError('BAD_USER_INPUT', message, details);
}
