// Request-body validation for the AI Gateway write schemas (all additionalProperties: false).
import { SimError } from '../http.ts';
import { isPlainObject } from '../json.ts';
import { bodyObject, onlyFields, plainString, stringField } from '../field-checks.ts';
import type {
  AccessKeyCreate,
  AccessKeyUpdate,
  AccessScope,
  ConfigurationCreate,
  ConfigurationUpdate,
  ProviderKeyCreate,
  ProviderKeyUpdate,
  RouterWrite,
} from './store.ts';

const NAME = 255;
const DESCRIPTION = 255;
const METADATA = 4096;

function bad(field: string, message: string): SimError {
  return new SimError(400, message, { field });
}

export function providerKeyCreate(body: unknown): ProviderKeyCreate {
  const o = bodyObject(body);
  onlyFields(o, ['providerId', 'name', 'value', 'description', 'metadata']);
  const out: ProviderKeyCreate = {
    providerId: plainString(o, 'providerId', { required: true, minLength: 1 })!,
    name: plainString(o, 'name', { required: true, maxLength: NAME })!,
    value: plainString(o, 'value', { required: true, minLength: 1 })!,
  };
  const description = plainString(o, 'description', { maxLength: DESCRIPTION });
  const metadata = plainString(o, 'metadata', { maxLength: METADATA });
  if (description !== undefined) out.description = description;
  if (metadata !== undefined) out.metadata = metadata;
  return out;
}

export function providerKeyUpdate(body: unknown): ProviderKeyUpdate {
  const o = bodyObject(body);
  onlyFields(o, ['name', 'description', 'metadata']);
  // name is required on the resource, so it cannot be cleared.
  if (o.name === null) throw bad('name', 'field "name" cannot be cleared');
  return {
    name: plainString(o, 'name', { maxLength: NAME }),
    description: stringField(o, 'description', { nullable: true, maxLength: DESCRIPTION }),
    metadata: stringField(o, 'metadata', { nullable: true, maxLength: METADATA }),
  };
}

export function providerKeyRotate(body: unknown): { name: string; value: string } {
  const o = bodyObject(body);
  onlyFields(o, ['name', 'value']);
  return {
    name: plainString(o, 'name', { required: true, maxLength: NAME })!,
    value: plainString(o, 'value', { required: true, minLength: 1 })!,
  };
}

function stringArray(v: unknown, field: string): string[] {
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw bad(field, `field "${field}" must be an array of strings`);
  return [...(v as string[])];
}

export function accessScope(v: unknown, field = 'access'): AccessScope {
  if (!isPlainObject(v)) throw bad(field, `field "${field}" must be an object`);
  onlyFields(v, ['providers', 'models'], `${field}.`);
  const out: AccessScope = {};
  for (const dim of ['providers', 'models'] as const) {
    const d = v[dim];
    if (d === undefined) continue;
    const where = `${field}.${dim}`;
    if (!isPlainObject(d)) throw bad(where, `field "${where}" must be an object`);
    onlyFields(d, ['allow'], `${where}.`);
    out[dim] = d.allow === undefined ? {} : { allow: stringArray(d.allow, `${where}.allow`) };
  }
  return out;
}

export function routerWrite(v: unknown, field = 'router'): RouterWrite {
  if (!isPlainObject(v)) throw bad(field, `field "${field}" must be an object`);
  onlyFields(v, ['rules'], `${field}.`);
  if (v.rules === undefined) return {};
  if (!Array.isArray(v.rules)) throw bad(`${field}.rules`, `field "${field}.rules" must be an array`);
  return {
    rules: v.rules.map((rule: unknown, r) => {
      const where = `${field}.rules[${r}]`;
      if (!isPlainObject(rule)) throw bad(where, `"${where}" must be an object`);
      onlyFields(rule, ['provider', 'model', 'steps'], `${where}.`);
      const provider = plainString(rule, 'provider', { where: `${where}.`, minLength: 1 });
      const model = plainString(rule, 'model', { where: `${where}.`, minLength: 1 });
      if (!Array.isArray(rule.steps) || rule.steps.length === 0) {
        throw bad(`${where}.steps`, `field "${where}.steps" must be an array with at least one step`);
      }
      const steps = rule.steps.map((step: unknown, s) => routerStep(step, `${where}.steps[${s}]`));
      return { ...(provider !== undefined && { provider }), ...(model !== undefined && { model }), steps };
    }),
  };
}

type StepWrite = NonNullable<RouterWrite['rules']>[number]['steps'][number];

