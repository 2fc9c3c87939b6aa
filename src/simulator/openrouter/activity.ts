// The account's activity (GET /activity): one row per UTC day × model × endpoint over the last
// 30 completed days, summed over keys unless one key is asked for. Stored per key in micro-USD.
import type { components } from '../../contract/openrouter.ts';
import { DeferredSeed } from '../deferred-seed.ts';
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
