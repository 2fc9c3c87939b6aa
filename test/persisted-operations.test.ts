import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { loadPersistedOperations } from '../src/persisted-operations.ts';
import { startStack, type Stack } from './helpers/stack.ts';

const dir = mkdtempSync(join(tmpdir(), 'persisted-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const LIST = 'query PersistedList($first: Int) { providerKeys(first: $first) { nodes { id name } } }';
const RENAME = 'mutation PersistedRename($id: ID!) { updateProviderKey(input: { id: $id, name: "renamed" }) { providerKey { name } } }';

function manifest(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

// The shape GraphQL Codegen (client preset, persistedDocuments) and Relay (persistOutput) write.
const codegenManifest = manifest('persisted-documents.json', { sha256_list: LIST, sha256_rename: RENAME });

async function post(stack: Stack, body: unknown) {
  const res = await fetch(`${stack.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer demo' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

describe('persisted operations on (PERSISTED_OPERATIONS_FILE)', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ PERSISTED_OPERATIONS_FILE: codegenManifest });
  });
  afterAll(() => stack.close());

  it('runs a listed operation sent as documentId', async () => {
    const { body } = await post(stack, { documentId: 'sha256_list', variables: { first: 2 } });
    expect(body.errors).toBeUndefined();
    expect(body.data.providerKeys.nodes).toHaveLength(2);
  });

  it('accepts Relay-style doc_id and Apollo-style extensions.persistedQuery', async () => {
    const relay = await post(stack, { doc_id: 'sha256_list', variables: { first: 1 } });
    expect(relay.body.data.providerKeys.nodes).toHaveLength(1);
    const apollo = await post(stack, {
      extensions: { persistedQuery: { version: 1, sha256Hash: 'sha256_list' } },
      variables: { first: 1 },
    });
    expect(apollo.body.data.providerKeys.nodes).toHaveLength(1);
  });

  it('accepts documentId in a GET query string (queries only)', async () => {
    const res = await fetch(`${stack.url}/graphql?documentId=sha256_list&variables=${encodeURIComponent('{"first":1}')}`, {
      headers: { authorization: 'Bearer demo', accept: 'application/json' },
    });
    const body = await res.json();
    expect(body.data.providerKeys.nodes).toHaveLength(1);
  });

  it('refuses any document that is not in the list, before reaching the upstream', async () => {
    stack.simulator.clearRequests();
    const arbitrary = await post(stack, { query: LIST, variables: { first: 1 } });
    expect(arbitrary.status).toBe(400);
    expect(arbitrary.body.errors[0].extensions.code).toBe('PERSISTED_QUERY_ONLY');
    const unknown = await post(stack, { documentId: 'sha256_unknown' });
    expect(unknown.body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    const missing = await post(stack, { variables: {} });
    expect(missing.body.errors[0].extensions.code).toBe('PERSISTED_QUERY_ID_REQUIRED');
    expect(stack.upstream()).toHaveLength(0);
  });

  it('counts refused operations in the metrics by code', async () => {
    await post(stack, { query: '{ __typename }' });
    const text = await (await fetch(`${stack.url}/metrics`)).text();
    expect(text).toMatch(/graphql_errors_total\{code="PERSISTED_QUERY_ONLY"\} [1-9]/);
  });
});

describe('persisted operations configuration', () => {
  it('is off by default', () => {
    expect(loadConfig({}).persistedOperationsFile).toBeUndefined();
  });

  it("reads Apollo's persisted query manifest too", () => {
    const path = manifest('apollo.json', {
      format: 'apollo-persisted-query-manifest',
      version: 1,
      operations: [{ id: 'abc', name: 'PersistedList', type: 'query', body: LIST }],
    });
    expect(loadPersistedOperations(loadConfig({ PERSISTED_OPERATIONS_FILE: path }).persistedOperationsFile ?? '').get('abc')).toBe(LIST);
  });

  it.each([
    ['a missing file', join(dir, 'nope.json')],
    ['a file that is not JSON', manifest('bad.json', '{ not json')],
    ['a manifest of the wrong shape', manifest('shape.json', { a: 1 })],
    ['an empty manifest', manifest('empty.json', {})],
    ['a document that does not parse', manifest('syntax.json', { broken: 'query {' })],
  ])('refuses %s at start-up, naming the variable', (_what, path) => {
    expect(() => loadPersistedOperations(path)).toThrow(/PERSISTED_OPERATIONS_FILE: /);
  });
});
