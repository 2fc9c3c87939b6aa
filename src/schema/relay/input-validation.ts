import { badUserInput } from '../../errors.ts';

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
    if (Object.hasOwn(input, key) && input[key] !== undefined) out[key] = input[key];
  }
  return out;
}

/** Refuses an empty or blank string where the upstream needs a value. The message never quotes the value. */
export function checkNotBlank(field: string, value: string | null | undefined): void {
  if (typeof value === 'string' && value.trim() === '') {
    throw badUserInput(`"${field}" must not be empty.`, { field });
  }
}

/** A write-only provider secret: present, not blank, bounded. Errors name the field, never the value. */
export function checkSecret(field: string, value: string): void {
  checkNotBlank(field, value);
  checkLength(field, value, LIMITS.secret);
}

type Labels = { name?: string | null; description?: string | null; metadata?: string | null };

/**
 * The descriptive fields every AI Gateway resource has, length-checked; omitted fields
 * stay omitted and explicit nulls stay null (PATCH semantics).
 */
export function labelFields<T extends Labels>(input: T): Partial<Pick<T, keyof Labels>> {
  checkLength('name', input.name, LIMITS.name);
  checkLength('description', input.description, LIMITS.description);
  checkLength('metadata', input.metadata, LIMITS.metadata);
  return presentFields(input, ['name', 'description', 'metadata']);
}

/**
 * Create bodies take no nulls: on create, a null input field means "not given", exactly
 * like leaving it out (only top-level fields; nested values travel as the client gave them).
 */
export function withoutNulls<T extends object>(body: T): { [K in keyof T]?: Exclude<T[K], null> } {
  return Object.fromEntries(Object.entries(body).filter(([, value]) => value !== null)) as { [K in keyof T]?: Exclude<T[K], null> };
}
