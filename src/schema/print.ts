import { printSchema } from 'graphql';
import { schema } from './index.ts';

/** The committed schema.graphql, in the order the code declares it. */
export function printSchemaFile(): string {
  return `${printSchema(schema)}\n`;
}
