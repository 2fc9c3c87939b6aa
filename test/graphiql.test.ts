import { parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { graphiqlOptions } from '../src/graphiql.ts';
import { schema } from '../src/schema/index.ts';

describe('GraphiQL example tabs', () => {
  const options = graphiqlOptions('demo');

  it('lists, paginates, refetches by node, updates, and shows what keys spent and why a request failed over', () => {
    const operations = options.defaultTabs!.map((tab) =>
      /(query|mutation) (\w+)/
        .exec(tab.query ?? '')
        ?.slice(1)
        .join(' '),
    );
    expect(operations).toEqual([
      'query ProviderKeys',
      'query NextPage',
      'query Refetch',
      'mutation Rename',
      'query SpendPerKey',
      'query RetriedAttempts',
    ]);
    expect(options.defaultTabs!.some((tab) => tab.query?.includes('gatewayRequest(requestId: $requestId)'))).toBe(true);
    expect(options.defaultTabs!.some((tab) => tab.query?.includes('node(id: $id)'))).toBe(true);
    expect(options.defaultTabs!.some((tab) => tab.query?.includes('after: $after'))).toBe(true);
  });

  it('has operations that are valid against the schema, with JSON variables', () => {
    for (const tab of options.defaultTabs!) {
      expect(validate(schema, parse(tab.query!))).toEqual([]);
      expect(() => JSON.parse(tab.variables ?? '{}')).not.toThrow();
    }
  });

  it('sends the demo token from every tab, and a placeholder without one', () => {
    for (const tab of options.defaultTabs!) expect(JSON.parse(tab.headers!)).toEqual({ Authorization: 'Bearer demo' });
    expect(graphiqlOptions(undefined).headers).toContain('<your AI Gateway API key>');
  });
});
