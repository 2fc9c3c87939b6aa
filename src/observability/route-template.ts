/**
 * Turns an upstream path into a low-cardinality route template for metric labels and span
 * names: `/provider-keys/aigpk_123` → `/provider-keys/{id}`, `/keys/9f86…` → `/keys/{id}`.
 * REST paths alternate collection and id (`/collection/{id}/sub-collection/{id}`), so a segment
 * stays literal only in a collection position and only when it looks like a word; anything
 * else becomes `{id}`. That way no resource id, token or secret can reach a label.
 */
export function routeTemplate(path: string): string {
  const segments = path.split('?')[0]!.split('/').filter(Boolean);
  const templated = segments.map((segment, index) => (index % 2 === 0 && LITERAL.test(segment) ? segment : '{id}'));
  return `/${templated.slice(0, MAX_SEGMENTS).join('/')}`;
}

const LITERAL = /^[a-z]{1,40}(?:-[a-z]{1,40}){0,4}$/;
const MAX_SEGMENTS = 6;
