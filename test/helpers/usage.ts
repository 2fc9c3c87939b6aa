import type { Stack } from './stack.ts';
import { newToken } from './stack.ts';

export const DAY_MS = 86_400_000;
export const daysAgo = (days: number) => new Date(Date.now() - days * DAY_MS).toISOString();

/**
 * A fresh AI Gateway account with `keys` access keys and `requests` single-attempt requests spread
 * over the last day, round-robin over the keys, each through its own provider key. Returns the
 * token, the access keys and the account (its usage store lists the events as the upstream does).
 */
export function seedUsage(stack: Stack, options: { keys?: number; requests: number; label?: string }) {
  const token = newToken(options.label ?? 'usage');
  const account = stack.simulator.account(token);
  const accessKeys = Array.from({ length: options.keys ?? 3 }, (_, i) => account.createAccessKey({ name: `app ${i}` }));
  const providerKeys = accessKeys.map((_, i) =>
    account.createProviderKey({ providerId: 'openai', name: `openai ${i}`, value: `sk-usage-${i}-0123456789` }),
  );
  const start = Date.now() - DAY_MS + 60_000;
  for (let i = 0; i < options.requests; i++) {
    const k = i % accessKeys.length;
    account.usage.addRequest({
      accessKeyId: accessKeys[k]!.id,
      startedAtMs: start + i * 1000,
      attempts: [
        {
          provider: 'openai',
          model: 'gpt-4o-mini',
          keySource: 'user',
          providerKey: { id: providerKeys[k]!.id, keyRedacted: providerKeys[k]!.keyRedacted },
          tokens: { input: 1000 + i, output: 200 + i },
        },
      ],
    });
  }
  return { token, account, accessKeys, providerKeys };
}

/** The events as the simulator lists them (newest first), for comparing with what the gateway served. */
export function upstreamEvents(account: ReturnType<typeof seedUsage>['account'], includeRetries = false) {
  return account.usage.list({ startMs: 0, endMs: Date.now(), includeRetries, limit: 1_000_000 }).page.map((a) => a.event);
}
