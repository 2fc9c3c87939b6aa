import { GraphQLError, type ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { GatewayContext } from '../context.ts';
import { GatewayError } from '../errors.ts';

/**
 * Gives every execution error a stable `extensions.code`:
 * - GatewayError (validation, upstream faults) → its code and client-safe details;
 * - graphql-js errors outside any field (variable coercion: bad types, unknown enum values) → BAD_USER_INPUT;
 * - graphql-js errors at a field (a value the upstream sent that the schema cannot represent,
 *   such as a missing required field) → UPSTREAM_BAD_RESPONSE;
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

export function toClientError(error: GraphQLError, context: GatewayContext): GraphQLError {
  const original = error.originalError;
  const at = { nodes: error.nodes, source: error.source, positions: error.positions, path: error.path };
  if (original instanceof GatewayError) {
    context.log.debug({ code: original.code, path: error.path?.join('.') }, original.message);
    return new GraphQLError(original.message, { ...at, extensions: { ...original.details, code: original.code } });
  }
  if (!original || original instanceof GraphQLError || isLeafSerializationError(original)) {
    if (error.extensions?.code) return error;
    const code = (original as GraphQLError | undefined)?.extensions?.code;
    if (code || !error.path)
      return new GraphQLError(error.message, { ...at, extensions: { ...error.extensions, code: code ?? 'BAD_USER_INPUT' } });
    // The executor quotes the offending value in its message; upstream values stay out of responses and logs.
    context.log.warn({ path: error.path.join('.') }, 'upstream value does not fit the schema');
    return new GraphQLError(`The upstream answered with a value the schema cannot represent at ${error.path.join('.')}.`, {
      ...at,
      extensions: { code: 'UPSTREAM_BAD_RESPONSE' },
    });
  }
  context.log.error({ err: original, path: error.path?.join('.') }, 'unexpected error while resolving');
  return new GraphQLError(`Unexpected error. Quote request id ${context.requestId} when reporting it.`, {
    ...at,
    extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: context.requestId },
  });
}

/** The executor throws plain Errors when a scalar cannot serialize a resolved (upstream) value. */
function isLeafSerializationError(error: Error): boolean {
  return /cannot represent (a )?(non-)?[\w -]*value|^Expected `\w+\.serialize\(/i.test(error.message);
}
