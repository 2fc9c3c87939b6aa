// Per-attempt usage events of one AI Gateway account: stored attempts, the filtered listing
// behind GET /usage, the daily overview and one request's attempt trace. Money is summed as
// bigint units, so the overview's figures are exactly the sums of the events' costs.
import type { components } from '../../contract/ai-gateway.ts';
import { DeferredSeed } from '../deferred-seed.ts';
import { SimError } from '../http.ts';
import { randomString, seededString } from '../ids.ts';
import { attemptCost, modelInfo, PROVIDER_DISPLAY_NAMES, totalCost, usd } from './usage-pricing.ts';

type S = components['schemas'];
export type UsageEvent = S['AIGatewayUsageEvent'];
export type RetryAction = S['AIGatewayRetryAction'];
export type AttemptCompletion = S['AIGatewayAttemptCompletion'];

export const DAY_MS = 86_400_000;

/** One stored attempt: the event as rendered plus the trace-only facts of GET /usage/requests/{id}. */
export interface UsageAttempt {
  atMs: number;
  event: UsageEvent;
  /** totalCost in 1e-5 USD, for exact sums. */
  costUnits: bigint;
  served: boolean;
  /** Absent on attempts "recorded before it was stored" (the contract's words). */
  retryAction?: RetryAction;
  completion: AttemptCompletion;
  requestDurationMs: number | null;
  upstreamDurationMs: number | null;
  timeToFirstTokenMs: number | null;
}

export interface TokenInput {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite5m: number;
  cacheWrite1h: number;
  /** Part of `output`, reported separately. */
  reasoning: number;
}

export interface AttemptInput {
  provider: string;
  model: string;
  /** `user` needs `providerKey`; `ngrok` is managed inference paid from credits. */
  keySource: 'user' | 'ngrok';
  providerKey?: { id: string; keyRedacted: string };
  /** Upstream HTTP status; default 200. */
  statusCode?: number;
  /** Default: succeeded for a 2xx, failed otherwise. */
  completion?: AttemptCompletion;
  /** Omit for attempts recorded before the field existed. */
  retryAction?: RetryAction;
  stopReason?: string;
  /** What the provider reported (or, when `usageEstimated`, what the gateway estimated). */
  tokens?: Partial<TokenInput>;
  usageEstimated?: boolean;
  durationMs?: number;
  upstreamDurationMs?: number | null;
  timeToFirstTokenMs?: number | null;
}

export interface RequestInput {
  /** Default: a fresh `rq_...`. */
  requestId?: string;
  accessKeyId: string;
  startedAtMs: number;
  isStreaming?: boolean;
  attempts: AttemptInput[];
}

export interface UsageQuery {
  startMs: number;
  endMs: number;
  accessKeyId?: string;
  includeRetries: boolean;
  /** Keyset position: only attempts after this one in newest-first order. */
  after?: { atMs: number; id: string };
  limit: number;
}

export type UsageGroupBy = 'provider' | 'accessKey';

export interface OverviewBucket {
  dayStartMs: number;
  groupKey: string;
  costUnits: bigint;
  requests: number;
  errors: number;
}

const ZERO_TOKENS: TokenInput = { input: 0, output: 0, cacheRead: 0, cacheWrite5m: 0, cacheWrite1h: 0, reasoning: 0 };

/** Newest first; ties broken by id so the order (and the cursor) is total. */
function newestFirst(a: { atMs: number; event: { id: string } }, b: { atMs: number; event: { id: string } }): number {
  if (a.atMs !== b.atMs) return b.atMs - a.atMs;
  return a.event.id < b.event.id ? 1 : a.event.id > b.event.id ? -1 : 0;
}

export class UsageStore {
  private readonly attempts: UsageAttempt[] = [];
  private readonly byRequest = new Map<string, UsageAttempt[]>();
  private sorted = true;
  /** The demo history, built on first use (see DeferredSeed). */
  readonly seed = new DeferredSeed();

  /** Records one client request and its attempts (the last one is final); returns the stored attempts. */
  addRequest(input: RequestInput): UsageAttempt[] {
    if (input.attempts.length === 0) throw new RangeError('a request needs at least one attempt');
    this.seed.run();
    const requestId = input.requestId ?? `rq_${randomString(26)}`;
    if (this.byRequest.has(requestId)) throw new RangeError(`request ${requestId} is already recorded`);
    let atMs = input.startedAtMs;
    const stored = input.attempts.map((a, i) => {
      const attempt = buildAttempt(a, {
        requestId,
        accessKeyId: input.accessKeyId,
        attemptNumber: i + 1,
        isFinal: i === input.attempts.length - 1,
        isStreaming: input.isStreaming ?? false,
        atMs,
      });
      atMs += a.durationMs ?? 0;
      return attempt;
    });
    this.byRequest.set(requestId, stored);
    this.attempts.push(...stored);
    this.sorted = false;
    return stored;
  }

  /** One page in newest-first order, and whether more attempts match after it. */
  list(q: UsageQuery): { page: UsageAttempt[]; more: boolean } {
    this.seed.run();
    const page: UsageAttempt[] = [];
    for (const a of this.inOrder()) {
      if (a.atMs > q.endMs || (q.after && newestFirst(a, { atMs: q.after.atMs, event: { id: q.after.id } }) <= 0)) continue;
      if (a.atMs < q.startMs) break;
      if (q.accessKeyId !== undefined && a.event.accessKeyId !== q.accessKeyId) continue;
      if (!q.includeRetries && !a.event.isFinalAttempt) continue;
      if (page.length === q.limit) return { page, more: true };
      page.push(a);
    }
    return { page, more: false };
  }

