import { printSchema } from 'graphql';
import { schema } from './index.ts';

/** The committed schema.graphql, sorted (lexicographicSortSchema), so moving code never reorders it. */
export function printSchemaFile(): string {
  return `${printSchema(schema)}\n`;
}
