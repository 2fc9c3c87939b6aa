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
import { LIST_FIRST_LOADERS } from '../data-loaders.ts';
import { DEFAULT_PAGE_SIZE } from '../schema/relay/connection.ts';
import type { UpstreamCostExtensions } from '../schema/relay/upstream-cost.ts';

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
        if (kind === 'lookup' || kind === 'nodes' || kind === 'batched') lookups = true;
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
  // Lookups may add one list read per loader (listFirst in src/data-loaders.ts).
  return lookups ? total + LIST_FIRST_LOADERS : total;
}

function fieldOf(parent: GraphQLCompositeType, name: string, schema: GraphQLSchema): GraphQLField<unknown, unknown> | undefined {
  if (isObjectType(parent) || !isAbstractType(parent))
    return (parent as { getFields(): Record<string, GraphQLField<unknown, unknown>> }).getFields()[name];
  // On an interface, cost the field as its first implementation declares it: the gateway's
  // interface fields (Node.id, the AI Gateway resource fields) cost nothing in any of them.
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
  const cost = field.extensions as Partial<UpstreamCostExtensions> | undefined;
  const kind = cost?.upstreamCost;
  if (!kind) return { own: 0, perItem: 1 };
  let args: Record<string, unknown> = {};
  try {
    args = getArgumentValues(field, node, variables);
  } catch {
    // Invalid arguments fail later with a precise error; cost them at the defaults.
  }
  if (kind === 'connection') {
    const first = typeof args.first === 'number' && args.first >= 0 ? args.first : DEFAULT_PAGE_SIZE;
    return { own: Math.ceil((first + 1) / (cost.upstreamPageSize ?? 1)), perItem: first };
  }
  if (kind === 'nodes') {
    const count = Array.isArray(args.ids) ? args.ids.length : 1;
    return { own: count, perItem: count };
  }
  // Counted among the list reads added once per operation (LIST_FIRST_LOADERS), not per item.
  if (kind === 'batched') return { own: 0, perItem: 1 };
  return { own: cost.upstreamRequests ?? 1, perItem: 1 };
}
