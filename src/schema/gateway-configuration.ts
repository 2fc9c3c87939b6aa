import { isPositiveGoDuration } from '../contract/go-duration.ts';
import { badUserInput } from '../errors.ts';
import type { GatewayConfig, GatewayConfigUpdate } from '../upstream/ai-gateway.ts';
import { builder } from './builder.ts';
import { checkLength, LIMITS, presentFields } from './relay/input-validation.ts';
import { relayMutation, returnsObject } from './relay/mutation.ts';
import { upstreamCost } from './relay/upstream-cost.ts';

// The account's gateway settings (/gateway-config): one per account, no ID. Timeouts are Go
// duration strings; token caps are tri-state (omitted keeps, null removes the cap, a number sets it).

const GatewayConfigurationRef = builder.objectRef<GatewayConfig>('GatewayConfiguration').implement({
  description: 'Account-wide AI Gateway settings.',
  fields: (t) => ({
    accountId: t.exposeString('accountId'),
    uri: t.exposeString('uri'),
    totalTimeout: t.exposeString('totalTimeout', {
      description: 'Bound on a whole request including retries, as a Go duration such as 120s.',
    }),
    perRequestTimeout: t.exposeString('perRequestTimeout', { description: 'Bound on one upstream attempt, as a Go duration such as 60s.' }),
    maxInputTokens: t.field({
      type: 'SafeInt',
      nullable: true,
      description: 'Null means no cap.',
      resolve: (c) => c.maxInputTokens ?? null,
    }),
    maxOutputTokens: t.field({
      type: 'SafeInt',
      nullable: true,
      description: 'Null means no cap.',
      resolve: (c) => c.maxOutputTokens ?? null,
    }),
    metadata: t.string({ nullable: true, resolve: (c) => c.metadata ?? null }),
  }),
});

builder.queryField('gatewayConfiguration', (t) =>
  t.field({
    type: GatewayConfigurationRef,
    description: "The account's gateway settings (GET /gateway-config).",
    extensions: upstreamCost('lookup'),
    resolve: (_root, _args, context) => context.aiGateway.getGatewayConfig(),
  }),
);

type SettingsInput = {
  totalTimeout?: string | null;
  perRequestTimeout?: string | null;
  maxInputTokens?: number | null;
  maxOutputTokens?: number | null;
  metadata?: string | null;
};

/** Validates every given field before the upstream sees any: PATCH semantics, nothing half applied. */
function settingsBody(input: SettingsInput): GatewayConfigUpdate {
  for (const field of ['totalTimeout', 'perRequestTimeout'] as const) {
    const value = input[field];
    if (value === null)
      throw badUserInput(`"${field}" cannot be null: the upstream always has a timeout. Leave it out to keep it.`, { field });
    if (value !== undefined && !isPositiveGoDuration(value)) {
      throw badUserInput(`"${field}" must be a positive Go duration such as "90s", "2m" or "1m30s".`, { field });
    }
  }
  for (const field of ['maxInputTokens', 'maxOutputTokens'] as const) {
    const value = input[field];
    if (typeof value === 'number' && value < 1) throw badUserInput(`"${field}" must be at least 1 (or null for no cap).`, { field });
  }
  checkLength('metadata', input.metadata, LIMITS.metadata);
  return presentFields(input, [
    'totalTimeout',
    'perRequestTimeout',
    'maxInputTokens',
    'maxOutputTokens',
    'metadata',
  ]) as GatewayConfigUpdate;
}

relayMutation('updateGatewayConfiguration', {
  description:
    "Changes the account's gateway settings (PATCH). Omitted fields are kept. Timeouts are Go durations and cannot be cleared (null is refused); for the token caps and metadata, null removes the value.",
  inputFields: (t) => ({
    totalTimeout: t.string({ description: 'A Go duration such as 90s or 2m; anything else is refused before any upstream request.' }),
    perRequestTimeout: t.string({ description: 'A Go duration, as totalTimeout.' }),
    maxInputTokens: t.field({ type: 'SafeInt', description: 'Null removes the cap; omitted keeps it.' }),
    maxOutputTokens: t.field({ type: 'SafeInt', description: 'Null removes the cap; omitted keeps it.' }),
    metadata: t.string({ description: 'Null clears it.' }),
  }),
  resolve: async (input, context) => ({ gatewayConfiguration: await context.aiGateway.updateGatewayConfig(settingsBody(input)) }),
  payloadFields: returnsObject('gatewayConfiguration', GatewayConfigurationRef),
});
