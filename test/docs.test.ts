import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

describe('README', () => {
  const readme = readFileSync('README.md', 'utf8');

  it('documents every environment variable the configuration reads, with a default and a meaning', () => {
    const source = readFileSync('src/config.ts', 'utf8');
    const schema = source.slice(source.indexOf('const EnvSchema'), source.indexOf('});', source.indexOf('const EnvSchema')));
    const variables = [...schema.matchAll(/^\s+([A-Z][A-Z0-9_]+): z/gm)].map((match) => match[1]!);
    expect(variables.length).toBeGreaterThan(10);
    for (const name of variables) expect(readme, name).toMatch(new RegExp(`^\\| \`${name}\` \\| [^|]+ \\| [^|]+ \\|$`, 'm'));
  });
});
