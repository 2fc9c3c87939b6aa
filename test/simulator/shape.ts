// Checks a simulator answer against a schema of the contract in openapi/ (required fields,
// no unknown fields where additionalProperties is false, types, enums, nullability, oneOf by
// discriminator). A small stand-in until the shared contract helper covers these operations.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

type Schema = Record<string, any>;
const documents = new Map<string, Schema>();

function doc(file: string): Schema {
  let d = documents.get(file);
  if (!d) {
    d = parse(readFileSync(new URL(`../../openapi/${file}`, import.meta.url), 'utf8')) as Schema;
    documents.set(file, d);
  }
  return d;
}

function resolve(file: string, s: Schema): Schema {
  if (typeof s.$ref !== 'string') return s;
  return doc(file).components.schemas[s.$ref.replace('#/components/schemas/', '')];
}

function check(file: string, schema: Schema, value: unknown, at: string, problems: string[]): void {
  const s = resolve(file, schema);
  if (value === null) {
    if (!s.nullable) problems.push(`${at}: null is not allowed`);
    return;
  }
  if (s.oneOf) {
    const tag = (value as Record<string, unknown>)[s.discriminator.propertyName];
    const target = s.discriminator.mapping[String(tag)];
    if (!target) problems.push(`${at}: unknown ${s.discriminator.propertyName} ${String(tag)}`);
    else check(file, { $ref: target }, value, at, problems);
    return;
  }
  if (s.enum && !s.enum.includes(value)) problems.push(`${at}: ${JSON.stringify(value)} is not one of ${s.enum.join(', ')}`);
  switch (s.type) {
    case 'object': {
      if (typeof value !== 'object' || Array.isArray(value)) return void problems.push(`${at}: not an object`);
      const obj = value as Record<string, unknown>;
      for (const name of s.required ?? []) if (!(name in obj)) problems.push(`${at}.${name}: required`);
      for (const [name, v] of Object.entries(obj)) {
        const prop = s.properties?.[name];
        if (prop) check(file, prop, v, `${at}.${name}`, problems);
        else if (s.additionalProperties === false) problems.push(`${at}.${name}: not in the contract`);
      }
      return;
    }
    case 'array':
      if (!Array.isArray(value)) return void problems.push(`${at}: not an array`);
      for (const [i, item] of value.entries()) check(file, s.items, item, `${at}[${i}]`, problems);
      return;
    case 'string':
      if (typeof value !== 'string') return void problems.push(`${at}: not a string`);
      if (s.format === 'date-time' && Number.isNaN(Date.parse(value))) problems.push(`${at}: not a date-time`);
      if (s.maxLength !== undefined && value.length > s.maxLength) problems.push(`${at}: longer than ${s.maxLength}`);
      return;
    case 'integer':
      if (!Number.isSafeInteger(value)) problems.push(`${at}: not a safe integer`);
      else if ((s.minimum !== undefined && (value as number) < s.minimum) || (s.maximum !== undefined && (value as number) > s.maximum)) {
        problems.push(`${at}: out of range`);
      }
      return;
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) problems.push(`${at}: not a number`);
      return;
    case 'boolean':
      if (typeof value !== 'boolean') problems.push(`${at}: not a boolean`);
      return;
  }
}

/** The ways `value` breaks `components.schemas[name]` of `file`; [] when it conforms. */
export function contractProblems(
  file: 'ngrok-ai-gateway.openapi.yaml' | 'openrouter-keys.openapi.yaml',
  name: string,
  value: unknown,
): string[] {
  const problems: string[] = [];
  check(file, { $ref: `#/components/schemas/${name}` }, value, name, problems);
  return problems;
}

export const aiGatewayShape = (name: string, value: unknown) => contractProblems('ngrok-ai-gateway.openapi.yaml', name, value);
export const openRouterShape = (name: string, value: unknown) => contractProblems('openrouter-keys.openapi.yaml', name, value);
