// OpenRouter read shapes; the secret and internal ordering never leave here.
import type { components } from '../../contract/openrouter.ts';
import { sha256Hex } from '../ids.ts';
import { maskKey, ZERO_USAGE, type OpenRouterAccount, type OpenRouterKeyRecord } from './store.ts';

type S = components['schemas'];

const round = (n: number) => Math.round(n * 1e6) / 1e6;

/** USD left under the cap for the current reset period; null when there is no cap. */
function limitRemaining(k: OpenRouterKeyRecord): number | null {
  if (k.limit === null) return null;
  const period =
    k.limit_reset === 'daily' ? 'daily' : k.limit_reset === 'weekly' ? 'weekly' : k.limit_reset === 'monthly' ? 'monthly' : null;
  const spent = period ? k[`usage_${period}`] : k.usage;
  const byok = period ? k[`byok_usage_${period}`] : k.byok_usage;
  return Math.max(0, round(k.limit - spent - (k.include_byok_in_limit ? byok : 0)));
}

export function apiKeyView(k: OpenRouterKeyRecord): S['ApiKey'] {
  return {
    hash: k.hash,
    name: k.name,
    label: k.label,
    disabled: k.disabled,
    limit: k.limit,
    limit_remaining: limitRemaining(k),
    limit_reset: k.limit_reset,
    include_byok_in_limit: k.include_byok_in_limit,
    usage: k.usage,
    usage_daily: k.usage_daily,
    usage_weekly: k.usage_weekly,
    usage_monthly: k.usage_monthly,
    byok_usage: k.byok_usage,
    byok_usage_daily: k.byok_usage_daily,
    byok_usage_weekly: k.byok_usage_weekly,
    byok_usage_monthly: k.byok_usage_monthly,
    created_at: k.created_at,
    updated_at: k.updated_at,
    expires_at: k.expires_at,
    creator_user_id: k.creator_user_id,
    workspace_id: k.workspace_id,
  };
}

const RATE_LIMIT = { requests: -1, interval: '10s', note: 'This field is deprecated and safe to ignore.' };

/** GET /key for an inference key: its own figures, not a management key. */
export function currentKeyFromRecord(k: OpenRouterKeyRecord): S['CurrentKey'] {
  const v = apiKeyView(k);
  return {
    label: v.label,
    limit: v.limit,
    limit_remaining: v.limit_remaining,
    limit_reset: v.limit_reset,
    include_byok_in_limit: v.include_byok_in_limit,
    usage: v.usage,
    usage_daily: v.usage_daily,
    usage_weekly: v.usage_weekly,
    usage_monthly: v.usage_monthly,
    byok_usage: v.byok_usage,
    byok_usage_daily: v.byok_usage_daily,
    byok_usage_weekly: v.byok_usage_weekly,
    byok_usage_monthly: v.byok_usage_monthly,
    is_free_tier: false,
    is_management_key: false,
    is_provisioning_key: false,
    creator_user_id: v.creator_user_id,
    expires_at: v.expires_at ?? null,
    rate_limit: { ...RATE_LIMIT },
  };
}

/** GET /key for the management key itself: no cap, no inference spend. */
export function currentManagementKey(account: OpenRouterAccount): S['CurrentKey'] {
  const h = sha256Hex(`management:${account.token}`);
  return {
    label: maskKey(`sk-or-v1-${h}`),
    limit: null,
    limit_remaining: null,
    limit_reset: null,
    include_byok_in_limit: false,
    ...ZERO_USAGE,
    is_free_tier: false,
    is_management_key: true,
    is_provisioning_key: true,
    creator_user_id: account.userId,
    expires_at: null,
    rate_limit: { ...RATE_LIMIT },
  };
}
