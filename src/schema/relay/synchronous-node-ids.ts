import { isObjectType, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import { encodeGlobalId } from './global-id.ts';

type IdOf = GraphQLFieldResolver<unknown, unknown>;

/**
 * Pothos resolves a node's `id` through two async wrappers: a Promise per node, which graphql-jit
 * then waits for, at about 0.7 KB and a microtask round per item of a list. The `id` functions
 * the node types declare (`builder.node(…, { id: { resolve } })`) are synchronous, so each `id`
 * field is rewired to encode the global ID at once, with the same result (`encodeGlobalId`, as
 * the builder's `encodeGlobalID`). An `id` function that returns a promise is still awaited.
 */
export function withSynchronousNodeIds(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type)) continue;
    const idOf = (type.extensions.pothosOptions as { id?: { resolve?: IdOf } } | undefined)?.id?.resolve;
    const field = type.getFields().id;
    if (idOf === undefined || field === undefined) continue;
    const typename = type.name;
    field.resolve = (parent, args, context, info) => {
      const id = idOf(parent, args, context, info);
      if (id instanceof Promise) return id.then((value) => encodeGlobalId(typename, String(value)));
      return encodeGlobalId(typename, String(id));
    };
  }
  return schema;
}
