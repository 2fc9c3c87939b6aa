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
import { DEFAULT_PAGE_SIZE, isValidFirst } from '../schema/relay/connection.ts';
import { MAX_NODES } from '../schema/relay/node.ts';
import type { UpstreamCostExtensions } from '../schema/relay/upstream-cost.ts';

/**
 * The most upstream requests the operation can cause (DataLoader deduplication makes the real
 * count lower). A field whose arguments it refuses (`first` over 500, more than 100 `ids`)
 * fails before any upstream request, so it and its subtree cost nothing: execution then answers
 * with that field's precise BAD_USER_INPUT instead of an estimate over a meaningless number.
 */
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
  // Fields whose read is shared by the whole request count once, however often they resolve.
  const sharedReads = new Set<GraphQLField<unknown, unknown>>();
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
        // A batched field costs no request of its own but may add its loader's list read.
        if (((kind === 'lookup' || kind === 'nodes') && own > 0) || kind === 'batched') lookups = true;
        total += multiplier * own;
        const shared = (field.extensions as UpstreamCostExtensions | undefined)?.sharedUpstreamRequests;
        if (shared && !sharedReads.has(field)) {
          sharedReads.add(field);
          total += shared;
        }
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
  const refused = { own: 0, perItem: 0 };
  let args: Record<string, unknown>;
  try {
    args = getArgumentValues(field, node, variables);
  } catch {
    // Arguments that do not coerce fail the field before its resolver runs.
    return refused;
  }
  if (kind === 'connection') {
    const first = args.first == null ? DEFAULT_PAGE_SIZE : (args.first as number);
    if (!isValidFirst(first)) return refused;
    return { own: Math.ceil((first + 1) / (cost.upstreamPageSize ?? 1)), perItem: first };
  }
  if (kind === 'nodes') {
    const count = Array.isArray(args.ids) ? args.ids.length : 1;
    if (count > MAX_NODES) return refused;
    return { own: count, perItem: count };
  }
  // Counted among the list reads added once per operation (LIST_FIRST_LOADERS), not per item.
  if (kind === 'batched') return { own: 0, perItem: 1 };
  return { own: cost.upstreamRequests ?? 1, perItem: 1 };
}
