// Exact decimal amounts for the simulators: money is a bigint count of the smallest unit
// (e.g. 1e-5 USD), so sums never pick up floating-point error.

/** `"0.00125"` at scale 5 → `125n`. More fractional digits than `scale` is an error, not a rounding. */
export function parseDecimal(text: string, scale: number): bigint {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m || (m[3]?.length ?? 0) > scale) throw new RangeError(`not a decimal with at most ${scale} fractional digits: ${text}`);
  const units = BigInt(m[2]! + (m[3] ?? '').padEnd(scale, '0'));
  return m[1] ? -units : units;
}

/** `125n` at scale 5 → `"0.00125"`: always exactly `scale` fractional digits, as the AI Gateway sends them. */
export function formatDecimal(units: bigint, scale: number): string {
  const sign = units < 0n ? '-' : '';
  const digits = (units < 0n ? -units : units).toString().padStart(scale + 1, '0');
  return scale === 0 ? sign + digits : `${sign}${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
}

/** a × b / divisor, rounded half up (amounts here are never negative). */
export function mulDivRound(a: bigint, b: bigint, divisor: bigint): bigint {
  return (a * b + divisor / 2n) / divisor;
}
