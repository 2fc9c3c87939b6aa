import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import type { GraphQLParams, Plugin } from 'graphql-yoga';
import type { PersistedOperations } from '../persisted-operations.ts';

/**
 * Only the operations in the manifest run; any other document is refused before parsing.
 * Clients send the id as `documentId` (GraphQL over HTTP, GraphQL Codegen), `doc_id` (Relay
 * examples) or Apollo's `extensions.persistedQuery.sha256Hash`; GET may put it in the URL.
 */
export function usePersistedOperationsOnly(operations: PersistedOperations): Plugin {
  return usePersistedOperations({
    getPersistedOperation: (id) => operations.get(id) ?? null,
    extractPersistedOperationId: operationId,
    allowArbitraryOperations: false,
    customErrors: {
      persistedQueryOnly: {
        message: 'This gateway only runs persisted operations: send a documentId instead of a query.',
        extensions: { code: 'PERSISTED_QUERY_ONLY', http: { status: 400 } },
      },
      keyNotFound: {
        message: 'Send the id of a persisted operation as documentId.',
        extensions: { code: 'PERSISTED_QUERY_ID_REQUIRED', http: { status: 400 } },
      },
      notFound: {
        message: 'No persisted operation has this documentId.',
        extensions: { code: 'PERSISTED_QUERY_NOT_FOUND', http: { status: 400 } },
      },
    },
  });
}

function operationId(params: GraphQLParams, request: Request): string | null {
  const body = params as GraphQLParams & { documentId?: unknown; doc_id?: unknown };
  const apq = (params.extensions as { persistedQuery?: { sha256Hash?: unknown } } | undefined)?.persistedQuery?.sha256Hash;
  const url = request.method === 'GET' ? new URL(request.url).searchParams : undefined;
  for (const candidate of [body.documentId, body.doc_id, apq, url?.get('documentId'), url?.get('doc_id')]) {
    if (typeof candidate === 'string' && candidate !== '') return candidate;
  }
  return null;
}
