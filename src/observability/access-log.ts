import type { Logger } from 'pino';
import type { OperationObserver } from './operation-scope.ts';

/**
 * One info line per GraphQL operation: request id, operation, outcome, duration and how many
 * upstream calls it made. Never variables or the document: they may hold secrets. The logger
 * may skip redaction (see unredactedSibling), so every field here must be safe as it is.
 */
export function operationLog(log: Logger): OperationObserver {
  return {
    end(scope) {
      const fields = {
        requestId: scope.requestId,
        operationName: scope.operationName?.slice(0, 100) ?? null,
        operationType: scope.operationType ?? null,
        outcome: scope.hasErrors ? 'error' : 'success',
        durationMs: Math.round(scope.durationMs * 10) / 10,
        upstreamCalls: scope.upstreamCalls,
        ...(scope.errorCodes.length ? { errorCodes: [...new Set(scope.errorCodes)] } : {}),
        ...(scope.span ? { traceId: scope.span.spanContext().traceId } : {}),
      };
      log.info(fields, 'graphql operation');
    },
  };
}
