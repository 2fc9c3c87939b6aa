import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isEnumType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { ALL_ERROR_CODES } from '../src/errors.ts';
import { schema } from '../src/schema/index.ts';

const readme = readFileSync('README.md', 'utf8');

/** The README's `## title` section, up to the next `## ` heading. */
function section(title: string): string {
  const start = readme.indexOf(`\n## ${title}\n`);
  expect(start, `README section "${title}"`).toBeGreaterThan(0);
  const end = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, end < 0 ? undefined : end);
}

/** Every .ts file under `dir`, with its text. */
function sources(dir: string): { path: string; text: string }[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => ({ path: join(dir, file), text: readFileSync(join(dir, file), 'utf8') }));
}

const code = sources('src').filter(({ path }) => !path.startsWith(join('src', 'contract')));

/**
 * The environment variables src/ reads: the keys of the gateway's EnvSchema (src/config.ts reads
 * them all through loadConfig), and every `env.NAME` / `process.env.NAME` / `env['NAME']` anywhere
 * (the demo, the simulators).
 */
function variablesRead(): Set<string> {
  const found = new Set<string>();
  const config = readFileSync('src/config.ts', 'utf8');
  const envSchema = config.slice(config.indexOf('const EnvSchema'), config.indexOf('\n});', config.indexOf('const EnvSchema')));
  for (const match of envSchema.matchAll(/^\s+([A-Z][A-Z0-9_]+): z/gm)) found.add(match[1]!);
  for (const { text } of code) {
    for (const match of text.matchAll(/\benv(?:\.([A-Z][A-Z0-9_]+)|\[['"]([A-Z][A-Z0-9_]+)['"]\])/g)) found.add((match[1] ?? match[2])!);
  }
  return found;
}

describe('README: configuration', () => {
  const configuration = section('Configuration');
  const rows = [...configuration.matchAll(/^\| `([A-Z][A-Z0-9_]+)` \| [^|]+ \| [^|]+ \|$/gm)].map((match) => match[1]!);

  it('reads the environment only by literal names, so that this scan sees every variable', () => {
    for (const { path, text } of code) expect(text, path).not.toMatch(/\benv\[(?!['"])/);
    expect(variablesRead().size).toBeGreaterThan(30);
  });

  it('has a row with a default and a meaning for every variable the code reads: gateway, demo and simulators', () => {
    const read = variablesRead();
    for (const name of ['SIMULATOR_HOST', 'SIMULATOR_PORT', 'OPENROUTER_SIMULATOR_PORT', 'PORT', 'HOST']) expect(read).toContain(name);
    for (const name of read) expect(rows, name).toContain(name);
  });

  it('lists no variable that the code does not read', () => {
    const read = variablesRead();
    for (const name of rows) expect(read, name).toContain(name);
  });
});

describe('README: error codes', () => {
  const errors = section('Errors');
  const table = errors.slice(errors.indexOf('| code | when |'));
  const documented = [...table.matchAll(/^\| ([^|]+) \|/gm)]
    .slice(2) // header and separator
    .flatMap((match) => [...match[1]!.matchAll(/`([A-Z][A-Z_]+)`/g)].map((code) => code[1]!));

  it('lists exactly the closed set (src/errors.ts), each code once', () => {
    expect(new Set(documented).size).toBe(documented.length);
    expect(new Set(documented)).toEqual(ALL_ERROR_CODES);
  });

  it('covers every code the code can emit: every code-like string in src/ is in the closed set', () => {
    const variables = variablesRead();
    const enumValues = new Set(
      Object.values(schema.getTypeMap())
        .filter(isEnumType)
        .flatMap((type) => type.getValues().map((value) => value.name)),
    );
    // Upper-case strings that are neither codes, variables nor enum values, and why.
    const notCodes = new Set([
      'GRAPHQL_ERROR', // tracing's error.type for an operation whose errors carry no code (src/observability/tracing.ts)
      'EAI_AGAIN', // a Node.js errno code, read when a server cannot listen (src/config.ts)
    ]);
    const strings = code
      .filter(({ path }) => !path.startsWith(join('src', 'simulator')))
      .flatMap(({ path, text }) =>
        [...text.matchAll(/['"`]([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)['"`]/g)].map((match) => ({ path, value: match[1]! })),
      );
    expect(strings.length).toBeGreaterThan(20);
    for (const { path, value } of strings) {
      if (variables.has(value) || enumValues.has(value) || notCodes.has(value)) continue;
      expect(ALL_ERROR_CODES.has(value), `${value} in ${path} is not in src/errors.ts`).toBe(true);
    }
    // Codes without an underscore are found where they are set.
    const single = code.flatMap(({ text }) =>
      [...text.matchAll(/(?:\bcode:\s*|GatewayError\(\s*|return\s+)'([A-Z]{4,})'/g)].map((m) => m[1]!),
    );
    for (const value of single) expect(ALL_ERROR_CODES.has(value), value).toBe(true);
    expect(single).toEqual(expect.arrayContaining(['UNAUTHENTICATED', 'FORBIDDEN', 'CONFLICT']));
  });
});

describe('README: examples', () => {
  it('refers to examples/ instead of copying operations: its GraphQL blocks hold fragments only', () => {
    const blocks = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].map((match) => match[1]!);
    for (const block of blocks) expect(block).not.toMatch(/^\s*(query|mutation|subscription)\b/m);
    expect(readme).toContain('examples/ai-gateway.graphql');
  });
});
