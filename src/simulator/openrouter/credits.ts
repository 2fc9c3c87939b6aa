// The account's credits bought and used, all time (GET /credits). Kept in micro-USD integers and
// rendered as the contract's numbers, so the balance a client computes has no drift.
import { formatDecimal } from '../decimal.ts';

/** USD amounts are stored in millionths, OpenRouter's precision. */
export const MICRO_USD_SCALE = 6;

/** micro-USD → the JSON number with exactly that decimal value (the nearest double, parsed from the string). */
export function microUsdNumber(micros: bigint): number {
  return Number(formatDecimal(micros, MICRO_USD_SCALE));
}

export class OpenRouterCredits {
  totalCreditsMicros = 0n;
  totalUsageMicros = 0n;
}
