import { brandWithType, type ObjectRef } from '@pothos/core';
import type { GatewayContext } from '../../context.ts';
import { asError, badUserInput } from '../../errors.ts';
import { builder, type Types } from '../builder.ts';
import { upstreamCost } from './upstream-cost.ts';
import { decodeGlobalId, type NodeTypeName } from './global-id.ts';
import { nodeFetcher } from './node-registry.ts';

export { registerNodeType } from './node-registry.ts';

/** The largest `nodes(ids:)` list; each id may cost an upstream request. */
export const MAX_NODES = 100;

/** Resolves one global ID to its object, or null when the resource does not exist. */
export async function loadNode(context: GatewayContext, globalId: string, expected?: readonly NodeTypeName[]) {
  const { typename, id } = decodeGlobalId(globalId, expected);
  const fetch = nodeFetcher(typename);
  if (!fetch) throw badUserInput(`Objects of type ${typename} cannot be fetched by ID.`);
  const node = await fetch(context, id);
  // Branding tells the Node interface which concrete type an object is.
  if (node) brandWithType(node, typename as never);
  return node;
}

builder.queryField('node', (t) =>
  t.field({
    type: builder.nodeInterfaceRef(),
    nullable: true,
    description: 'Fetches any object by global ID; null when it does not exist. A malformed ID is BAD_USER_INPUT.',
    extensions: upstreamCost('lookup'),
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, context) => loadNode(context, args.id),
  }),
);

builder.queryField('nodes', (t) =>
  t.field({
    type: [builder.nodeInterfaceRef()],
    nullable: { list: false, items: true },
    description: `Fetches up to ${MAX_NODES} objects by global ID, in order. Each entry fails on its own: a missing object is null, a malformed ID is null with a BAD_USER_INPUT error at its index.`,
    extensions: upstreamCost('nodes'),
    args: { ids: t.arg.idList({ required: true }) },
    resolve: (_root, args, context) => {
      if (args.ids.length > MAX_NODES) throw badUserInput(`"ids" may hold at most ${MAX_NODES} IDs.`);
      // A list of promises (not one awaited batch) lets one failing entry leave the others intact.
      // A failed entry resolves to its Error (which GraphQL reports at its index) rather than
      // rejecting: graphql-jit misplaces entries that reject before earlier ones resolve.
      return args.ids.map((id) => loadNode(context, id).catch(asError));
    },
  }),
);

/** A root field `(id: ID!): Type` that loads one object of `typename` by global ID; null when it does not exist. */
export function nodeLookupField<T>(
  t: PothosSchemaTypes.QueryFieldBuilder<Types, Types['Root']>,
  type: ObjectRef<Types, T>,
  typename: string,
  description: string,
) {
  return t.field({
    type,
    nullable: true,
    description,
    extensions: upstreamCost('lookup'),
    args: { id: t.arg.id({ required: true }) },
    // Pothos cannot follow the generic T through its resolver types; the cast restores it.
    resolve: (_root, args, context) => loadNode(context, args.id, [typename]) as never,
  });
}
