// GET /credits and GET /activity (the contract's Account tag): management keys only.
import type { components } from '../../contract/openrouter.ts';
import { SimError, type ApiRequest, type RouteDef } from '../http.ts';
import { ACTIVITY_DAYS, activityWindow, utcDate } from './activity.ts';
import { management, type OpenRouterCaller } from './caller.ts';
import { microUsdNumber } from './credits.ts';

/** `date`: YYYY-MM-DD, a real calendar day, inside the window; anything else is a 400. */
function dateParam(req: ApiRequest, window: { first: string; last: string }): string | undefined {
  const raw = req.query.get('date');
  if (raw === null) return undefined;
  const ms = /^\d{4}-\d{2}-\d{2}$/.test(raw) ? Date.parse(`${raw}T00:00:00Z`) : Number.NaN;
  // Date.parse rolls 02-30 into March: a real day reads back unchanged.
  if (Number.isNaN(ms) || utcDate(ms) !== raw) throw new SimError(400, 'date must be a day in the form YYYY-MM-DD', { field: 'date' });
  if (raw < window.first || raw > window.last) {
    throw new SimError(400, `date must be within the last ${ACTIVITY_DAYS} completed UTC days (${window.first} to ${window.last})`, {
      field: 'date',
    });
  }
  return raw;
}

export function accountRoutes(basePath: string): RouteDef<OpenRouterCaller>[] {
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
    {
      path: `${basePath}/activity`,
      methods: {
        GET: (req, caller) => {
          const account = management(caller);
          const window = activityWindow(Date.now());
          const date = dateParam(req, window);
          const keyHash = req.query.get('api_key_hash') || undefined;
          const data = account.activity.query({
            first: date ?? window.first,
            last: date ?? window.last,
            ...(keyHash !== undefined && { keyHash }),
          });
          const body: components['schemas']['ActivityResponse'] = { data };
          return { status: 200, body };
        },
      },
    },
  ];
}
