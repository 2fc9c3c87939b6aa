import { readFileSync } from 'node:fs';
import { parse } from 'graphql';
import { z } from 'zod';
import { ConfigError } from './config.ts';

/** Persisted operations (also called trusted documents): operation id (hash) → GraphQL document. */
export type PersistedOperations = ReadonlyMap<string, string>;

// `{ "<hash>": "query …" }`: GraphQL Codegen's client preset (persistedDocuments) and Relay's persistOutput.
const KeyValueManifest = z.record(z.string().min(1).max(200), z.string().min(1));
// Apollo's generate-persisted-query-manifest.
const ApolloManifest = z.object({
  format: z.literal('apollo-persisted-query-manifest'),
  version: z.literal(1),
  operations: z.array(z.object({ id: z.string().min(1).max(200), body: z.string().min(1) })),
});

/** Reads PERSISTED_OPERATIONS_FILE when the gateway is created; a broken file is a ConfigError naming the variable. */
export function loadPersistedOperations(path: string): PersistedOperations {
  try {
    return readPersistedOperations(path);
  } catch (error) {
    throw new ConfigError(`Invalid configuration:\n  PERSISTED_OPERATIONS_FILE: ${(error as Error).message}`);
  }
}

/**
 * Reads and checks a persisted-operations manifest at start-up, so a broken file stops the
 * gateway instead of failing requests later. Throws an Error whose message says what is wrong.
 */
export function readPersistedOperations(path: string): PersistedOperations {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read ${path} as JSON (${(error as Error).message})`);
  }
  const apollo = ApolloManifest.safeParse(json);
  const entries = apollo.success
    ? apollo.data.operations.map((operation) => [operation.id, operation.body] as const)
    : Object.entries(parseKeyValue(json, path));
  if (entries.length === 0) throw new Error(`${path} lists no operations`);
  for (const [id, document] of entries) {
    try {
      parse(document);
    } catch (error) {
      throw new Error(`operation ${id} in ${path} is not valid GraphQL (${(error as Error).message})`);
    }
  }
  return new Map(entries);
}

function parseKeyValue(json: unknown, path: string): Record<string, string> {
  const parsed = KeyValueManifest.safeParse(json);
  if (!parsed.success) {
    throw new Error(`${path} is neither a { "<id>": "<document>" } map nor an Apollo persisted query manifest`);
  }
  return parsed.data;
}
