// In-memory data of one ngrok AI Gateway account (one API token).
import type { components } from '../../contract/ai-gateway.ts';
import { SimError } from '../http.ts';
import { type IdGenerator, randomString, redact } from '../ids.ts';
import { CreditStore } from './credits.ts';
import { UsageStore } from './usage.ts';

export type AccessScope = components['schemas']['AccessScope'];
export type RouterWrite = components['schemas']['RouterWrite'];
export type StepType = 'user' | 'ngrok';

export interface ProviderKeyRecord {
  id: string;
  providerId: string;
  name: string;
  description?: string;
  metadata?: string;
  /** The plaintext secret; never rendered. */
  secret: string;
  /** Masked secret (`first10***last4`), as rendered. */
  keyRedacted: string;
  createdAt: string;
  updatedAt: string;
  lastUsed: string | null;
  /** ID of the account API key (aigak_...) that created / last changed it. */
  createdBy: string;
  lastUpdatedBy: string;
}

export interface StoredStep {
  type: StepType;
  /** Provider key IDs in order; undefined when the step was written without keys. */
  keyIds?: string[];
  keySelectionStrategy?: 'ordered';
}

export interface StoredRule {
  provider?: string;
  model?: string;
  steps: StoredStep[];
}

export interface StoredRouter {
  rules?: StoredRule[];
}

export interface ConfigurationRecord {
  id: string;
  name: string;
  description?: string;
  metadata?: string;
  access?: AccessScope;
  router?: StoredRouter;
  createdAt: string;
  updatedAt: string;
  createdBy: string;
  lastUpdatedBy: string;
}

/** A key whose token is shown once: access keys and API keys. */
export interface TokenKeyRecord {
  id: string;
  name?: string;
  description?: string;
  metadata?: string;
  /** The plaintext token; rendered only in the create response. */
  token: string;
  /** Masked token, as rendered. */
  keyRedacted: string;
  createdAt: string;
  updatedAt: string;
  lastUsed: string | null;
  createdBy: string;
  lastUpdatedBy: string;
}

export interface AccessKeyRecord extends TokenKeyRecord {
  configurationId: string | null;
}

/** Seed-only extras: fixed timestamps and secrets for deterministic demo data. */
export interface SeedExtras {
  createdAt?: string;
  updatedAt?: string;
  lastUsed?: string | null;
}

export interface ProviderKeyCreate extends SeedExtras {
  providerId: string;
  name: string;
  value: string;
  description?: string;
  metadata?: string;
}

export interface ProviderKeyUpdate {
  name?: string;
  description?: string | null;
  metadata?: string | null;
}

export interface ConfigurationCreate extends SeedExtras {
  name: string;
  description?: string;
  metadata?: string;
  access?: AccessScope;
  router?: RouterWrite;
}

export interface ConfigurationUpdate {
  name?: string;
  description?: string | null;
  metadata?: string | null;
  access?: AccessScope | null;
  router?: RouterWrite | null;
}

export interface AccessKeyCreate extends SeedExtras {
  name?: string;
  description?: string;
  metadata?: string;
  accessKeyConfigurationId?: string;
  /** Seed-only: fixed token instead of a random one. */
  token?: string;
}

export interface AccessKeyUpdate {
  name?: string | null;
  description?: string | null;
  metadata?: string | null;
  accessKeyConfigurationId?: string | null;
}

export function byIdDesc<T extends { id: string }>(m: Map<string, T>): T[] {
  return [...m.values()].sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
}

/** Applies omit = keep, null = clear, value = set on an optional field. */
export function applyNullable<T, K extends keyof T>(target: T, key: K, value: T[K] | null | undefined): void {
  if (value === undefined) return;
  if (value === null) delete target[key];
  else target[key] = value;
}

export class AiGatewayAccount {
  readonly token: string;
  /** The account API key shown in createdBy / lastUpdatedBy. */
  readonly apiKeyId: string;
  readonly providerKeys = new Map<string, ProviderKeyRecord>();
  readonly configurations = new Map<string, ConfigurationRecord>();
  readonly accessKeys = new Map<string, AccessKeyRecord>();
  /** Usage history (usage.ts) and credits (credits.ts), each with its own routes file. */
  readonly usage = new UsageStore();
  readonly credits = new CreditStore();
  private readonly ids: IdGenerator;
  private lastStamp = 0;

  constructor(token: string, apiKeyId: string, ids: IdGenerator) {
    this.token = token;
    this.apiKeyId = apiKeyId;
    this.ids = ids;
  }

  /** Current time, strictly after every earlier stamp so updatedAt always moves. */
  stamp(): string {
    const ms = Math.max(Date.now(), this.lastStamp + 1);
    this.lastStamp = ms;
    return new Date(ms).toISOString();
  }

