// GET /credits: the account's credits bought and used, all time. Kept in micro-USD integers and
// rendered as the contract's numbers, so the balance a client computes has no drift.
import type { components } from '../../contract/openrouter.ts';
import { formatDecimal } from '../decimal.ts';
import type { RouteDef } from '../http.ts';
import { management, type OpenRouterCaller } from './caller.ts';

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

export function creditsRoutes(basePath: string): RouteDef<OpenRouterCaller>[] {
  return [
    {
      path: `${basePath}/credits`,
      methods: {
        GET: (_req, caller) => {
          const { credits } = management(caller);
          const body: components['schemas']['CreditsResponse'] = {
            data: { total_credits: microUsdNumber(credits.totalCreditsMicros), total_usage: microUsdNumber(credits.totalUsageMicros) },
          };
          return { status: 200, body };
        },
      },
    },
  ];
}