  /**
   * Daily UTC buckets per group, ordered by day then group key. Cost counts every attempt in
   * the window; requests and errors count final attempts only (as the contract describes).
   */
  overview(startMs: number, endMs: number, groupBy: UsageGroupBy): OverviewBucket[] {
    this.seed.run();
    const buckets = new Map<string, OverviewBucket>();
    for (const a of this.attempts) {
      if (a.atMs < startMs || a.atMs > endMs) continue;
      const dayStartMs = Math.floor(a.atMs / DAY_MS) * DAY_MS;
      const groupKey = groupBy === 'provider' ? a.event.provider : a.event.accessKeyId;
      const key = `${dayStartMs}\u0000${groupKey}`;
      let b = buckets.get(key);
      if (!b) {
        b = { dayStartMs, groupKey, costUnits: 0n, requests: 0, errors: 0 };
        buckets.set(key, b);
      }
      b.costUnits += a.costUnits;
      if (a.event.isFinalAttempt) {
        b.requests += 1;
        if (a.event.isError) b.errors += 1;
      }
    }
    return [...buckets.values()].sort((x, y) =>
      x.dayStartMs !== y.dayStartMs ? x.dayStartMs - y.dayStartMs : x.groupKey < y.groupKey ? -1 : x.groupKey > y.groupKey ? 1 : 0,
    );
  }

  /** Every attempt of one request, by attempt number; 404 when this account has no such request. */
  request(requestId: string): UsageAttempt[] {
    this.seed.run();
    const attempts = this.byRequest.get(requestId);
    if (!attempts) throw new SimError(404, `request ${requestId} not found`);
    return attempts;
  }

  private inOrder(): UsageAttempt[] {
    if (!this.sorted) {
      this.attempts.sort(newestFirst);
      this.sorted = true;
    }
    return this.attempts;
  }
}

interface AttemptPlace {
  requestId: string;
  accessKeyId: string;
  attemptNumber: number;
  isFinal: boolean;
  isStreaming: boolean;
  atMs: number;
}

function buildAttempt(a: AttemptInput, at: AttemptPlace): UsageAttempt {
  const statusCode = a.statusCode ?? 200;
  const completion = a.completion ?? (statusCode < 400 ? 'succeeded' : 'failed');
  const isError = statusCode >= 400 || completion !== 'succeeded';
  const given = { ...ZERO_TOKENS, ...a.tokens };
  const estimated = a.usageEstimated ?? false;
  // An estimated attempt reports zero provider tokens and is billed on the estimate.
  const reported = estimated ? ZERO_TOKENS : given;
  const model = modelInfo(a.provider, a.model);
  const cost = attemptCost(model, given, a.keySource === 'ngrok');
  const costUnits = totalCost(cost);
  const event: UsageEvent = {
    id: `aigue_${seededString(`${at.requestId}#${at.attemptNumber}`, 20)}`,
    eventTime: new Date(at.atMs).toISOString(),
    requestId: at.requestId,
    accessKeyId: at.accessKeyId,
    provider: a.provider,
    providerDisplayName: PROVIDER_DISPLAY_NAMES[a.provider] ?? a.provider,
    model: a.model,
    modelDisplayName: model.displayName,
    attemptNumber: at.attemptNumber,
    isFinalAttempt: at.isFinal,
    statusCode,
    timedOut: completion === 'timed_out',
    isError,
    isStreaming: at.isStreaming,
    stopReason: a.stopReason ?? (isError ? 'error' : 'stop'),
    inputTokens: reported.input,
    outputTokens: reported.output,
    cacheReadTokens: reported.cacheRead,
    cacheWriteTokens: reported.cacheWrite5m + reported.cacheWrite1h,
    cacheWrite5mTokens: reported.cacheWrite5m,
    cacheWrite1hTokens: reported.cacheWrite1h,
    reasoningTokens: reported.reasoning,
    inputTokensEstimate: given.input,
    outputTokensEstimate: given.output,
    usageEstimated: estimated,
    totalCost: usd(costUnits),
    inputTokenCost: usd(cost.input),
    outputTokenCost: usd(cost.output),
    ngrokProcessingFee: usd(cost.ngrokProcessingFee),
    cacheReadCost: usd(cost.cacheRead),
    cacheWriteCost: usd(cost.cacheWrite5m + cost.cacheWrite1h),
    cacheWrite5mCost: usd(cost.cacheWrite5m),
    cacheWrite1hCost: usd(cost.cacheWrite1h),
    keySource: a.keySource,
    ...(a.keySource === 'user' && a.providerKey && { providerKeyId: a.providerKey.id, providerKeyDisplayName: a.providerKey.keyRedacted }),
  };
  return {
    atMs: at.atMs,
    event,
    costUnits,
    served: at.isFinal && !isError,
    ...(a.retryAction !== undefined && { retryAction: a.retryAction }),
    completion,
    requestDurationMs: a.durationMs ?? null,
    upstreamDurationMs: a.upstreamDurationMs ?? null,
    timeToFirstTokenMs: at.isStreaming ? (a.timeToFirstTokenMs ?? null) : null,
  };
}