function routerStep(step: unknown, where: string): StepWrite {
  if (!isPlainObject(step)) throw bad(where, `"${where}" must be an object`);
  onlyFields(step, ['type', 'keys', 'keySelectionStrategy'], `${where}.`);
  if (step.type !== 'user' && step.type !== 'ngrok') throw bad(`${where}.type`, `field "${where}.type" must be "user" or "ngrok"`);
  const out: StepWrite = { type: step.type };
  if (step.keySelectionStrategy !== undefined) {
    if (step.keySelectionStrategy !== 'ordered') {
      throw bad(`${where}.keySelectionStrategy`, `field "${where}.keySelectionStrategy" must be "ordered"`);
    }
    out.keySelectionStrategy = 'ordered';
  }
  if (step.keys !== undefined) {
    if (!Array.isArray(step.keys)) throw bad(`${where}.keys`, `field "${where}.keys" must be an array`);
    out.keys = step.keys.map((key: unknown, k) => stepKey(key, `${where}.keys[${k}]`));
  }
  // Guesses where upstream is silent: BYOK steps need keys, ngrok-paid steps take none.
  if (out.type === 'user' && (out.keys?.length ?? 0) === 0) {
    throw bad(`${where}.keys`, `a "user" step needs at least one key`);
  }
  if (out.type === 'ngrok' && (out.keys?.length ?? 0) > 0) {
    throw bad(`${where}.keys`, `an "ngrok" step does not take keys`);
  }
  return out;
}

function stepKey(key: unknown, where: string): { id: string } | { name: string; value: string } {
  if (!isPlainObject(key)) throw bad(where, `"${where}" must be an object`);
  onlyFields(key, ['id', 'name', 'value'], `${where}.`);
  const hasId = key.id !== undefined;
  const hasInline = key.name !== undefined || key.value !== undefined;
  if (hasId && !hasInline) return { id: plainString(key, 'id', { where: `${where}.`, minLength: 1 })! };
  if (!hasId && hasInline) {
    return {
      name: plainString(key, 'name', { where: `${where}.`, required: true, maxLength: NAME })!,
      value: plainString(key, 'value', { where: `${where}.`, required: true, minLength: 1 })!,
    };
  }
  throw bad(where, `"${where}" needs either "id" or "name" plus "value"`);
}

export function configurationCreate(body: unknown): ConfigurationCreate {
  const o = bodyObject(body);
  onlyFields(o, ['name', 'description', 'metadata', 'access', 'router']);
  const out: ConfigurationCreate = { name: plainString(o, 'name', { required: true, maxLength: NAME })! };
  const description = plainString(o, 'description', { maxLength: DESCRIPTION });
  const metadata = plainString(o, 'metadata', { maxLength: METADATA });
  if (description !== undefined) out.description = description;
  if (metadata !== undefined) out.metadata = metadata;
  if (o.access !== undefined) out.access = accessScope(o.access);
  if (o.router !== undefined) out.router = routerWrite(o.router);
  return out;
}

export function configurationUpdate(body: unknown): ConfigurationUpdate {
  const o = bodyObject(body);
  onlyFields(o, ['name', 'description', 'metadata', 'access', 'router']);
  // The schema marks name nullable, but the resource requires one: refuse to clear it.
  if (o.name === null) throw bad('name', 'field "name" cannot be cleared');
  return {
    name: plainString(o, 'name', { maxLength: NAME }),
    description: stringField(o, 'description', { nullable: true, maxLength: DESCRIPTION }),
    metadata: stringField(o, 'metadata', { nullable: true, maxLength: METADATA }),
    access: o.access === undefined || o.access === null ? o.access : accessScope(o.access),
    router: o.router === undefined || o.router === null ? o.router : routerWrite(o.router),
  };
}

export function accessKeyCreate(body: unknown): AccessKeyCreate {
  const o = bodyObject(body);
  onlyFields(o, ['name', 'description', 'metadata', 'accessKeyConfigurationId']);
  const out: AccessKeyCreate = {};
  const name = plainString(o, 'name', { maxLength: NAME });
  const description = plainString(o, 'description', { maxLength: DESCRIPTION });
  const metadata = plainString(o, 'metadata', { maxLength: METADATA });
  const cfg = plainString(o, 'accessKeyConfigurationId');
  if (name !== undefined) out.name = name;
  if (description !== undefined) out.description = description;
  if (metadata !== undefined) out.metadata = metadata;
  if (cfg !== undefined) out.accessKeyConfigurationId = cfg;
  return out;
}

export function accessKeyUpdate(body: unknown): AccessKeyUpdate {
  const o = bodyObject(body);
  onlyFields(o, ['name', 'description', 'metadata', 'accessKeyConfigurationId']);
  return {
    name: stringField(o, 'name', { nullable: true, maxLength: NAME }),
    description: stringField(o, 'description', { nullable: true, maxLength: DESCRIPTION }),
    metadata: stringField(o, 'metadata', { nullable: true, maxLength: METADATA }),
    accessKeyConfigurationId: stringField(o, 'accessKeyConfigurationId', { nullable: true }),
  };
}
