import { badUserInput } from '../errors.ts';

/** Limits from the upstream contract, applied before any upstream request. */
export const LIMITS = {
  name: 255,
  description: 255,
  metadata: 4096,
  /** Provider secrets; the contract sets no bound, so this only stops absurd payloads. */
  secret: 8192,
  shortString: 255,
  listEntries: 1000,
} as const;

/** Refuses a string longer than `max` characters (null and undefined pass: they mean clear/keep). */
export function checkLength(field: string, value: string | null | undefined, max: number): void {
  if (typeof value === 'string' && value.length > max) {
    throw badUserInput(`"${field}" must be at most ${max} characters.`, { field });
  }
}

export function checkListSize(field: string, value: readonly unknown[] | null | undefined, max: number): void {
  if (Array.isArray(value) && value.length > max) {
    throw badUserInput(`"${field}" may hold at most ${max} entries.`, { field });
  }
}

/**
 * Copies the keys that are present in `input` (including explicit nulls) and leaves
 * out the omitted ones: the heart of PATCH semantics.
 */
export function presentFields<T extends object, K extends keyof T>(input: T, keys: readonly K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const key of keys) {
    if (Object.prototype.hasOwnProperty.call(input, key) && input[key] !== undefined) out[key] = input[key];
  }
  return out;
}
