import type { DocumentNode } from 'graphql';

/** Operation names remembered per document: a client may send one document with many made-up names. */
const MAX_NAMES_PER_DOCUMENT = 16;

/**
 * Memoises a value that depends only on a document and an operation name. yoga's parser cache
 * hands back the same DocumentNode for the same text, so such work runs once per operation
 * instead of once per request; documents are weakly held and leave with yoga's cache.
 */
export function perOperation<T>(compute: (document: DocumentNode, operationName: string | undefined) => T) {
  const byDocument = new WeakMap<DocumentNode, Map<string, T>>();
  return (document: DocumentNode, operationName: string | null | undefined): T => {
    let byName = byDocument.get(document);
    if (!byName) byDocument.set(document, (byName = new Map()));
    const key = operationName ?? '';
    if (byName.has(key)) return byName.get(key) as T;
    const value = compute(document, operationName ?? undefined);
    if (byName.size < MAX_NAMES_PER_DOCUMENT) byName.set(key, value);
    return value;
  };
}
