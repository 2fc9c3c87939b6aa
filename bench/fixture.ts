// The benchmark's upstream data: one dedicated account, seeded deterministically.
import type { AiGatewayAccount } from '../src/simulator/index.ts';

/** The bearer token of the benchmark account, which the upstream seeds in-process (any other token is a 401). */
export const BENCH_TOKEN = 'bench';

/** Provider keys in the account: more than one page of 20, so `hasNextPage` is true for shape 1. */
export const PROVIDER_KEY_COUNT = 40;
/** Configurations in the account; shape 3 reads the newest 20. */
export const CONFIGURATION_COUNT = 24;
/** The newest configurations' routers use this many distinct provider keys between them. */
export const ROUTER_KEY_POOL = 10;

const PROVIDERS = ['openai', 'anthropic', 'google', 'mistral'] as const;

/**
 * Seeds the benchmark account: 40 provider keys, and 24 configurations whose routers each
 * use two keys out of a pool of 10, so any 20 consecutive configurations reference all 10
 * (40 router key entries, 10 distinct provider keys: the N+1 shape).
 */
export function seedBenchAccount(account: AiGatewayAccount): void {
  const keys = Array.from({ length: PROVIDER_KEY_COUNT }, (_, i) =>
    account.createProviderKey({
      providerId: PROVIDERS[i % PROVIDERS.length]!,
      name: `bench key ${String(i).padStart(2, '0')}`,
      description: `Benchmark provider key number ${i}`,
      metadata: JSON.stringify({ team: 'bench', index: i }),
      value: `sk-bench-${String(i).padStart(2, '0')}-0123456789abcdef0123456789abcdef`,
    }),
  );
  for (let i = 0; i < CONFIGURATION_COUNT; i++) {
    const a = keys[i % ROUTER_KEY_POOL]!;
    const b = keys[(i + 3) % ROUTER_KEY_POOL]!;
    account.createAccessKeyConfiguration({
      name: `bench configuration ${String(i).padStart(2, '0')}`,
      description: 'Two keys with failover, then ngrok-paid inference',
      access: { providers: { allow: ['openai', 'anthropic'] } },
      router: {
        rules: [{ provider: a.providerId, steps: [{ type: 'user', keys: [{ id: a.id }, { id: b.id }] }, { type: 'ngrok' }] }],
      },
    });
  }
}
