// The account's gateway settings (/gateway-config): a singleton per account with the documented
// defaults; token caps are tri-state (default until written, null = no cap, or a number).
import type { components } from '../../contract/ai-gateway.ts';
import { isPositiveGoDuration } from '../../contract/go-duration.ts';
import { seededString } from '../ids.ts';
import { bodyObject, onlyFields, plainString, stringField } from '../field-checks.ts';
import { type AiGatewayRoutes, perAccount } from './routing.ts';
import type { AiGatewayAccount } from './store.ts';
import { METADATA, bad } from './request-bodies.ts';

type Config = components['schemas']['AIGatewayConfig'];
export type GatewayConfigUpdate = components['schemas']['AIGatewayConfigUpdate'];
type Settings = Omit<Config, 'accountId' | 'uri'>;

/**
 * Timeouts as documented (60s per attempt, 120s in total). The docs give no number for the
 * per-account token caps; these are the simulator's own.
 */
export const GATEWAY_CONFIG_DEFAULTS: Readonly<Settings> = {
  totalTimeout: '120s',
  perRequestTimeout: '60s',
  maxInputTokens: 1_000_000,
  maxOutputTokens: 128_000,
  metadata: null,
};

export class GatewayConfigStore {
  private settings: Settings = { ...GATEWAY_CONFIG_DEFAULTS };

  constructor(private readonly account: AiGatewayAccount) {}

  /** Derived from the account's first API key, so the demo account's id never changes. */
  get accountId(): string {
    return `ac_${seededString(this.account.apiKeyId, 27)}`;
  }

  read(): Readonly<Settings> {
    return this.settings;
  }

  /** Omitted keeps; null clears the nullable fields (validation refused null for the timeouts). */
  update(patch: GatewayConfigUpdate): Readonly<Settings> {
    const next = { ...this.settings };
    for (const key of Object.keys(patch) as (keyof GatewayConfigUpdate)[]) {
      if (patch[key] !== undefined) Object.assign(next, { [key]: patch[key] });
    }
    this.settings = next;
    return next;
  }
}

export const gatewayConfigOf = perAccount((account) => new GatewayConfigStore(account));

function timeout(o: Record<string, unknown>, key: string): string | undefined {
  const v = plainString(o, key);
  if (v === undefined) return undefined;
  if (!isPositiveGoDuration(v)) throw bad(key, `field "${key}" must be a positive Go duration such as "90s" or "1m30s"`);
  return v;
}

/** A cap is a whole number of tokens ≥ 1; the simulator accepts what a JSON number holds exactly. */
function tokenCap(o: Record<string, unknown>, key: string): number | null | undefined {
  const v = o[key];
  if (v === undefined || v === null) return v;
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 1) throw bad(key, `field "${key}" must be a positive integer or null`);
  return v;
}

export function gatewayConfigUpdate(body: unknown): GatewayConfigUpdate {
  const o = bodyObject(body);
  onlyFields(o, ['totalTimeout', 'perRequestTimeout', 'maxInputTokens', 'maxOutputTokens', 'metadata']);
  return {
    totalTimeout: timeout(o, 'totalTimeout'),
    perRequestTimeout: timeout(o, 'perRequestTimeout'),
    maxInputTokens: tokenCap(o, 'maxInputTokens'),
    maxOutputTokens: tokenCap(o, 'maxOutputTokens'),
    metadata: stringField(o, 'metadata', { nullable: true, maxLength: METADATA }),
  };
}

export function gatewayConfigView(base: string, account: AiGatewayAccount): Config {
  return { accountId: gatewayConfigOf(account).accountId, uri: `${base}/gateway-config`, ...gatewayConfigOf(account).read() };
}

export const gatewayConfigRoutes: AiGatewayRoutes = (base) => [
  {
    path: '/gateway-config',
    methods: {
      GET: (_req, acc) => ({ status: 200, body: gatewayConfigView(base(), acc) }),
      PATCH: (req, acc) => {
        gatewayConfigOf(acc).update(gatewayConfigUpdate(req.body));
        return { status: 200, body: gatewayConfigView(base(), acc) };
      },
    },
  },
];
