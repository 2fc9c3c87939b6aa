// Small request-body validators shared by both simulators; failures are 400 SimErrors.
import { SimError } from './http.ts';
import { isPlainObject } from './json.ts';

export function bodyObject(body: unknown): Record<string, unknown> {
  // An empty body counts as {} so that "every field optional" creates work without one.
  if (body === undefined) return {};
  if (!isPlainObject(body)) throw new SimError(400, 'request body must be a JSON object');
  return body;
}

export function onlyFields(obj: Record<string, unknown>, allowed: readonly string[], where = ''): void {
  for (const k of Object.keys(obj)) {
    if (!allowed.includes(k)) throw new SimError(400, `unknown field "${where}${k}"`, { field: `${where}${k}` });
  }
}

export interface StringRule {
  required?: boolean;
  nullable?: boolean;
  minLength?: number;
  maxLength?: number;
  /** Prefix for the field name in messages, e.g. 'router.rules[0].'. */
  where?: string;
}

export function stringField(obj: Record<string, unknown>, key: string, rule: StringRule = {}): string | null | undefined {
  const name = `${rule.where ?? ''}${key}`;
  const v = obj[key];
  if (v === undefined) {
    if (rule.required) throw new SimError(400, `field "${name}" is required`, { field: name });
    return undefined;
  }
  if (v === null) {
    if (rule.nullable) return null;
    throw new SimError(400, `field "${name}" may not be null`, { field: name });
  }
  if (typeof v !== 'string') throw new SimError(400, `field "${name}" must be a string`, { field: name });
  if (rule.minLength !== undefined && v.length < rule.minLength) {
    throw new SimError(400, `field "${name}" must be at least ${rule.minLength} characters`, { field: name });
  }
  if (rule.maxLength !== undefined && v.length > rule.maxLength) {
    throw new SimError(400, `field "${name}" must be at most ${rule.maxLength} characters`, { field: name });
  }
  return v;
}

/** Like stringField but for fields that may not be null. */
export function plainString(obj: Record<string, unknown>, key: string, rule: Omit<StringRule, 'nullable'> = {}): string | undefined {
  return stringField(obj, key, { ...rule, nullable: false }) ?? undefined;
}
