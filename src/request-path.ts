/**
 * The path of a request URL, read off the string: hooks that run on every request and only
 * compare the path need not parse the whole URL (yoga's `url` parses on first use).
 */
export function pathnameOf(url: string): string {
  const scheme = url.indexOf('://');
  let start = scheme < 0 ? 0 : scheme + 3;
  while (start < url.length && url[start] !== '/' && url[start] !== '?' && url[start] !== '#') start++;
  if (url[start] !== '/') return '/';
  let end = start;
  while (end < url.length && url[end] !== '?' && url[end] !== '#') end++;
  return url.slice(start, end);
}
