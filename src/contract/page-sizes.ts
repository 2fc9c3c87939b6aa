// Page sizes the contracts fix. Hand-written beside the generated types so that the gateway
// (schema, cost estimate, loaders) and the simulator read the same numbers.

/** The largest `limit` of the AI Gateway's list endpoints (components.parameters.Limit). */
export const AI_GATEWAY_MAX_PAGE_SIZE = 100;

/** OpenRouter's `GET /keys` answers pages of this many keys at `offset` (NOTES.md). */
export const OPENROUTER_PAGE_SIZE = 100;
