// The AI Gateway writes its timeouts as Go duration strings (`60s`, `2m`, `1m30s`). Hand-written
// beside the generated types so that the gateway (input validation) and the simulator (request
// bodies) read them alike.

const UNIT_NANOS: Record<string, number> = { ns: 1, us: 1e3, µs: 1e3, μs: 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };
const DURATION = /^(?:(?:\d+\.?\d*|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+$/;
const PART = /(\d+\.?\d*|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g;

/** Nanoseconds of a Go `time.ParseDuration` string (`90s`, `1m30s`, `1.5h`, `-5s`), or undefined when it is not one. */
export function goDurationNanos(text: string): number | undefined {
  const signed = text.startsWith('-') || text.startsWith('+');
  const unsigned = signed ? text.slice(1) : text;
  if (unsigned === '0') return 0;
  if (!DURATION.test(unsigned)) return undefined;
  let total = 0;
  for (const [, value, unit] of unsigned.matchAll(PART)) total += Number(value) * UNIT_NANOS[unit!]!;
  return text.startsWith('-') ? -total : total;
}

/** What the gateway settings accept as a timeout: a Go duration longer than zero. */
export function isPositiveGoDuration(text: string): boolean {
  const nanos = goDurationNanos(text);
  return nanos !== undefined && nanos > 0;
}
