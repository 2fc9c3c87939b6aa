import type { ExecutionResult } from 'graphql';
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { collectSecrets, redactDeep, redactText } from '../secrets.ts';

/**
 * graphql-js quotes the offending variable value in input errors ("Variable "$input" got
 * invalid value { name: "x", value: "sk-..." }; ..."), which would hand a write-only secret
 * back in an error. This redacts every secret the request's variables carry from every error.
 */
export function useSecretRedaction(): Plugin {
  return {
    onExecute({ args }) {
      const secrets = collectSecrets(args.variableValues);
      if (secrets.length === 0) return undefined;
      return {
        onExecuteDone({ result, setResult }) {
          if (!('errors' in result) || !result.errors?.length) return;
          const errors = result.errors.map(
            (error) =>
              new GraphQLError(redactText(error.message, secrets), {
                nodes: error.nodes,
                source: error.source,
                positions: error.positions,
                path: error.path,
                extensions: redactDeep(error.extensions, secrets),
              }),
          );
          setResult({ ...(result as ExecutionResult), errors });
        },
      };
    },
  };
}
