import { existsSync, readFileSync } from 'node:fs';
import { buildSchema, findBreakingChanges } from 'graphql';
import { describe, expect, it } from 'vitest';
import { printSchemaFile } from '../src/schema/print.ts';

const committed = readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8');
const targetDir = new URL('../../shared/schema/', import.meta.url);

/** Target schemas under ../shared/schema that schema.graphql must contain (issue by issue). */
const TARGETS = ['core.graphql', 'lifecycle.graphql', 'openrouter.graphql', 'usage.graphql', 'catalog.graphql'];

/** The files a target lists on its `# requires:` line (besides core.graphql, which every target builds on). */
function requiresOf(sdl: string): string[] {
  return (
    /^# requires:(.*)$/m
      .exec(sdl)?.[1]
      ?.split(',')
      .map((file) => file.trim())
      .filter(Boolean) ?? []
  );
}

if (!existsSync(targetDir)) {
  console.warn('Skipping the target-schema containment test: ../shared/schema is absent beside this checkout.');
}

describe('schema.graphql', () => {
  it('is what the code prints (run `npm run schema` after changing the schema)', () => {
    expect(committed).toBe(printSchemaFile());
  });

  describe.skipIf(!existsSync(targetDir))('contains the target schemas without breaking changes', () => {
    const core = existsSync(targetDir) ? readFileSync(new URL('core.graphql', targetDir), 'utf8') : '';
    const read = (file: string) => readFileSync(new URL(file, targetDir), 'utf8');
    const ours = buildSchema(committed);
    it.each(TARGETS)('%s', (file) => {
      if (file === 'core.graphql') return void expect(findBreakingChanges(buildSchema(core), ours)).toEqual([]);
      const own = read(file);
      const base = [core, ...requiresOf(own).map(read)].join('\n');
      // Judged on what this file adds: what its prerequisites break is their own target's business.
      const before = new Set(findBreakingChanges(buildSchema(base), ours).map((change) => change.description));
      const added = findBreakingChanges(buildSchema(`${base}\n${own}`), ours).filter((change) => !before.has(change.description));
      expect(added).toEqual([]);
    });
  });
});
