import { GatewayError } from './errors.ts';

/**
 * Write-only secrets travel in input fields named `value` (provider keys, inline router
 * keys); the logger redacts the same name. Anything that may echo input (an upstream error
 * message, graphql-js's "got invalid value" errors) is passed through these helpers.
 */
const SECRET_KEYS = new Set(['value']);
const REDACTED = '[redacted]';

export function isSecretField(name: string): boolean {
  return SECRET_KEYS.has(name);
}

/** Every non-empty string held under a secret key, at any depth. */
export function collectSecrets(input: unknown, found: string[] = []): string[] {
  if (Array.isArray(input)) {
    for (const item of input) collectSecrets(item, found);
  } else if (typeof input === 'object' && input !== null) {
    for (const [key, value] of Object.entries(input)) {
      if (isSecretField(key) && typeof value === 'string' && value !== '') found.push(value);
      else collectSecrets(value, found);
    }
  }
  return found;
}

/** Replaces each secret, raw and as JSON escapes it (graphql-js quotes values that way), with [redacted]. */
export function redactText(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    out = out.split(secret).join(REDACTED);
    const escaped = JSON.stringify(secret).slice(1, -1);
    if (escaped !== secret) out = out.split(escaped).join(REDACTED);
  }
  return out;
}

/** A copy of a JSON-like value with every string redacted. */
export function redactDeep<T>(value: T, secrets: readonly string[]): T {
  if (typeof value === 'string') return redactText(value, secrets) as T;
  if (Array.isArray(value)) return value.map((item) => redactDeep(item, secrets)) as T;
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redactDeep(item, secrets)])) as T;
  }
  return value;
}

/**
 * Runs an upstream write that carries secrets. An upstream error that quotes one (in its
 * message or details) is rethrown redacted, before anything logs it or answers with it.
 */
export async function withSecretsRedacted<T>(secrets: readonly string[], run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (secrets.length === 0 || !(error instanceof GatewayError)) throw error;
    throw new GatewayError(error.code, redactText(error.message, secrets), redactDeep(error.details, secrets));
  }
}
