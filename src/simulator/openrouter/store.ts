// In-memory data of one OpenRouter account (one management key).
import type { components } from '../../contract/openrouter.ts';
import { OPENROUTER_PAGE_SIZE } from '../../contract/page-sizes.ts';
import { SimError } from '../http.ts';
import { randomHex, seededString, sha256Hex } from '../ids.ts';
import { ActivityLog } from './activity.ts';
import { OpenRouterCredits } from './credits.ts';

export type ApiKey = components['schemas']['ApiKey'];
export type LimitReset = 'daily' | 'weekly' | 'monthly';

/** Stored form: the read shape minus the derived limit_remaining, plus the secret. */
export interface OpenRouterKeyRecord extends Omit<ApiKey, 'limit_remaining' | 'expires_at'> {
  expires_at: string | null;
  /** The secret `sk-or-v1-...`; returned once on create, never rendered afterwards. */
  secret: string;
  /** Creation order; lists are newest first. */
  seq: number;
}

/** The usage counters of a key, as the contract's ApiKey carries them. */
export type Usage = Pick<ApiKey, `${'' | 'byok_'}usage${'' | '_daily' | '_weekly' | '_monthly'}`>;

export interface KeyCreate {
  name: string;
  disabled?: boolean;
  limit?: number | null;
  limit_reset?: LimitReset | null;
  include_byok_in_limit?: boolean;
  expires_at?: string | null;
  creator_user_id?: string | null;
  workspace_id?: string;
  // Seed/test extras.
  usage?: Partial<Usage>;
  created_at?: string;
  updated_at?: string | null;
  secret?: string;
}

export interface KeyUpdate {
  name?: string;
  disabled?: boolean;
  limit?: number | null;
  limit_reset?: LimitReset | null;
  include_byok_in_limit?: boolean;
}

export interface KeyListQuery {
  offset: number;
  includeDisabled: boolean;
  workspaceId?: string;
}

/** UUID-looking string derived from a seed, for deterministic workspace IDs. */
export function seededUuid(seed: string): string {
  const h = sha256Hex(seed);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** `sk-or-v1-abc...123`, the masked form OpenRouter shows. */
export function maskKey(secret: string): string {
  const body = secret.startsWith('sk-or-v1-') ? secret.slice('sk-or-v1-'.length) : secret;
  return `sk-or-v1-${body.slice(0, 3)}...${body.slice(-3)}`;
}

export const ZERO_USAGE: Usage = {
  usage: 0,
  usage_daily: 0,
  usage_weekly: 0,
  usage_monthly: 0,
  byok_usage: 0,
  byok_usage_daily: 0,
  byok_usage_weekly: 0,
  byok_usage_monthly: 0,
};

export class OpenRouterAccount {
  readonly token: string;
  readonly workspaceId: string;
  readonly userId: string;
  readonly keys = new Map<string, OpenRouterKeyRecord>();
  /** GET /credits and GET /activity (credits.ts, activity.ts). */
  readonly credits = new OpenRouterCredits();
  readonly activity = new ActivityLog();
  private seq = 0;
  private lastStamp = 0;

  constructor(token: string, ids?: { workspaceId: string; userId: string }) {
    this.token = token;
    this.workspaceId = ids?.workspaceId ?? seededUuid(`workspace:${token}`);
    this.userId = ids?.userId ?? `user_${seededString(`user:${token}`, 27)}`;
  }

  private stamp(): string {
    const ms = Math.max(Date.now(), this.lastStamp + 1);
    this.lastStamp = ms;
    return new Date(ms).toISOString();
  }

  listKeys(q: KeyListQuery): OpenRouterKeyRecord[] {
    const ws = q.workspaceId ?? this.workspaceId;
    return [...this.keys.values()]
      .filter((k) => k.workspace_id === ws && (q.includeDisabled || !k.disabled))
      .sort((a, b) => b.seq - a.seq)
      .slice(q.offset, q.offset + OPENROUTER_PAGE_SIZE);
  }

  getKey(hash: string): OpenRouterKeyRecord {
    const rec = this.keys.get(hash);
    if (!rec) throw new SimError(404, `API key ${hash} not found`);
    return rec;
  }

  createKey(input: KeyCreate): OpenRouterKeyRecord {
    const secret = input.secret ?? `sk-or-v1-${randomHex(32)}`;
    const hash = sha256Hex(secret);
    if (this.keys.has(hash)) throw new SimError(409, 'an API key with this secret already exists');
    const limit = input.limit ?? null;
    const rec: OpenRouterKeyRecord = {
      hash,
      name: input.name,
      label: maskKey(secret),
      disabled: input.disabled ?? false,
      limit,
      limit_reset: input.limit_reset ?? null,
      include_byok_in_limit: input.include_byok_in_limit ?? false,
      ...ZERO_USAGE,
      ...input.usage,
      created_at: input.created_at ?? this.stamp(),
      updated_at: input.updated_at ?? null,
      expires_at: input.expires_at ?? null,
      creator_user_id: input.creator_user_id === undefined ? this.userId : input.creator_user_id,
      workspace_id: input.workspace_id ?? this.workspaceId,
      secret,
      seq: ++this.seq,
    };
    this.keys.set(hash, rec);
    return rec;
  }

  updateKey(hash: string, patch: KeyUpdate): OpenRouterKeyRecord {
    const rec = this.getKey(hash);
    if (patch.name !== undefined) rec.name = patch.name;
    if (patch.disabled !== undefined) rec.disabled = patch.disabled;
    if (patch.limit !== undefined) rec.limit = patch.limit;
    if (patch.limit_reset !== undefined) rec.limit_reset = patch.limit_reset;
    if (patch.include_byok_in_limit !== undefined) rec.include_byok_in_limit = patch.include_byok_in_limit;
    rec.updated_at = this.stamp();
    return rec;
  }

  deleteKey(hash: string): void {
    this.getKey(hash);
    this.keys.delete(hash);
  }

  /** The inference key whose secret is `secret`, if this account owns one. */
  findBySecret(secret: string): OpenRouterKeyRecord | undefined {
    const rec = this.keys.get(sha256Hex(secret));
    return rec && rec.secret === secret ? rec : undefined;
  }
}
