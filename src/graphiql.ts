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

const SPEND_OPERATION = `# What did each access key spend this week? Cost, requests and errors per UTC day and key.
query SpendPerKey($since: DateTime!) {
  usageOverview(startTime: $since, groupBy: ACCESS_KEY) {
    totals {
      cost
      requests
      errors
    }
    buckets {
      bucketStart
      cost
      requests
      errors
      accessKey {
        name
        configuration {
          name
        }
      }
    }
  }
}
`;

const FAILOVER_OPERATION = `# Why did this request fail over? Run RetriedAttempts, pick a requestId whose attemptNumber is 2
# or more, paste it into the variables, then run WhyFailover.
query RetriedAttempts($since: DateTime!) {
  usageEvents(startTime: $since, includeRetries: true, first: 50) {
    nodes {
      requestId
      attemptNumber
      isError
      statusCode
    }
  }
}

query WhyFailover($requestId: String!) {
  gatewayRequest(requestId: $requestId) {
    attempts {
      served
      retryAction
      completion
      requestDurationMs
      event {
        attemptNumber
        statusCode
        stopReason
        provider
        model
        keySource
        providerKey {
          name
        }
        cost {
          total
        }
      }
    }
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
  // The start of the week the usage tabs look at, fixed when the gateway starts (the page is built once).
  const weekAgo = new Date(Date.now() - 7 * 86_400_000).toISOString();
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
      { query: SPEND_OPERATION, variables: variables({ since: weekAgo }), headers },
      {
        query: FAILOVER_OPERATION,
        variables: variables({ since: weekAgo, requestId: '<paste a requestId from RetriedAttempts>' }),
        headers,
      },
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
