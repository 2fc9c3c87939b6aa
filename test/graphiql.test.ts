import { parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { exampleOperations, graphiqlOptions, readExampleDocuments } from '../src/graphiql.ts';
import { schema } from '../src/schema/index.ts';
import { useStack } from './helpers/stack.ts';

const stack = useStack();

const operationName = (query: string | null | undefined) => /^(?:query|mutation) (\w+)/m.exec(query ?? '')?.[1];

describe('GraphiQL example tabs (examples/*.graphql)', () => {
  const options = graphiqlOptions('demo');
  const tabs = options.defaultTabs!;

  it('has one tab per named operation of the example files, in file order, the provider key list first', () => {
    const documents = readExampleDocuments('examples');
    const named = documents.flatMap(({ text }) => [...text.matchAll(/^(?:query|mutation) (\w+)/gm)].map((match) => match[1]));
    expect(tabs.map((tab) => operationName(tab.query))).toEqual(named);
    expect(new Set(named).size).toBe(named.length);
    expect(named.slice(0, 4)).toEqual(['ProviderKeys', 'NextPage', 'Refetch', 'Configurations']);
    expect(named).toEqual(
      expect.arrayContaining(['Rename', 'OpenRouterKeys', 'SpendPerKey', 'RetriedAttempts', 'WhyFailover', 'Catalog', 'CustomProviders']),
    );
    expect(options.defaultQuery).toBe(tabs[0]!.query);
  });

  it('turns a "@daysAgo:N" variable into the time N days before start-up', () => {
    const spend = exampleOperations().find((operation) => operation.name === 'SpendPerKey')!;
    const since = Date.parse(String(spend.variables.since));
    expect(Date.now() - since).toBeGreaterThanOrEqual(7 * 86_400_000);
    expect(Date.now() - since).toBeLessThan(8 * 86_400_000);
  });

  it('shows each operation with the comment above it and the fragments it spreads, valid against the schema', () => {
    for (const tab of tabs) {
      expect(tab.query, operationName(tab.query)).toMatch(/^# \S/);
      expect(tab.query).not.toMatch(/# variables:/);
      expect(validate(schema, parse(tab.query!)), operationName(tab.query)).toEqual([]);
      expect(() => JSON.parse(tab.variables ?? '{}')).not.toThrow();
    }
    const first = tabs[0]!.query!;
    expect(first).toContain('...ProviderKeyRow');
    expect(first).toContain('fragment ProviderKeyRow on ProviderKey');
  });

  it('runs every tab as shipped against the demo account, in order, without an error', async () => {
    for (const tab of tabs) {
      const response = await fetch(`${stack.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...JSON.parse(tab.headers!) },
        body: JSON.stringify({ query: tab.query, variables: JSON.parse(tab.variables!) }),
      });
      const body = await response.json();
      expect(body.errors, `${operationName(tab.query)}: ${JSON.stringify(body.errors)}`).toBeUndefined();
      expect(response.status).toBe(200);
    }
    // The ids are the demo account's: the refetch tab finds its key, the rename tab renamed it.
    const refetch = tabs.find((tab) => operationName(tab.query) === 'Refetch')!;
    const id = JSON.parse(refetch.variables!).id;
    const renamed = await stack.gql('query($id: ID!) { node(id: $id) { ... on ProviderKey { name description } } }', { id });
    expect(renamed.data.node).toEqual({ name: 'Renamed in GraphiQL', description: null });
  });

  it('sends the demo token as both credentials from every tab, and placeholders without one', () => {
    for (const tab of tabs) {
      expect(JSON.parse(tab.headers!)).toEqual({ Authorization: 'Bearer demo', 'X-OpenRouter-Authorization': 'Bearer demo' });
    }
    const headers = JSON.parse(graphiqlOptions(undefined).headers!);
    expect(headers.Authorization).toContain('<your AI Gateway API key>');
    expect(headers['X-OpenRouter-Authorization']).toContain('<your OpenRouter management key>');
  });
});

describe('reading example documents', () => {
  const text = [
    '# File header: not part of any tab.',
    '',
    '# Lists things.',
    '# variables: {"first": 2}',
    'query Things($first: Int) { providerKeys(first: $first) { nodes { ...Row } } }',
    '',
    'fragment Row on ProviderKey { id ...Name }',
    'fragment Name on ProviderKey { name }',
    '',
    '# Not a tab: it has no name.',
    '{ __typename }',
  ].join('\n');

  it('takes the comment right above each named operation, its variables line, and the fragments it spreads, transitively', () => {
    expect(exampleOperations([{ file: 'x.graphql', text }])).toEqual([
      {
        name: 'Things',
        query:
          '# Lists things.\nquery Things($first: Int) { providerKeys(first: $first) { nodes { ...Row } } }\n\nfragment Row on ProviderKey { id ...Name }\n\nfragment Name on ProviderKey { name }\n',
        variables: { first: 2 },
      },
    ]);
  });

  it('refuses a variables line that is not JSON, naming the file and the operation', () => {
    expect(() => exampleOperations([{ file: 'y.graphql', text: '# variables: {first: 2}\nquery Y { __typename }' }])).toThrow(
      /examples\/y\.graphql: the variables of Y are not JSON/,
    );
  });
});
