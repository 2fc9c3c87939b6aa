// GET /activity: one row per UTC day × model × endpoint over the last 30 completed days,
// summed over keys unless `api_key_hash` picks one key. Stored per key in integer micro-USD.
import type { components } from '../../contract/openrouter.ts';
import { DeferredSeed } from '../deferred-seed.ts';
import { SimError, type ApiRequest, type RouteDef } from '../http.ts';
import { management, type OpenRouterCaller } from './caller.ts';
import { microUsdNumber } from './credits.ts';

type ActivityItem = components['schemas']['ActivityItem'];

export const ACTIVITY_DAYS = 30;
const DAY_MS = 86_400_000;

export interface ActivityRow {
  keyHash: string;
  /** YYYY-MM-DD, UTC. */
  date: string;
  model: string;
  modelPermaslug: string;
  endpointId: string;
  providerName: string;
  usageMicros: bigint;
  byokMicros: bigint;
  requests: number;
  promptTokens: number;
  completionTokens: number;
  reasoningTokens: number;
}

export const utcDate = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** The dates /activity covers at `nowMs`: yesterday back to 30 days ago (today is not complete). */
export function activityWindow(nowMs: number): { first: string; last: string } {
  return { first: utcDate(nowMs - ACTIVITY_DAYS * DAY_MS), last: utcDate(nowMs - DAY_MS) };
}

export class ActivityLog {
  private readonly rows: ActivityRow[] = [];
  /** The demo rows, built on first use (see DeferredSeed). */
  readonly seed = new DeferredSeed();

  add(row: ActivityRow): void {
    this.seed.run();
    this.rows.push(row);
  }

  /** Newest day first, then model and endpoint; rows of several keys on the same day/model/endpoint are summed. */
  query(q: { first: string; last: string; keyHash?: string }): ActivityItem[] {
    this.seed.run();
    const groups = new Map<string, ActivityRow>();
    for (const r of this.rows) {
      if (r.date < q.first || r.date > q.last || (q.keyHash !== undefined && r.keyHash !== q.keyHash)) continue;
      const key = `${r.date}\u0000${r.model}\u0000${r.endpointId}`;
      const sum = groups.get(key);
      if (!sum) {
        groups.set(key, { ...r });
        continue;
      }
      sum.usageMicros += r.usageMicros;
      sum.byokMicros += r.byokMicros;
      sum.requests += r.requests;
      sum.promptTokens += r.promptTokens;
      sum.completionTokens += r.completionTokens;
      sum.reasoningTokens += r.reasoningTokens;
    }
    const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    return [...groups.values()]
      .sort((a, b) => cmp(b.date, a.date) || cmp(a.model, b.model) || cmp(a.endpointId, b.endpointId))
      .map((r) => ({
        date: r.date,
        model: r.model,
        model_permaslug: r.modelPermaslug,
        endpoint_id: r.endpointId,
        provider_name: r.providerName,
        usage: microUsdNumber(r.usageMicros),
        byok_usage_inference: microUsdNumber(r.byokMicros),
        requests: r.requests,
        prompt_tokens: r.promptTokens,
        completion_tokens: r.completionTokens,
        reasoning_tokens: r.reasoningTokens,
      }));
  }
}

/** `date`: YYYY-MM-DD, a real calendar day, inside the window; anything else is a 400. */
function dateParam(req: ApiRequest, window: { first: string; last: string }): string | undefined {
  const raw = req.query.get('date');
  if (raw === null) return undefined;
  const real =
    /^\d{4}-\d{2}-\d{2}$/.test(raw) && !Number.isNaN(Date.parse(`${raw}T00:00:00Z`)) && utcDate(Date.parse(`${raw}T00:00:00Z`)) === raw;
  if (!real) throw new SimError(400, 'date must be a day in the form YYYY-MM-DD', { field: 'date' });
  if (raw < window.first || raw > window.last) {
    throw new SimError(400, `date must be within the last ${ACTIVITY_DAYS} completed UTC days (${window.first} to ${window.last})`, {
      field: 'date',
    });
  }
  return raw;
}

export function activityRoutes(basePath: string): RouteDef<OpenRouterCaller>[] {
  return [
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
