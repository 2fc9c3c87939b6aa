import { existsSync, readFileSync } from 'node:fs';
import { buildSchema, findBreakingChanges } from 'graphql';
import { describe, expect, it } from 'vitest';
import { printSchemaFile } from '../src/schema/print.ts';

const committed = readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8');
const targetDir = new URL('../../shared/schema/', import.meta.url);

/**
 * Target schemas under ../shared/schema that schema.graphql must contain (issue by issue), each
 * built on core.graphql and the targets it requires (its `# requires:` line).
 */
const TARGETS: Record<string, string[]> = {
  'core.graphql': [],
  'lifecycle.graphql': [],
  'openrouter.graphql': [],
  'catalog.graphql': ['lifecycle.graphql'],
};

if (!existsSync(targetDir)) {
  console.warn('Skipping the target-schema containment test: ../shared/schema is absent beside this checkout.');
}

describe('schema.graphql', () => {
  it('is what the code prints (run `npm run schema` after changing the schema)', () => {
    expect(committed).toBe(printSchemaFile());
  });

  describe.skipIf(!existsSync(targetDir))('contains the target schemas without breaking changes', () => {
    const read = (file: string) => readFileSync(new URL(file, targetDir), 'utf8');
    const breakingChanges = (files: string[]) =>
      findBreakingChanges(buildSchema([...new Set(['core.graphql', ...files])].map(read).join('\n')), buildSchema(committed)).map(
        (change) => change.description,
      );
    it.each(Object.entries(TARGETS))('%s', (file, requires) => {
      // Judge only what this file's own definitions add; what it requires is judged on its own.
      const inherited = new Set(requires.length > 0 ? breakingChanges(requires) : []);
      expect(breakingChanges([...requires, file]).filter((change) => !inherited.has(change))).toEqual([]);
    });
  });
});