  /** A time-sortable id; seeds pass the record's fixed createdAt. */
  newId(prefix: string, createdAt: string | undefined): string {
    return this.ids.next(prefix, createdAt ? Date.parse(createdAt) : Date.now());
  }

  // ---- provider keys ----

  listProviderKeys(provider?: string): ProviderKeyRecord[] {
    const all = byIdDesc(this.providerKeys);
    return provider === undefined ? all : all.filter((k) => k.providerId === provider);
  }

  getProviderKey(id: string): ProviderKeyRecord {
    const rec = this.providerKeys.get(id);
    if (!rec) throw new SimError(404, `provider key ${id} not found`);
    return rec;
  }

  createProviderKey(input: ProviderKeyCreate): ProviderKeyRecord {
    const createdAt = input.createdAt ?? this.stamp();
    const rec: ProviderKeyRecord = {
      id: this.newId('aigpk_', input.createdAt),
      providerId: input.providerId,
      name: input.name,
      secret: input.value,
      keyRedacted: redact(input.value),
      createdAt,
      updatedAt: input.updatedAt ?? createdAt,
      lastUsed: input.lastUsed ?? null,
      createdBy: this.apiKeyId,
      lastUpdatedBy: this.apiKeyId,
    };
    if (input.description !== undefined) rec.description = input.description;
    if (input.metadata !== undefined) rec.metadata = input.metadata;
    this.providerKeys.set(rec.id, rec);
    return rec;
  }

  updateProviderKey(id: string, patch: ProviderKeyUpdate): ProviderKeyRecord {
    const rec = this.getProviderKey(id);
    if (patch.name !== undefined) rec.name = patch.name;
    applyNullable(rec, 'description', patch.description);
    applyNullable(rec, 'metadata', patch.metadata);
    rec.updatedAt = this.stamp();
    rec.lastUpdatedBy = this.apiKeyId;
    return rec;
  }

  rotateProviderKey(id: string, input: { name: string; value: string }): ProviderKeyRecord {
    const rec = this.getProviderKey(id);
    rec.name = input.name;
    rec.secret = input.value;
    rec.keyRedacted = redact(input.value);
    rec.updatedAt = this.stamp();
    rec.lastUpdatedBy = this.apiKeyId;
    return rec;
  }

  /** Deleting a key also drops it from every router step (upstream behaviour undocumented). */
  deleteProviderKey(id: string): void {
    this.getProviderKey(id);
    this.providerKeys.delete(id);
    for (const cfg of this.configurations.values()) {
      for (const rule of cfg.router?.rules ?? []) {
        for (const step of rule.steps) {
          if (step.keyIds) step.keyIds = step.keyIds.filter((k) => k !== id);
        }
      }
    }
  }

  // ---- access key configurations ----

  listConfigurations(): ConfigurationRecord[] {
    return byIdDesc(this.configurations);
  }

  getConfiguration(id: string): ConfigurationRecord {
    const rec = this.configurations.get(id);
    if (!rec) throw new SimError(404, `access key configuration ${id} not found`);
    return rec;
  }

  createAccessKeyConfiguration(input: ConfigurationCreate): ConfigurationRecord {
    const router = input.router === undefined ? undefined : this.resolveRouter(input.router);
    const createdAt = input.createdAt ?? this.stamp();
    const rec: ConfigurationRecord = {
      id: this.newId('aigac_', input.createdAt),
      name: input.name,
      createdAt,
      updatedAt: input.updatedAt ?? createdAt,
      createdBy: this.apiKeyId,
      lastUpdatedBy: this.apiKeyId,
    };
    if (input.description !== undefined) rec.description = input.description;
    if (input.metadata !== undefined) rec.metadata = input.metadata;
    if (input.access !== undefined) rec.access = structuredClone(input.access);
    if (router !== undefined) rec.router = router;
    this.configurations.set(rec.id, rec);
    return rec;
  }

  updateAccessKeyConfiguration(id: string, patch: ConfigurationUpdate): ConfigurationRecord {
    const rec = this.getConfiguration(id);
    // Resolve first: an invalid router must leave the record untouched.
    const router = patch.router == null ? patch.router : this.resolveRouter(patch.router);
    if (patch.name !== undefined) rec.name = patch.name;
    applyNullable(rec, 'description', patch.description);
    applyNullable(rec, 'metadata', patch.metadata);
    applyNullable(rec, 'access', patch.access == null ? patch.access : structuredClone(patch.access));
    applyNullable(rec, 'router', router);
    rec.updatedAt = this.stamp();
    rec.lastUpdatedBy = this.apiKeyId;
    return rec;
  }

