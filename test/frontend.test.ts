import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';

describe('graphql.config.yml and example documents', () => {
  const config = parseYaml(readFileSync('graphql.config.yml', 'utf8')) as { schema: string; documents: string };
  // The pattern is `<dir>/**/*.graphql`; Node 20 has no fs.glob, so list the directory.
  const dir = config.documents.split('/')[0]!;
  const documents = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.graphql'));

  it('points at the committed schema.graphql and at documents that exist', () => {
    expect(config.schema).toBe('schema.graphql');
    expect(config.documents).toBe(`${dir}/**/*.graphql`);
    expect(documents.length).toBeGreaterThan(0);
  });

  it('has example documents that are valid against that schema', () => {
    const schema = buildSchema(readFileSync(config.schema, 'utf8'));
    for (const file of documents) {
      expect(validate(schema, parse(readFileSync(join(dir, file), 'utf8'))), file).toEqual([]);
    }
  });
});
