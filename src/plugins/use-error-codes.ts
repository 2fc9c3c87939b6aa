import { GraphQLError, type ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { GatewayContext } from '../context.ts';
import { GatewayError } from '../errors.ts';

/**
 * Gives every execution error a stable `extensions.code`:
 * - GatewayError (validation, upstream faults) → its code and client-safe details;
 * - graphql-js input coercion errors (bad variable types, unknown enum values) → BAD_USER_INPUT;
 * - anything else is unexpected: logged with the request id, answered with a generic message.
 */
export function useErrorCodes(): Plugin<GatewayContext> {
  return {
    onExecute({ args }) {
      const context = args.contextValue as GatewayContext;
      return {
        onExecuteDone({ result, setResult }) {
          if (!('errors' in result) || !result.errors?.length) return;
          const errors = result.errors.map((error) => toClientError(error, context));
          setResult({ ...(result as ExecutionResult), errors });
        },
      };
    },
  };
}

function toClientError(error: GraphQLError, context: GatewayContext): GraphQLError {
  const original = error.originalError;
  const at = { nodes: error.nodes, source: error.source, positions: error.positions, path: error.path };
  if (original instanceof GatewayError) {
    context.log.debug({ code: original.code, path: error.path?.join('.') }, original.message);
    return new GraphQLError(original.message, { ...at, extensions: { ...original.details, code: original.code } });
  }
  if (!original || original instanceof GraphQLError) {
    if (error.extensions?.code) return error;
    const code = (original as GraphQLError | undefined)?.extensions?.code ?? 'BAD_USER_INPUT';
    return new GraphQLError(error.message, { ...at, extensions: { ...error.extensions, code } });
  }
  context.log.error({ err: original, path: error.path?.join('.') }, 'unexpected error while resolving');
  return new GraphQLError(`Unexpected error. Quote request id ${context.requestId} when reporting it.`, {
    ...at,
    extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: context.requestId },
  });
}
