// Renders stored records in the contract's read shapes. Secrets never leave here.
import type { components } from '../../contract/ai-gateway.ts';
import type { AccessKeyRecord, AiGatewayAccount, ConfigurationRecord, ProviderKeyRecord, StoredRouter, TokenKeyRecord } from './store.ts';

type S = components['schemas'];

export function ref(base: string, apiKeyId: string): S['Ref'] {
  return { id: apiKeyId, uri: `${base}/api-keys/${apiKeyId}` };
}

export function providerKeyView(base: string, k: ProviderKeyRecord): S['AIGatewayProviderAPIKeyDetail'] {
  return {
    id: k.id,
    uri: `${base}/provider-keys/${k.id}`,
    createdAt: k.createdAt,
    updatedAt: k.updatedAt,
    providerId: k.providerId,
    name: k.name,
    keyRedacted: k.keyRedacted,
    ...(k.description !== undefined && { description: k.description }),
    ...(k.metadata !== undefined && { metadata: k.metadata }),
    createdBy: ref(base, k.createdBy),
    lastUpdatedBy: ref(base, k.lastUpdatedBy),
    lastUsed: k.lastUsed,
  };
}

function routerView(account: AiGatewayAccount, router: StoredRouter): S['Router'] {
  if (router.rules === undefined) return {};
  return {
    rules: router.rules.map((rule) => ({
      ...(rule.provider !== undefined && { provider: rule.provider }),
      ...(rule.model !== undefined && { model: rule.model }),
      steps: rule.steps.map((step) => {
        const out: S['RouterStep'] = { type: step.type };
        if (step.keyIds !== undefined) {
          out.keys = step.keyIds.flatMap((id) => {
            const key = account.providerKeys.get(id);
            return key ? [{ id: key.id, name: key.name, keyRedacted: key.keyRedacted }] : [];
          });
        }
        if (step.keySelectionStrategy !== undefined) out.keySelectionStrategy = step.keySelectionStrategy;
        return out;
      }),
    })),
  };
}

export function configurationView(base: string, account: AiGatewayAccount, c: ConfigurationRecord): S['AIGatewayAccessKeyConfiguration'] {
  return {
    id: c.id,
    uri: `${base}/access-key-configurations/${c.id}`,
    accessKeyCount: [...account.accessKeys.values()].filter((k) => k.configurationId === c.id).length,
    name: c.name,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    createdBy: ref(base, c.createdBy),
    lastUpdatedBy: ref(base, c.lastUpdatedBy),
    ...(c.description !== undefined && { description: c.description }),
    ...(c.metadata !== undefined && { metadata: c.metadata }),
    ...(c.access !== undefined && { access: structuredClone(c.access) }),
    ...(c.router !== undefined && { router: routerView(account, c.router) }),
  };
}

/** The read shape of a key whose token is shown once (access keys, API keys); the token only when `withToken`. */
export function tokenKeyView(base: string, collection: string, k: TokenKeyRecord, withToken: boolean) {
  return {
    id: k.id,
    uri: `${base}/${collection}/${k.id}`,
    ...(k.name !== undefined && { name: k.name }),
    ...(k.description !== undefined && { description: k.description }),
    ...(k.metadata !== undefined && { metadata: k.metadata }),
    createdAt: k.createdAt,
    updatedAt: k.updatedAt,
    createdBy: ref(base, k.createdBy),
    lastUpdatedBy: ref(base, k.lastUpdatedBy),
    ...(withToken && { token: k.token }),
    keyRedacted: k.keyRedacted,
    lastUsed: k.lastUsed,
  };
}

export function accessKeyView(base: string, account: AiGatewayAccount, k: AccessKeyRecord, withToken = false): S['AIGatewayAccessKey'] {
  const cfg = k.configurationId === null ? undefined : account.configurations.get(k.configurationId);
  return {
    ...tokenKeyView(base, 'access-keys', k, withToken),
    accessKeyConfiguration: cfg ? { id: cfg.id, uri: `${base}/access-key-configurations/${cfg.id}`, name: cfg.name } : null,
  };
}
