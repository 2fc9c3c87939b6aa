import type DataLoader from 'dataloader';
import { toGlobalId } from 'graphql-relay';
import type { GatewayContext } from '../context.ts';
import { decodeGlobalId, type NodeTypeName } from './global-id.ts';
import { relayMutation } from './relay-mutation.ts';

/**
 * `delete<Type>(input: {id}) → {deleted<Type>Id}`: one upstream DELETE (204, no body), no
 * retry. The payload carries the canonical global ID so a Relay store can drop the record;
 * an upstream 409 (still referenced) surfaces as CONFLICT with the upstream's message.
 */
export function deleteMutation(
  typename: NodeTypeName,
  options: {
    description: string;
    remove: (context: GatewayContext, restId: string) => Promise<void>;
    /** The per-request loader to forget the deleted object in. */
    loader: (context: GatewayContext) => DataLoader<string, unknown>;
  },
): void {
  relayMutation(`delete${typename}`, {
    description: options.description,
    inputFields: (t) => ({ id: t.id({ required: true, description: `Global ID of the ${typename} to delete.` }) }),
    resolve: async (input, context) => {
      const { id } = decodeGlobalId(input.id, [typename]);
      await options.remove(context, id);
      options.loader(context).clear(id).prime(id, null);
      return { deletedId: toGlobalId(typename, id) };
    },
    payloadFields: (t) => ({
      [`deleted${typename}Id`]: t.id({ nullable: true, resolve: (payload) => payload.deletedId }),
    }),
  });
}
