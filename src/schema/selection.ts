import {
  getDirectiveValues,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  Kind,
  type FieldNode,
  type GraphQLResolveInfo,
  type SelectionNode,
  type SelectionSetNode,
} from 'graphql';

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
      answer = info.fieldNodes.every(
        (field) =>
          field.selectionSet === undefined || fieldsIn(field.selectionSet, info, undefined).every((f) => allowed.has(f.name.value)),
      );
      known.set(node, answer);
    }
    return answer;
  };
}

/**
 * The names of the fields the items of the connection being resolved (its `nodes`, or
 * `edges { node }`) read, through fragments and aliases, leaving out what `@skip`/`@include`
 * leave out for these variables: a connection may then load what its items link to before they
 * resolve.
 */
export function itemFields(info: GraphQLResolveInfo): Set<string> {
  const sub = (fields: readonly FieldNode[], field: string) =>
    fields.flatMap((node) =>
      node.selectionSet ? fieldsIn(node.selectionSet, info, info.variableValues).filter((f) => f.name.value === field) : [],
    );
  const items = [...sub(info.fieldNodes, 'nodes'), ...sub(sub(info.fieldNodes, 'edges'), 'node')];
  return new Set(
    items.flatMap((item) => (item.selectionSet ? fieldsIn(item.selectionSet, info, info.variableValues) : [])).map((f) => f.name.value),
  );
}

/**
 * The fields of a selection set, fragments flattened (each once). With `variables`, without
 * those `@skip`/`@include` leave out for them; without, every field, whatever the directives.
 */
function fieldsIn(
  set: SelectionSetNode,
  info: GraphQLResolveInfo,
  variables: Record<string, unknown> | undefined,
  seen = new Set<string>(),
): FieldNode[] {
  return set.selections.flatMap((selection) => {
    if (variables !== undefined && !included(selection, variables)) return [];
    if (selection.kind === Kind.FIELD) return [selection];
    if (selection.kind === Kind.INLINE_FRAGMENT) return fieldsIn(selection.selectionSet, info, variables, seen);
    const name = selection.name.value;
    const fragment = info.fragments[name];
    if (seen.has(name) || fragment === undefined) return [];
    seen.add(name);
    return fieldsIn(fragment.selectionSet, info, variables, seen);
  });
}

function included(node: SelectionNode, variables: Record<string, unknown>): boolean {
  if (!node.directives?.length) return true;
  if (getDirectiveValues(GraphQLSkipDirective, node, variables)?.if === true) return false;
  return getDirectiveValues(GraphQLIncludeDirective, node, variables)?.if !== false;
}
