// Deterministic demo data for the OpenRouter management key `demo`.
import { seededString, sha256Hex } from '../ids.ts';
import { seedDemoActivity, seedDemoCredits } from './activity-seed.ts';
import type { LimitReset, OpenRouterAccount } from './store.ts';

export const DEMO_KEY = 'demo';
export const DEMO_KEY_COUNT = 130;
export const DEMO_WORKSPACE_ID = '6d1f3c2a-8b4e-4f6a-9c1d-2e7b5a0f9d34';
export const DEMO_USER_ID = 'user_2demoOwnerXk9QpLr4TzVb7Wm';

const APPS = [
  'chat-web',
  'mobile-app',
  'support-bot',
  'ci-runner',
  'eval-harness',
  'data-pipeline',
  'notebook',
  'agent-sandbox',
  'partner-acme',
  'partner-globex',
  'hackathon',
  'intern',
];
const ENVS = ['prod', 'staging', 'dev'];
const LIMITS = [5, 10, 25, 50, 100, 250, 1000];
const RESETS: Array<LimitReset | null> = [null, 'daily', 'weekly', 'monthly'];

const T0 = Date.parse('2026-01-02T08:00:00.000Z');
const HOUR = 3_600_000;

/** Upstream mixes `...363244+00:00` (microseconds) and `...363Z`; so does the seed. */
function timestamp(ms: number, python: boolean, seed: string): string {
  const iso = new Date(ms).toISOString();
  if (!python) return iso;
  const micros = String(parseInt(sha256Hex(seed).slice(0, 6), 16) % 1000).padStart(3, '0');
  return `${iso.slice(0, 23)}${micros}+00:00`;
}

/** A pseudo-random number in [0, max) with 6 decimals, stable per seed. */
function amount(seed: string, max: number): number {
  const n = parseInt(sha256Hex(seed).slice(0, 8), 16) / 0x1_0000_0000;
  return Math.round(n * max * 1e6) / 1e6;
}

export function seedOpenRouterDemo(account: OpenRouterAccount): void {
  for (let i = 0; i < DEMO_KEY_COUNT; i++) {
    const app = APPS[i % APPS.length]!;
    const env = ENVS[Math.floor(i / APPS.length) % ENVS.length]!;
    const name = `${app} ${env} #${i + 1}`;
    const hasLimit = i % 4 !== 0;
    const limit = hasLimit ? LIMITS[i % LIMITS.length]! : null;
    const reset = hasLimit ? RESETS[(i >> 1) % RESETS.length]! : null;
    const monthly = amount(`m${i}`, hasLimit ? limit! * 0.9 : 40);
    const weekly = Math.round(monthly * 0.4 * 1e6) / 1e6;
    const daily = Math.round(weekly * 0.2 * 1e6) / 1e6;
    const byokMonthly = i % 5 === 0 ? amount(`b${i}`, 20) : 0;
    const created = T0 + i * 41 * HOUR;
    const python = i % 2 === 0;
    account.createKey({
      name,
      disabled: i % 17 === 5,
      limit,
      limit_reset: reset,
      include_byok_in_limit: i % 6 === 0,
      expires_at: i % 10 === 3 ? new Date(Date.parse('2027-01-01T00:00:00.000Z') + i * 24 * HOUR).toISOString() : null,
      creator_user_id: i % 9 === 4 ? null : DEMO_USER_ID,
      usage: {
        // A cap without reset counts all-time spend; keep those under it except a few exhausted ones.
        usage: Math.round((monthly + (hasLimit && reset === null ? (i % 23 === 7 ? limit! : 0) : amount(`u${i}`, 120))) * 1e6) / 1e6,
        usage_monthly: monthly,
        usage_weekly: weekly,
        usage_daily: daily,
        byok_usage: Math.round(byokMonthly * 2.5 * 1e6) / 1e6,
        byok_usage_monthly: byokMonthly,
        byok_usage_weekly: Math.round(byokMonthly * 0.3 * 1e6) / 1e6,
        byok_usage_daily: Math.round(byokMonthly * 0.05 * 1e6) / 1e6,
      },
      created_at: timestamp(created, python, `c${i}`),
      updated_at: i % 3 === 0 ? null : timestamp(created + (5 + (i % 7) * 13) * HOUR, python, `u${i}`),
      secret: `sk-or-v1-demo-${seededString(`openrouter-demo-${i}`, 50, '0123456789abcdef')}`,
    });
  }
  // Credits and activity follow the keys above.
  seedDemoCredits(account);
  account.activity.seed.set(() => seedDemoActivity(account, Date.now()));
}
