import type { AccessKeyConfiguration, AccessScopeWrite } from '../upstream/ai-gateway.ts';
import { builder } from './builder.ts';
import { checkLength, checkListSize, LIMITS, presentFields } from './relay/input-validation.ts';

type AccessScope = NonNullable<AccessKeyConfiguration['access']>;
type AllowList = { allow: string[] };

const AllowListRef = builder.objectRef<AllowList>('AllowList').implement({
  fields: (t) => ({ allow: t.exposeStringList('allow') }),
});

/** A dimension without `allow` restricts nothing, which the schema expresses as null. */
const allowList = (dimension: AccessScope['providers']): AllowList | null => (dimension?.allow ? { allow: dimension.allow } : null);

export const AccessScopeRef = builder.objectRef<AccessScope>('AccessScope').implement({
  fields: (t) => ({
    providers: t.field({
      type: AllowListRef,
      nullable: true,
      description: 'Null means every provider is allowed.',
      resolve: (scope) => allowList(scope.providers),
    }),
    models: t.field({
      type: AllowListRef,
      nullable: true,
      description: 'Null means every model is allowed.',
      resolve: (scope) => allowList(scope.models),
    }),
  }),
});

const AllowListInput = builder.inputType('AllowListInput', {
  fields: (t) => ({ allow: t.stringList({ required: true, description: 'Exact-match entries; [] allows nothing.' }) }),
});

export const AccessScopeInput = builder.inputType('AccessScopeInput', {
  fields: (t) => ({
    providers: t.field({ type: AllowListInput, description: 'Omit for no restriction on providers.' }),
    models: t.field({ type: AllowListInput, description: 'Omit for no restriction on models.' }),
  }),
});

type AccessScopeInputShape = {
  providers?: { allow: string[] } | null;
  models?: { allow: string[] } | null;
};

/** Maps the input to the upstream's write shape, keeping omitted-vs-null at every level. */
export function accessScopeBody(input: AccessScopeInputShape | null): AccessScopeWrite | null {
  if (input === null) return null;
  for (const dimension of ['providers', 'models'] as const) {
    const allow = input[dimension]?.allow;
    checkListSize(`access.${dimension}.allow`, allow, LIMITS.listEntries);
    for (const entry of allow ?? []) checkLength(`access.${dimension}.allow`, entry, LIMITS.shortString);
  }
  return presentFields(input, ['providers', 'models']);
}
