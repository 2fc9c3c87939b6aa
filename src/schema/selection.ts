import { Kind, type FieldNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

/**
 * A test of whether the operation reads nothing under the current field but `fields`, so that a
 * resolver can answer from what the parent already carries (such as the `{id, uri, name}` link an
 * upstream inlines) instead of loading the whole resource. Fragments count; so does a field under
 * `@skip`/`@include`, whatever the variables say (the answer is then only less often "yes").
 * Remembered per field node: a cached document is walked once, not once per item of a list.
 */
export function selectsOnly(fields: readonly string[]): (info: GraphQLResolveInfo) => boolean {
  const allowed = new Set([...fields, '__typename']);
  const known = new WeakMap<FieldNode, boolean>();
  return (info) => {
    const node = info.fieldNodes[0];
    if (node === undefined) return false;
    let answer = known.get(node);
    if (answer === undefined) {
      answer = info.fieldNodes.every((field) => field.selectionSet === undefined || within(field.selectionSet, allowed, info, new Set()));
      known.set(node, answer);
    }
    return answer;
  };
}

function within(set: SelectionSetNode, allowed: ReadonlySet<string>, info: GraphQLResolveInfo, seen: Set<string>): boolean {
  return set.selections.every((selection) => {
    if (selection.kind === Kind.FIELD) return allowed.has(selection.name.value);
    if (selection.kind === Kind.INLINE_FRAGMENT) return within(selection.selectionSet, allowed, info, seen);
    const name = selection.name.value;
    if (seen.has(name)) return true;
    seen.add(name);
    const fragment = info.fragments[name];
    return fragment !== undefined && within(fragment.selectionSet, allowed, info, seen);
  });
}
