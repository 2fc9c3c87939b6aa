import { writeFileSync } from 'node:fs';
import { printSchemaFile } from '../src/schema/print.ts';

// Writes schema.graphql from the code; test/schema.test.ts fails when the committed file drifts.
writeFileSync(new URL('../schema.graphql', import.meta.url), printSchemaFile());
console.log('schema.graphql written');
