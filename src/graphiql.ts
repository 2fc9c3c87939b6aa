import type { GraphiQLOptions } from 'graphql-yoga';

/** The operation GraphiQL opens with: one click shows data. */
export const EXAMPLE_OPERATION = `# Provider keys, newest first. Press the run button (or Ctrl-Enter).
query ProviderKeys($first: Int = 10, $after: String) {
  providerKeys(first: $first, after: $after) {
    nodes {
      id
      name
      providerId
      keyRedacted
      updatedAt
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
`;

/**
 * GraphiQL settings. With `demoToken` set (as `npm run demo` does), the header editor starts
 * with that bearer token; otherwise it starts with a placeholder to fill in.
 */
export function graphiqlOptions(demoToken: string | undefined): GraphiQLOptions {
  const headers = { Authorization: `Bearer ${demoToken ?? '<your AI Gateway API key>'}` };
  return {
    title: 'AI Gateway GraphQL',
    defaultQuery: EXAMPLE_OPERATION,
    headers: JSON.stringify(headers, null, 2),
    shouldPersistHeaders: false,
  };
}
