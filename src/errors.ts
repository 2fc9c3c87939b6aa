/**
 * The error codes of failures while an operation runs (`extensions.code`): what a GatewayError
 * carries. Errors are plain objects here; the GraphQL layer turns them into GraphQL errors
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

/**
 * The codes of refusals before any resolver runs: the HTTP request itself
 * (src/plugins/use-http-refusals.ts), the document (set by yoga), the operation limits
 * (src/plugins/use-query-limits.ts) and persisted operations.
 */
export const REQUEST_ERROR_CODES = [
  'BAD_REQUEST',
  'CSRF_REJECTED',
  'METHOD_NOT_ALLOWED',
  'NOT_ACCEPTABLE',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'NOT_FOUND',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'QUERY_TOO_COMPLEX',
  'PERSISTED_QUERY_ONLY',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_ID_REQUIRED',
] as const;

export type RequestErrorCode = (typeof REQUEST_ERROR_CODES)[number];

/**
 * The closed set: every `extensions.code` a response can carry. The README's error table lists
 * exactly these (test/docs.test.ts, which also scans src/ for codes).
 */
export const ALL_ERROR_CODES: ReadonlySet<string> = new Set<string>([...ERROR_CODES, ...REQUEST_ERROR_CODES]);

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
