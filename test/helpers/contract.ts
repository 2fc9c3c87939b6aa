// The upstream contracts (openapi/*.yaml) as test oracles: their operations, and a validator
// that checks an answer against the response schema the contract declares for it.
import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import formats from 'ajv-formats';
import { parse } from 'yaml';

export type ContractName = 'ai-gateway' | 'openrouter';

const FILES: Record<ContractName, string> = {
  'ai-gateway': 'openapi/ngrok-ai-gateway.openapi.yaml',
  openrouter: 'openapi/openrouter-keys.openapi.yaml',
};

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

export interface ContractOperation {
  contract: ContractName;
  operationId: string;
  /** Upper case, e.g. `GET`. */
  method: string;
  /** The path template relative to the contract's server URL, e.g. `/providers/{id}`. */
  path: string;
  tags: string[];
  responses: Record<string, unknown>;
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * OpenAPI 3.0 schema → JSON Schema for ajv: `nullable: true` becomes "or null" (ajv's own
 * `nullable` needs a sibling `type`, which the contract's `allOf` wrappers lack), and local
 * `$ref`s point into the document registered under the contract's name.
 */
function toJsonSchema(node: unknown, contract: ContractName): unknown {
  if (Array.isArray(node)) return node.map((n) => toJsonSchema(n, contract));
  if (!isObject(node)) return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'nullable') continue;
    out[key] = key === '$ref' && typeof value === 'string' && value.startsWith('#') ? `${contract}${value}` : toJsonSchema(value, contract);
  }
  return node.nullable === true ? { anyOf: [out, { type: 'null' }] } : out;
}

interface LoadedContract {
  document: Json;
  operations: ContractOperation[];
}

// strict: false lets the contract's annotations (x-spec-layer, example, discriminator) through.
const ajv = new Ajv({ strict: false, allErrors: true });
formats.default(ajv);
const loaded = new Map<ContractName, LoadedContract>();
const validators = new Map<string, ValidateFunction>();

function load(contract: ContractName): LoadedContract {
  const cached = loaded.get(contract);
  if (cached) return cached;
  const document = parse(readFileSync(new URL(`../../${FILES[contract]}`, import.meta.url), 'utf8')) as Json;
  const components = (document.components ?? {}) as Json;
  ajv.addSchema({ $id: contract, components: { schemas: toJsonSchema(components.schemas ?? {}, contract) } });
  const operations: ContractOperation[] = [];
  for (const [path, item] of Object.entries((document.paths ?? {}) as Record<string, Json>)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!isObject(op)) continue;
      operations.push({
        contract,
        operationId: String(op.operationId),
        method: method.toUpperCase(),
        path,
        tags: (op.tags as string[] | undefined) ?? [],
        responses: (op.responses ?? {}) as Record<string, unknown>,
      });
    }
  }
  const entry = { document, operations };
  loaded.set(contract, entry);
  return entry;
}

/** Every operation of a contract, HEAD twins included, in document order. */
export function contractOperations(contract: ContractName): readonly ContractOperation[] {
  return load(contract).operations;
}

export function operationById(contract: ContractName, operationId: string): ContractOperation {
  const op = contractOperations(contract).find((o) => o.operationId === operationId);
  if (!op) throw new Error(`the ${contract} contract has no operation ${operationId}`);
  return op;
}

function templateMatches(template: string, path: string): boolean {
  const a = template.split('/');
  const b = path.split('/');
  return a.length === b.length && a.every((seg, i) => (/^\{[^}]+\}$/.test(seg) ? b[i] !== '' : seg === b[i]));
}

/** The operation answering `method` on a concrete path (query allowed); literal segments win over parameters. */
export function findOperation(contract: ContractName, method: string, path: string): ContractOperation | undefined {
  const pathname = path.split('?')[0]!;
  const candidates = contractOperations(contract).filter((o) => o.method === method.toUpperCase() && templateMatches(o.path, pathname));
  const params = (o: ContractOperation) => (o.path.match(/\{/g) ?? []).length;
  return candidates.sort((x, y) => params(x) - params(y))[0];
}

function resolveResponse(contract: ContractName, response: unknown): Json {
  if (isObject(response) && typeof response.$ref === 'string') {
    const name = response.$ref.replace('#/components/responses/', '');
    const responses = (load(contract).document.components as Json).responses as Json;
    return resolveResponse(contract, responses[name]);
  }
  return isObject(response) ? response : {};
}

function validatorFor(op: ContractOperation, status: string, schema: unknown): ValidateFunction {
  const key = `${op.contract} ${op.operationId} ${status}`;
  let validate = validators.get(key);
  if (!validate) {
    validate = ajv.compile(toJsonSchema(schema, op.contract) as Json);
    validators.set(key, validate);
  }
  return validate;
}

/**
 * Checks an answer against the contract: the operation must exist, the status must be declared
 * (`default` stands for error statuses only, so an undeclared success fails), and the body must
 * match the declared JSON schema, or be absent when none is declared. Throws with every
 * mismatch; returns the operation.
 */
export function validateResponse(contract: ContractName, method: string, path: string, status: number, body: unknown): ContractOperation {
  const op = findOperation(contract, method, path);
  if (!op) throw new Error(`the ${contract} contract has no operation for ${method} ${path}`);
  const declared = op.responses[String(status)] ?? (status >= 400 ? op.responses.default : undefined);
  if (declared === undefined) throw new Error(`${op.operationId} declares no response with status ${status}`);
  const content = resolveResponse(contract, declared).content as Json | undefined;
  const schema = (content?.['application/json'] as Json | undefined)?.schema;
  if (schema === undefined) {
    if (body !== undefined && body !== '')
      throw new Error(`${op.operationId} ${status} declares no body, got ${JSON.stringify(body).slice(0, 200)}`);
    return op;
  }
  if (body === undefined) throw new Error(`${op.operationId} ${status} declares a JSON body, got none`);
  const validate = validatorFor(op, String(status), schema);
  if (!validate(body)) {
    throw new Error(`${op.operationId} ${status} does not match the contract: ${ajv.errorsText(validate.errors, { separator: '; ' })}`);
  }
  return op;
}

/** The ways `value` breaks the contract's `components.schemas[name]`; [] when it conforms. */
export function schemaProblems(contract: ContractName, name: string, value: unknown): string[] {
  load(contract);
  const key = `${contract} schema ${name}`;
  let validate = validators.get(key);
  if (!validate) {
    validate = ajv.compile({ $ref: `${contract}#/components/schemas/${name}` });
    validators.set(key, validate);
  }
  return validate(value) ? [] : (validate.errors ?? []).map((error) => `${name}${error.instancePath} ${error.message}`);
}
