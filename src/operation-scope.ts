import { AsyncLocalStorage } from 'node:async_hooks';
import type { Span } from '@opentelemetry/api';
import { getOperationAST, type DocumentNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { requestIdOf } from './plugins/use-request-id.ts';

/**
 * Facts about one GraphQL operation, gathered while it runs, for metrics, logs and traces.
 * Code deep in the call stack (the upstream client, DataLoaders) reaches the current one
 * through AsyncLocalStorage, so nothing has to be threaded through resolvers.
 */
export interface OperationScope {
  readonly request: Request;
  readonly requestId: string;
  readonly startedAt: number;
  /** As the client named it; unvalidated, so bound it before using it as a label. */
  operationName: string | undefined;
  operationType: 'query' | 'mutation' | 'subscription' | undefined;
  upstreamCalls: number;
  /** `extensions.code` of every error in the result. */
  errorCodes: string[];
  hasErrors: boolean;
  dataLoaderBatches: { loader: string; size: number }[];
  /** The operation's tracing span, when tracing is on; upstream spans become its children. */
  span: Span | undefined;
  durationMs: number;
}

const storage = new AsyncLocalStorage<OperationScope>();

/** The operation whose code is running now, if any. */
export function currentOperation(): OperationScope | undefined {
  return storage.getStore();
}

/** Records a DataLoader batch on the current operation (a no-op outside one). */
export function recordBatch(loader: string, size: number): void {
  currentOperation()?.dataLoaderBatches.push({ loader, size });
}

export interface OperationObserver {
  start?(scope: OperationScope): void;
  /** Called once the result (or the error that replaced it) is known. */
  end?(scope: OperationScope): void;
}

/** Opens an OperationScope around every GraphQL operation and tells the observers, in order. */
export function useOperationScope(observers: OperationObserver[]): Plugin {
  return {
    instrumentation: {
      operation: ({ request }, wrapped) => {
        const scope: OperationScope = {
          request,
          requestId: requestIdOf(request),
          startedAt: performance.now(),
          operationName: undefined,
          operationType: undefined,
          upstreamCalls: 0,
          errorCodes: [],
          hasErrors: false,
          dataLoaderBatches: [],
          span: undefined,
          durationMs: 0,
        };
        for (const observer of observers) observer.start?.(scope);
        const finish = () => {
          scope.durationMs = performance.now() - scope.startedAt;
          for (const observer of observers) observer.end?.(scope);
        };
        return storage.run(scope, async () => {
          try {
            await wrapped();
          } catch (error) {
            // Errors thrown before execution (e.g. a refused persisted operation) end up here.
            scope.hasErrors = true;
            scope.errorCodes.push(codeOf(error));
            throw error;
          } finally {
            finish();
          }
        });
      },
    },
    onParams({ params }) {
      const scope = currentOperation();
      if (scope && typeof params.operationName === 'string') scope.operationName = params.operationName;
    },
    // After parsing, so an operation that then fails validation is still named.
    onParse({ context }) {
      return ({ result }) => {
        const scope = currentOperation();
        if (!scope || !result || result instanceof Error) return;
        const operation = getOperationAST(result as DocumentNode, (context as { params?: { operationName?: string } }).params?.operationName);
        if (!operation) return;
        scope.operationName = operation.name?.value;
        scope.operationType = operation.operation as OperationScope['operationType'];
      };
    },
    onExecutionResult({ result }) {
      const scope = currentOperation();
      if (!scope || !result || Symbol.asyncIterator in result) return;
      const errors = result.errors ?? [];
      if (errors.length) scope.hasErrors = true;
      for (const error of errors) scope.errorCodes.push(codeOf(error));
    },
  };
}

function codeOf(error: unknown): string {
  const code = (error as { extensions?: { code?: unknown } } | undefined)?.extensions?.code;
  return typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR';
}
