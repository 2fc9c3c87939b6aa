import type { Span } from '@opentelemetry/api';
import { getOperationAST, type DocumentNode, type ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { perOperation } from '../operation-memo.ts';
import { requestIdOf } from './request-id.ts';

/**
 * Facts about one GraphQL operation, gathered while it runs, for metrics, logs and traces.
 * It is found by its HTTP request; the request context hands it to the upstream API objects
 * and DataLoaders. (Not AsyncLocalStorage: its promise hooks cost CPU on every await of every
 * resolver; bench/RESULTS.md has the measurement.)
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

const scopes = new WeakMap<Request, OperationScope>();

/** The operation a request is running, if any. */
export function operationOf(request: Request): OperationScope | undefined {
  return scopes.get(request);
}

/** Records a DataLoader batch on an operation (a no-op without one). */
export function recordBatch(scope: OperationScope | undefined, loader: string, size: number): void {
  scope?.dataLoaderBatches.push({ loader, size });
}

export interface OperationObserver {
  start?(scope: OperationScope): void;
  /** Called once the result (or the error that replaced it) is known. */
  end?(scope: OperationScope): void;
}

/**
 * Opens an OperationScope for every GraphQL request once its parameters are parsed, and tells
 * the observers, in order, when its result is known. Plain hooks rather than envelop's
 * `instrumentation`: with any instrumentation present, every phase of every request (parse,
 * validate, context, execute) runs through wrapper promises (bench/RESULTS.md).
 */
export function useOperationScope(observers: OperationObserver[]): Plugin {
  return {
    onRequestParse({ request }) {
      return {
        onRequestParseDone() {
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
          scopes.set(request, scope);
          for (const observer of observers) observer.start?.(scope);
        },
      };
    },
    onParams({ params, request }) {
      const scope = operationOf(request);
      if (scope && typeof params.operationName === 'string') scope.operationName = params.operationName;
    },
    // After parsing, so an operation that then fails validation is still named.
    onParse({ context }) {
      return ({ result }) => {
        const request = (context as { request?: Request }).request;
        const scope = request && operationOf(request);
        if (!scope || !result || result instanceof Error) return;
        const operation = operationFacts(
          result as DocumentNode,
          (context as { params?: { operationName?: string } }).params?.operationName,
        );
        if (!operation) return;
        scope.operationName = operation.name;
        scope.operationType = operation.type;
      };
    },
    // Every result passes here, also the errors thrown before execution (a refused persisted
    // operation, a missing query), which yoga turns into a result.
    onResultProcess({ request, result }) {
      const scope = operationOf(request);
      if (!scope) return;
      scopes.delete(request); // ends once, even if yoga processes a failed result again
      for (const single of Array.isArray(result) ? result : [result]) {
        if (!single || Symbol.asyncIterator in single) continue;
        const errors = (single as ExecutionResult).errors ?? [];
        if (errors.length) scope.hasErrors = true;
        for (const error of errors) scope.errorCodes.push(codeOf(error));
      }
      scope.durationMs = performance.now() - scope.startedAt;
      for (const observer of observers) observer.end?.(scope);
    },
  };
}

interface OperationFacts {
  name: string | undefined;
  type: OperationScope['operationType'];
}

const operationFacts = perOperation((document, operationName): OperationFacts | null => {
  const operation = getOperationAST(document, operationName);
  return operation ? { name: operation.name?.value, type: operation.operation as OperationScope['operationType'] } : null;
});

function codeOf(error: unknown): string {
  const code = (error as { extensions?: { code?: unknown } } | undefined)?.extensions?.code;
  return typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR';
}
