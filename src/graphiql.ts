import { readFile } from 'node:fs/promises';
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

const PAGINATE_OPERATION = `# Page through a connection: run once, then copy pageInfo.endCursor into "after" below.
query NextPage($after: String) {
  providerKeys(first: 5, after: $after) {
    edges {
      cursor
      node {
        id
        name
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
`;

const REFETCH_OPERATION = `# Relay refetch: any object by its global ID. Paste an "id" from the first tab below.
query Refetch($id: ID!) {
  node(id: $id) {
    id
    ... on ProviderKey {
      name
      providerId
      description
    }
    ... on AccessKeyConfiguration {
      name
    }
  }
}
`;

const UPDATE_OPERATION = `# PATCH semantics: only the fields you give are sent; null clears a field.
mutation Rename($id: ID!, $name: String!) {
  updateProviderKey(input: { id: $id, name: $name, clientMutationId: "graphiql" }) {
    clientMutationId
    providerKey {
      id
      name
      updatedAt
    }
  }
}
`;

const CATALOG_OPERATION = `# The model catalog: built-in models and your custom providers' models, with exact prices.
# Try provider: "anthropic", or "my-ollama" (a custom provider of the demo account).
query Catalog($provider: String) {
  models(first: 10, provider: $provider) {
    nodes {
      modelId
      name
      builtIn
      offerings {
        modelId
        displayName
        contextLength
        prices {
          type
          unit
          price
          currency
          conditions {
            ttl
            minInputTokens
            serviceTier
          }
        }
        provider {
          id
          baseUrl
        }
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
`;

const CUSTOM_PROVIDERS_OPERATION = `# Custom providers with their models and stored keys, and the account's gateway settings.
query CustomProviders {
  providers(first: 10) {
    nodes {
      id
      providerId
      name
      baseUrl
      supportedApiSurfaces {
        format
        surface
        baseUrl
      }
      models {
        modelId
        providerModelId
        unsupportedParams
      }
      providerKeys(first: 5) {
        nodes {
          name
          keyRedacted
        }
      }
    }
  }
  gatewayConfiguration {
    totalTimeout
    perRequestTimeout
    maxInputTokens
    maxOutputTokens
  }
}
`;

/**
 * GraphiQL settings. With `demoToken` set (as `npm run demo` does), every tab starts with that
 * bearer token; otherwise with a placeholder to fill in. The tabs are the README's examples.
 */
export function graphiqlOptions(demoToken: string | undefined): GraphiQLOptions {
  const headers = JSON.stringify({ Authorization: `Bearer ${demoToken ?? '<your AI Gateway API key>'}` }, null, 2);
  const pasteId = '<paste a ProviderKey id from the first tab>';
  const variables = (value: object) => JSON.stringify(value, null, 2);
  return {
    title: 'AI Gateway GraphQL',
    defaultQuery: EXAMPLE_OPERATION,
    headers,
    defaultHeaders: headers,
    defaultTabs: [
      { query: EXAMPLE_OPERATION, variables: variables({ first: 10 }), headers },
      { query: PAGINATE_OPERATION, variables: variables({ after: null }), headers },
      { query: REFETCH_OPERATION, variables: variables({ id: pasteId }), headers },
      { query: UPDATE_OPERATION, variables: variables({ id: pasteId, name: 'Renamed in GraphiQL' }), headers },
      { query: CATALOG_OPERATION, variables: variables({ provider: null }), headers },
      { query: CUSTOM_PROVIDERS_OPERATION, variables: variables({}), headers },
    ],
    shouldPersistHeaders: false,
  };
}

/**
 * Stands where the options go in the prerendered page: `npm run build` renders GraphiQL once with
 * these options into `dist/graphiql.html` (scripts/build.ts).
 */
export const GRAPHIQL_TEMPLATE_OPTIONS = { title: 'AI Gateway GraphQL', options: '@@GRAPHIQL_OPTIONS@@' } as const;

/**
 * yoga's `renderGraphiQL`: the page (~9 MB, GraphiQL and its editor inlined so that it works
 * offline) is made once and served as bytes, which live outside the V8 heap. Next to the bundle
 * it is read from the prerendered `graphiql.html`, so the gateway never loads GraphiQL's
 * renderer: that module costs ~45 MB of heap, and with the image's heap cap concurrent page
 * loads ran the process out of memory. From the sources (development) it is rendered on first use.
 */
export function graphiqlRenderer(): (options: GraphiQLOptions) => Promise<Buffer<ArrayBuffer>> {
  let cached: { key: string; page: Promise<Buffer<ArrayBuffer>> } | undefined;
  return (options) => {
    const key = JSON.stringify(options);
    if (cached?.key !== key) cached = { key, page: renderPage(options) };
    return cached.page;
  };
}

async function renderPage(options: GraphiQLOptions): Promise<Buffer<ArrayBuffer>> {
  const template = await readFile(new URL('./graphiql.html', import.meta.url)).catch(() => undefined);
  const marker = Buffer.from(JSON.stringify(GRAPHIQL_TEMPLATE_OPTIONS));
  const at = template?.indexOf(marker) ?? -1;
  if (template && at >= 0) {
    // The options land inside a <script>: no "</script>" may close it early.
    const json = JSON.stringify(options).replace(/</g, '\\u003c');
    return Buffer.concat([template.subarray(0, at), Buffer.from(json), template.subarray(at + marker.length)]);
  }
  const { renderGraphiQL } = await import('@graphql-yoga/render-graphiql');
  return Buffer.from(renderGraphiQL(options));
}
