/**
 * A bearer token (AI Gateway) or management key (OpenRouter) that starts with this opens a new,
 * empty account the first time it is used, and the same account after that (until a reset):
 * the documented way for tests and people to get isolated accounts. `demo` is the seeded
 * account; any other unknown token is refused with 401, as the real APIs refuse it.
 */
export const FRESH_ACCOUNT_PREFIX = 'fresh-';
