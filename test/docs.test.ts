import { readFileSync } from 'node:fs';
import { parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from '../src/schema/index.ts';

describe('README', () => {
  const readme = readFileSync('README.md', 'utf8');

  it('documents every environment variable the configuration reads, with a default and a meaning', () => {
    const source = readFileSync('src/config.ts', 'utf8');
    const schema = source.slice(source.indexOf('const EnvSchema'), source.indexOf('});', source.indexOf('const EnvSchema')));
    const variables = [...schema.matchAll(/^\s+([A-Z][A-Z0-9_]+): z/gm)].map((match) => match[1]!);
    expect(variables.length).toBeGreaterThan(10);
    for (const name of variables) expect(readme, name).toMatch(new RegExp(`^\\| \`${name}\` \\| [^|]+ \\| [^|]+ \\|$`, 'm'));
  });

  it('has GraphQL examples that are valid against the schema', () => {
    // Relay client fragments use the Relay compiler's directives: they are not plain operations.
    const examples = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)]
      .map((match) => match[1]!)
      .filter((text) => !text.includes('@refetchable'));
    expect(examples.length).toBeGreaterThanOrEqual(5);
    for (const example of examples)
      expect(
        validate(schema, parse(example)).map((error) => error.message),
        example.slice(0, 80),
      ).toEqual([]);
  });
});
