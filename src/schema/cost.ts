import {
  getArgumentValues,
  getNamedType,
  isAbstractType,
  isObjectType,
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { LIST_FIRST_LOADERS } from '../loaders.ts';
import { DEFAULT_PAGE_SIZE } from './connection.ts';

/**
 * How many upstream requests a field may cost, declared on the field as
 * `extensions: upstreamCost(...)`. The estimate is an upper bound computed before
 * execution, so one operation cannot fan out into thousands of upstream calls.
 */
export type UpstreamCostKind = 'connection' | 'lookup' | 'nodes';

const UPSTREAM_PAGE_SIZE = 100;

/** `requests`: how many upstream requests one lookup may make (a mutation that reads before it writes). */
export function upstreamCost(kind: UpstreamCostKind, requests = 1): { upstreamCost: UpstreamCostKind; upstreamRequests: number } {
  return { upstreamCost: kind, upstreamRequests: requests };
}

/** The most upstream requests the operation can cause (DataLoader deduplication makes the real count lower). */
export function estimateUpstreamRequests(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown>,
): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  let operation: OperationDefinitionNode | undefined;
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    if (definition.kind === Kind.OPERATION_DEFINITION && (!operationName || definition.name?.value === operationName)) {
      operation ??= definition;
    }
  }
  const root = operation && schema.getRootType(operation.operation);
  if (!operation || !root) return 0;

  let lookups = false;
  const visit = (selectionSet: SelectionSetNode, parent: GraphQLCompositeType, multiplier: number, seen: Set<string>): number => {
    let total = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        total += visit(selection.selectionSet, (type ?? parent) as GraphQLCompositeType, multiplier, seen);
      } else if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(selection.name.value);
        // A fragment spread inside itself is a validation error; never loop on it.
        if (!fragment || seen.has(fragment.name.value)) continue;
        const type = schema.getType(fragment.typeCondition.name.value) as GraphQLCompositeType | undefined;
        total += visit(fragment.selectionSet, type ?? parent, multiplier, new Set([...seen, fragment.name.value]));
      } else {
        const field = fieldOf(parent, selection.name.value, schema);
        if (!field) continue;
        const { own, perItem } = fieldCost(field, selection, variables);
        const kind = field.extensions?.upstreamCost;
        if (kind === 'lookup' || kind === 'nodes') lookups = true;
        total += multiplier * own;
        if (selection.selectionSet) {
          const child = getNamedType(field.type) as GraphQLCompositeType;
          total += visit(selection.selectionSet, child, multiplier * perItem, seen);
        }
      }
    }
    return total;
  };
  const total = visit(operation.selectionSet, root, 1, new Set());
  // Lookups may add one list read per loader (src/loaders.ts listFirst).
  return lookups ? total + LIST_FIRST_LOADERS : total;
}

function fieldOf(parent: GraphQLCompositeType, name: string, schema: GraphQLSchema): GraphQLField<unknown, unknown> | undefined {
  if (isObjectType(parent) || !isAbstractType(parent))
    return (parent as { getFields(): Record<string, GraphQLField<unknown, unknown>> }).getFields()[name];
  // On an interface, cost as the most expensive implementation would.
  return schema
    .getPossibleTypes(parent)
    .map((type) => type.getFields()[name])
    .find(Boolean);
}

function fieldCost(
  field: GraphQLField<unknown, unknown>,
  node: Parameters<typeof getArgumentValues>[1],
  variables: Record<string, unknown>,
) {
  const kind = field.extensions?.upstreamCost as UpstreamCostKind | undefined;
  if (!kind) return { own: 0, perItem: 1 };
  let args: Record<string, unknown> = {};
  try {
    args = getArgumentValues(field, node, variables);
  } catch {
    // Invalid arguments fail later with a precise error; cost them at the defaults.
  }
  if (kind === 'connection') {
    const first = typeof args.first === 'number' && args.first >= 0 ? args.first : DEFAULT_PAGE_SIZE;
    return { own: Math.ceil((first + 1) / UPSTREAM_PAGE_SIZE), perItem: first };
  }
  if (kind === 'nodes') {
    const count = Array.isArray(args.ids) ? args.ids.length : 1;
    return { own: count, perItem: count };
  }
  const requests = field.extensions?.upstreamRequests;
  return { own: typeof requests === 'number' ? requests : 1, perItem: 1 };
}
