import type { InputFieldMap, InputShapeFromFields, ObjectRef } from '@pothos/core';
import type { GatewayContext } from '../../context.ts';
import { builder, type Types } from '../builder.ts';
import { upstreamCost } from './upstream-cost.ts';
import { checkLength, LIMITS } from './input-validation.ts';
import { toGlobalId } from 'graphql-relay';
import { decodeGlobalId, type NodeTypeName } from './global-id.ts';

type PayloadShape<Result> = Result & { clientMutationId: string | null };

/**
 * A Relay mutation: `name(input: NameInput!): NamePayload` with `clientMutationId: String`
 * echoed from input to payload and never sent upstream. (plugin-relay's own helper types
 * clientMutationId as ID, which the target schema does not.)
 */
export function relayMutation<Fields extends InputFieldMap, Result extends object>(
  name: string,
  options: {
    description: string;
    inputFields: (t: PothosSchemaTypes.InputFieldBuilder<Types, 'InputObject'>) => Fields;
    payloadFields: (
      t: PothosSchemaTypes.ObjectFieldBuilder<Types, PayloadShape<Result>>,
    ) => Record<string, PothosSchemaTypes.FieldRef<Types, unknown>>;
    resolve: (input: InputShapeFromFields<Fields>, context: GatewayContext) => Promise<Result>;
    /** Upstream requests one call may make, for the operation's estimate (default 1). */
    upstreamRequests?: number;
  },
): void {
  const typeName = name.charAt(0).toUpperCase() + name.slice(1);
  const input = builder.inputType(`${typeName}Input`, {
    fields: (t) => ({
      ...options.inputFields(t),
      clientMutationId: t.string({ description: 'Echoed in the payload; never sent upstream.' }),
    }),
  });
  const payload = builder.objectRef<PayloadShape<Result>>(`${typeName}Payload`).implement({
    fields: (t) => ({
      ...options.payloadFields(t),
      clientMutationId: t.string({ nullable: true, resolve: (payload) => payload.clientMutationId }),
    }),
  });
  type MutationInput = InputShapeFromFields<Fields> & { clientMutationId?: string | null };
  const run = async ({ clientMutationId, ...fields }: MutationInput, context: GatewayContext): Promise<PayloadShape<Result>> => {
    checkLength('clientMutationId', clientMutationId, LIMITS.shortString);
    const result = await options.resolve(fields as InputShapeFromFields<Fields>, context);
    return { ...result, clientMutationId: clientMutationId ?? null };
  };
  builder.mutationField(name, (t) =>
    t.field({
      type: payload,
      nullable: true,
      description: options.description,
      extensions: upstreamCost('lookup', options.upstreamRequests),
      args: { input: t.arg({ type: input, required: true }) },
      // Pothos cannot follow the generic shapes through here; the casts restore them.
      resolve: (_root, args, context) => run((args as unknown as { input: MutationInput }).input, context) as never,
    }),
  );
}

/** `payloadFields` of a mutation that returns one object as `field` (null only when the mutation failed). */
export function returnsObject<Field extends string, T>(field: Field, type: ObjectRef<Types, T>) {
  return (t: PothosSchemaTypes.ObjectFieldBuilder<Types, PayloadShape<Record<Field, T | null>>>) => ({
    // Pothos cannot resolve the indexed type through the generics; the cast restores it.
    [field]: t.field({ type, nullable: true, resolve: (payload) => payload[field] as never }),
  });
}

/**
 * `payloadFields` of a create that returns the object as `field` and its one-time secret as
 * `secretField` (a nullable String): the only place the secret is ever readable.
 */
export function returnsObjectAndSecret<Field extends string, SecretField extends string, T>(
  field: Field,
  type: ObjectRef<Types, T>,
  secretField: SecretField,
  secretDescription: string,
) {
  // The builder is narrowed to the object field for returnsObject; Pothos cannot follow the indexed secret type, hence the casts.
  return (t: PothosSchemaTypes.ObjectFieldBuilder<Types, PayloadShape<Record<Field, T | null> & Record<SecretField, string | null>>>) => ({
    ...returnsObject(field, type)(t as never),
    [secretField]: t.string({ nullable: true, description: secretDescription, resolve: (payload) => payload[secretField] as never }),
  });
}

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
    loader: (context: GatewayContext) => { replace(key: string, value: null): unknown };
  },
): void {
  relayMutation(`delete${typename}`, {
    description: options.description,
    inputFields: (t) => ({ id: t.id({ required: true, description: `Global ID of the ${typename} to delete.` }) }),
    resolve: async (input, context) => {
      const { id } = decodeGlobalId(input.id, [typename]);
      await options.remove(context, id);
      options.loader(context).replace(id, null);
      return { deletedId: toGlobalId(typename, id) };
    },
    payloadFields: (t) => ({
      [`deleted${typename}Id`]: t.id({ nullable: true, resolve: (payload) => payload.deletedId }),
    }),
  });
}
