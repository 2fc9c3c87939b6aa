/**
 * The path of a request URL, read off the string. yoga hands plugins a URL object that parses
 * the whole URL on first use (~1-2 µs); for `POST /graphql` yoga itself never needs it, so
 * routing plugins that only compare the path should not be the ones to pay for it.
 */
export function pathnameOf(url: string): string {
  const scheme = url.indexOf('://');
  const start = url.indexOf('/', scheme < 0 ? 0 : scheme + 3);
  if (start < 0) return '/';
  let end = url.length;
  for (const stop of ['?', '#']) {
    const at = url.indexOf(stop, start);
    if (at >= 0 && at < end) end = at;
  }
  return url.slice(start, end);
}
