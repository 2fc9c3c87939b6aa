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
/** Access keys linked to each configuration: one more than shape 6 reads, so its hasNextPage is true. */
export const ACCESS_KEYS_PER_CONFIGURATION = 6;

/** Access keys in the account, linked round-robin to the newest configurations (shape 5). */
export const ACCESS_KEY_COUNT = 6;
export const ACCESS_KEY_CONFIGURATIONS = 3;
/** Usage events of the access keys: exactly one upstream page (shape 5 reads them all). */
export const USAGE_EVENT_COUNT = 100;

const PROVIDERS = ['openai', 'anthropic', 'google', 'mistral'] as const;

/**
 * Seeds the benchmark account: 40 provider keys, and 24 configurations whose routers each
 * use two keys out of a pool of 10, so any 20 consecutive configurations reference all 10
 * (40 router key entries, 10 distinct provider keys: the N+1 shape), each linked from 6
 * access keys (shape 6).
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
  const configurations: { id: string }[] = [];
  for (let i = 0; i < CONFIGURATION_COUNT; i++) {
    const a = keys[i % ROUTER_KEY_POOL]!;
    const b = keys[(i + 3) % ROUTER_KEY_POOL]!;
    const configuration = account.createAccessKeyConfiguration({
      name: `bench configuration ${String(i).padStart(2, '0')}`,
      description: 'Two keys with failover, then ngrok-paid inference',
      access: { providers: { allow: ['openai', 'anthropic'] } },
      router: {
        rules: [{ provider: a.providerId, steps: [{ type: 'user', keys: [{ id: a.id }, { id: b.id }] }, { type: 'ngrok' }] }],
      },
    });
    for (let k = 0; k < ACCESS_KEYS_PER_CONFIGURATION; k++) {
      account.createAccessKey({
        name: `bench access key ${String(i).padStart(2, '0')}.${k}`,
        accessKeyConfigurationId: configuration.id,
        token: `ng-bench${String(i).padStart(2, '0')}${k}-g1-0123456789abcdef0123456789abcdef01234567`,
      });
    }
    configurations.push(configuration);
  }
  const accessKeys = Array.from({ length: ACCESS_KEY_COUNT }, (_, i) =>
    account.createAccessKey({
      name: `bench app ${i}`,
      accessKeyConfigurationId: configurations.at(-1 - (i % ACCESS_KEY_CONFIGURATIONS))!.id,
    }),
  );
  // A day of requests, one attempt each, round-robin over the access keys and their provider keys.
  const start = Date.now() - 86_400_000;
  for (let i = 0; i < USAGE_EVENT_COUNT; i++) {
    const key = keys[i % ROUTER_KEY_POOL]!;
    account.usage.addRequest({
      accessKeyId: accessKeys[i % ACCESS_KEY_COUNT]!.id,
      startedAtMs: start + i * 60_000,
      attempts: [
        {
          provider: key.providerId,
          model: 'bench-model',
          keySource: 'user',
          providerKey: { id: key.id, keyRedacted: key.keyRedacted },
          tokens: { input: 1000 + i, output: 100 + i },
        },
      ],
    });
  }
}