  deleteAccessKeyConfiguration(id: string): void {
    this.getConfiguration(id);
    const linked = [...this.accessKeys.values()].filter((k) => k.configurationId === id);
    if (linked.length > 0) {
      throw new SimError(409, `access key configuration ${id} is still used by ${linked.length} access key(s)`, {
        accessKeyIds: linked.map((k) => k.id).join(','),
      });
    }
    this.configurations.delete(id);
  }

  /**
   * Turns a router write shape into stored form. Key references are checked
   * before any inline key is created, so a rejected request creates nothing.
   */
  private resolveRouter(write: RouterWrite): StoredRouter {
    write.rules?.forEach((rule, r) => {
      rule.steps.forEach((step, s) => {
        step.keys?.forEach((key, k) => {
          if (key.id !== undefined && !this.providerKeys.has(key.id)) {
            const field = `router.rules[${r}].steps[${s}].keys[${k}].id`;
            throw new SimError(400, `provider key ${key.id} not found`, { field });
          }
        });
      });
    });
    if (write.rules === undefined) return {};
    return {
      rules: write.rules.map((rule) => {
        const out: StoredRule = { steps: [] };
        if (rule.provider !== undefined) out.provider = rule.provider;
        if (rule.model !== undefined) out.model = rule.model;
        out.steps = rule.steps.map((step) => {
          const stored: StoredStep = { type: step.type };
          if (step.keys !== undefined) stored.keyIds = step.keys.map((key) => this.stepKeyId(key, rule));
          if (step.keySelectionStrategy !== undefined) stored.keySelectionStrategy = step.keySelectionStrategy;
          return stored;
        });
        return out;
      }),
    };
  }

  private stepKeyId(key: { id?: string; name?: string; value?: string }, rule: { provider?: string; model?: string }): string {
    if (key.id !== undefined) return key.id;
    const modelPrefix = rule.model?.includes(':') ? rule.model.slice(0, rule.model.indexOf(':')) : '';
    const providerId = rule.provider ?? (modelPrefix || 'unknown');
    return this.createProviderKey({ providerId, name: key.name ?? '', value: key.value ?? '' }).id;
  }

  // ---- access keys ----

  /** Newest first; `configurationId` keeps only the keys linked to that configuration. */
  listAccessKeys(configurationId?: string): AccessKeyRecord[] {
    const all = byIdDesc(this.accessKeys);
    return configurationId === undefined ? all : all.filter((k) => k.configurationId === configurationId);
  }

  getAccessKey(id: string): AccessKeyRecord {
    const rec = this.accessKeys.get(id);
    if (!rec) throw new SimError(404, `access key ${id} not found`);
    return rec;
  }

  private checkConfigurationRef(id: string): void {
    if (!this.configurations.has(id)) {
      throw new SimError(400, `access key configuration ${id} not found`, { field: 'accessKeyConfigurationId' });
    }
  }

  createAccessKey(input: AccessKeyCreate = {}): AccessKeyRecord {
    if (input.accessKeyConfigurationId !== undefined) this.checkConfigurationRef(input.accessKeyConfigurationId);
    const createdAt = input.createdAt ?? this.stamp();
    const token = input.token ?? `ng-${randomString(5, 'abcdefghijklmnopqrstuvwxyz0123456789')}-g1-${randomString(40)}`;
    const rec: AccessKeyRecord = {
      id: this.newId('aigk_', input.createdAt),
      configurationId: input.accessKeyConfigurationId ?? null,
      token,
      keyRedacted: redact(token),
      createdAt,
      updatedAt: input.updatedAt ?? createdAt,
      lastUsed: input.lastUsed ?? null,
      createdBy: this.apiKeyId,
      lastUpdatedBy: this.apiKeyId,
    };
    if (input.name !== undefined) rec.name = input.name;
    if (input.description !== undefined) rec.description = input.description;
    if (input.metadata !== undefined) rec.metadata = input.metadata;
    this.accessKeys.set(rec.id, rec);
    return rec;
  }

  updateAccessKey(id: string, patch: AccessKeyUpdate): AccessKeyRecord {
    const rec = this.getAccessKey(id);
    if (typeof patch.accessKeyConfigurationId === 'string') this.checkConfigurationRef(patch.accessKeyConfigurationId);
    applyNullable(rec, 'name', patch.name);
    applyNullable(rec, 'description', patch.description);
    applyNullable(rec, 'metadata', patch.metadata);
    if (patch.accessKeyConfigurationId !== undefined) rec.configurationId = patch.accessKeyConfigurationId;
    rec.updatedAt = this.stamp();
    rec.lastUpdatedBy = this.apiKeyId;
    return rec;
  }

  deleteAccessKey(id: string): void {
    this.getAccessKey(id);
    this.accessKeys.delete(id);
  }
}
