import { maxAliasesPlugin } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthPlugin } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesPlugin } from '@escape.tech/graphql-armor-max-directives';
import { maxTokensPlugin } from '@escape.tech/graphql-armor-max-tokens';
import { GraphQLError, Kind, type DocumentNode, type GraphQLSchema } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { perOperation } from '../operation-memo.ts';
import { estimateUpstreamRequests } from './upstream-cost-estimate.ts';

export interface QueryLimits {
  maxAliases: number;
  maxDepth: number;
  maxDirectives: number;
  maxTokens: number;
  /** Upper bound on the upstream requests one operation may cause (see upstream-cost-estimate.ts). */
  maxUpstreamRequests: number;
}

/** The code every refused-for-size operation carries; `extensions.limit` names the limit. */
export const QUERY_TOO_COMPLEX = 'QUERY_TOO_COMPLEX';

/**
 * Refuses oversized operations before any resolver runs, hence before any upstream request:
 * graphql-armor for aliases, depth, directives and tokens; our own estimate for upstream fan-out.
 */
export function useQueryLimits(schema: GraphQLSchema, limits: QueryLimits): Plugin[] {
  const tag = (limit: string) => ({
    onReject: [
      (_context: unknown, error: GraphQLError) => {
        // armor's errors carry no code; give them ours so clients can tell them apart. armor also
        // words every refusal as a "Syntax Error", which it is not.
        Object.assign(error.extensions as Record<string, unknown>, { code: QUERY_TOO_COMPLEX, limit });
        error.message = error.message.replace(/^Syntax Error: /, '');
      },
    ],
    propagateOnRejection: true,
  });
  return [
    maxTokensPlugin({ n: limits.maxTokens, ...tag('tokens') }) as Plugin,
    maxAliasesPlugin({ n: limits.maxAliases, ...tag('aliases') }) as Plugin,
    maxDepthPlugin({ n: limits.maxDepth, ignoreIntrospection: true, flattenFragments: true, ...tag('depth') }) as Plugin,
    maxDirectivesPlugin({ n: limits.maxDirectives, ...tag('directives') }) as Plugin,
    useUpstreamCostLimit(schema, limits.maxUpstreamRequests),
  ];
}

function useUpstreamCostLimit(schema: GraphQLSchema, max: number): Plugin {
  // A document without variables always costs the same: estimated once per operation.
  const fixedCost = perOperation((document, operationName) =>
    hasVariables(document) ? undefined : estimateUpstreamRequests(schema, document, operationName, {}),
  );
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const variables = (args.variableValues ?? {}) as Record<string, unknown>;
      const cost =
        fixedCost(args.document, args.operationName) ?? estimateUpstreamRequests(schema, args.document, args.operationName, variables);
      if (cost <= max) return;
      setResultAndStopExecution({
        errors: [
          new GraphQLError(
            `This operation could need up to ${cost} upstream requests; the limit is ${max}. Ask for fewer items (first, ids) or split the operation.`,
            { extensions: { code: QUERY_TOO_COMPLEX, limit: 'upstreamRequests', cost, max } },
          ),
        ],
      });
    },
  };
}

function hasVariables(document: DocumentNode): boolean {
  return document.definitions.some(
    (definition) => definition.kind === Kind.OPERATION_DEFINITION && (definition.variableDefinitions?.length ?? 0) > 0,
  );
}
