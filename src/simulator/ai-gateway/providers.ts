// Custom providers (/providers): records, request validation, read shape and routes.
import type { components } from '../../contract/ai-gateway.ts';
import { SimError } from '../http.ts';
import { isPlainObject } from '../json.ts';
import { bodyObject, onlyFields, plainString, stringField } from '../field-checks.ts';
import { BUILT_IN_PROVIDER_IDS } from './catalog-data.ts';
import { listPage } from './paging.ts';
import { type AiGatewayRoutes, pathId, perAccount } from './routing.ts';
import { type AiGatewayAccount, type SeedExtras, applyNullable, byIdDesc } from './store.ts';
import { METADATA, NAME, bad, stringArray } from './request-bodies.ts';
import { ref } from './views.ts';

type S = components['schemas'];
export type ApiSurface = S['SupportedAPISurface'];

const BASE_URL = 2048;

export interface ProviderModelRecord {
  id: string;
  modelId: string;
  providerModelId?: string;
  unsupportedParams: string[];
  /** When this model entry was added (the catalog's `created`). */
  createdAt: string;
}

export interface ProviderRecord {
  id: string;
  /** The slug used in model strings and routing rules; immutable. */
  providerId: string;
  name: string;
  baseUrl: string;
  metadata?: string;
  supportedApiSurfaces?: ApiSurface[];
  models: ProviderModelRecord[];
  createdAt: string;
  updatedAt: string;
  createdBy: string;
  lastUpdatedBy: string;
}

export type ProviderModelWrite = S['AIGatewayProviderModelCreate'];

export interface ProviderCreate extends SeedExtras {
  providerId: string;
  name: string;
  baseUrl: string;
  metadata?: string;
  supportedApiSurfaces?: ApiSurface[];
  models?: ProviderModelWrite[];
}

export interface ProviderUpdate {
  name?: string;
  baseUrl?: string;
  metadata?: string | null;
  supportedApiSurfaces?: ApiSurface[] | null;
  models?: ProviderModelWrite[] | null;
}

export class ProviderStore {
  private readonly byId = new Map<string, ProviderRecord>();

  constructor(private readonly account: AiGatewayAccount) {}

  list(): ProviderRecord[] {
    return byIdDesc(this.byId);
  }

  get(id: string): ProviderRecord {
    const rec = this.byId.get(id);
    if (!rec) throw new SimError(404, `provider ${id} not found`);
    return rec;
  }

  create(input: ProviderCreate): ProviderRecord {
    if (BUILT_IN_PROVIDER_IDS.has(input.providerId)) {
      throw bad('providerId', `providerId "${input.providerId}" is a built-in catalog provider`);
    }
    const taken = this.list().find((p) => p.providerId === input.providerId);
    if (taken)
      throw new SimError(409, `providerId "${input.providerId}" is already used by provider ${taken.id}`, { providerId: taken.id });
    const createdAt = input.createdAt ?? this.account.stamp();
    const rec: ProviderRecord = {
      id: this.account.newId('aigp_', input.createdAt),
      providerId: input.providerId,
      name: input.name,
      baseUrl: input.baseUrl,
      models: this.models(input.models ?? [], [], createdAt),
      createdAt,
      updatedAt: input.updatedAt ?? createdAt,
      createdBy: this.account.apiKeyId,
      lastUpdatedBy: this.account.apiKeyId,
    };
    if (input.metadata !== undefined) rec.metadata = input.metadata;
    if (input.supportedApiSurfaces !== undefined) rec.supportedApiSurfaces = structuredClone(input.supportedApiSurfaces);
    this.byId.set(rec.id, rec);
    return rec;
  }

  /** PATCH: omitted keeps; `models` and `supportedApiSurfaces` replace the whole list, null or [] clears it. */
  update(id: string, patch: ProviderUpdate): ProviderRecord {
    const rec = this.get(id);
    const now = this.account.stamp();
    if (patch.name !== undefined) rec.name = patch.name;
    if (patch.baseUrl !== undefined) rec.baseUrl = patch.baseUrl;
    applyNullable(rec, 'metadata', patch.metadata);
    applyNullable(
      rec,
      'supportedApiSurfaces',
      patch.supportedApiSurfaces == null ? patch.supportedApiSurfaces : structuredClone(patch.supportedApiSurfaces),
    );
    if (patch.models !== undefined) rec.models = this.models(patch.models ?? [], rec.models, now);
    rec.updatedAt = now;
    rec.lastUpdatedBy = this.account.apiKeyId;
    return rec;
  }

  /** Refused with 409 while a provider key or a configuration entry still refers to the provider. */
  delete(id: string): void {
    const rec = this.get(id);
    const { providerKeyIds, configurationIds } = this.references(rec);
    if (providerKeyIds.length > 0 || configurationIds.length > 0) {
      const details: Record<string, string> = {};
      if (providerKeyIds.length > 0) details.providerKeyIds = providerKeyIds.join(',');
      if (configurationIds.length > 0) details.accessKeyConfigurationIds = configurationIds.join(',');
      throw new SimError(
        409,
        `provider ${id} is still referenced by ${providerKeyIds.length} provider key(s) and ${configurationIds.length} access key configuration(s)`,
        details,
      );
    }
    this.byId.delete(id);
  }

  /** Provider keys for its slug, and configurations naming it (slug or aigp_ id) in access or routing. */
  private references(p: ProviderRecord): { providerKeyIds: string[]; configurationIds: string[] } {
    const names = (v: string | undefined) => v === p.providerId || v === p.id;
    const modelOf = (v: string | undefined) => v?.startsWith(`${p.providerId}:`) ?? false;
    const providerKeyIds = this.account.listProviderKeys(p.providerId).map((k) => k.id);
    const configurationIds = this.account
      .listConfigurations()
      .filter(
        (c) =>
          c.access?.providers?.allow?.some(names) ||
          c.access?.models?.allow?.some(modelOf) ||
          c.router?.rules?.some((r) => names(r.provider) || modelOf(r.model)),
      )
      .map((c) => c.id);
    return { providerKeyIds, configurationIds };
  }

  /** New model entries; an entry whose modelId was already there keeps its id and creation time. */
  private models(writes: ProviderModelWrite[], previous: ProviderModelRecord[], now: string): ProviderModelRecord[] {
    return writes.map((w) => {
      const kept = previous.find((m) => m.modelId === w.modelId);
      const rec: ProviderModelRecord = {
        id: kept?.id ?? this.account.newId('aigpm_', now),
        modelId: w.modelId,
        unsupportedParams: [...(w.unsupportedParams ?? [])],
        createdAt: kept?.createdAt ?? now,
      };
      if (w.providerModelId !== undefined) rec.providerModelId = w.providerModelId;
      return rec;
    });
  }
}

export const providersOf = perAccount((account) => new ProviderStore(account));

// ---- request validation (additionalProperties: false everywhere) ----

/** https only, except ngrok `.internal` endpoints, which may use http. */
function baseUrl(o: Record<string, unknown>, key: string, where = '', required = false): string | undefined {
  const field = `${where}${key}`;
  const v = plainString(o, key, { where, required, minLength: 1, maxLength: BASE_URL });
  if (v === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    throw bad(field, `field "${field}" must be an absolute URL`);
  }
  const internal = url.hostname.endsWith('.internal');
  if (url.protocol !== 'https:' && !(internal && url.protocol === 'http:')) {
    throw bad(field, `field "${field}" must use https (http only for .internal endpoints)`);
  }
  return v;
}

function surfaces(v: unknown, field: string): ApiSurface[] {
  if (!Array.isArray(v)) throw bad(field, `field "${field}" must be an array`);
  return v.map((s: unknown, i) => {
    const where = `${field}[${i}].`;
    if (!isPlainObject(s)) throw bad(`${field}[${i}]`, `"${field}[${i}]" must be an object`);
    onlyFields(s, ['format', 'surface', 'baseUrl', 'supportedParams'], where);
    const out: ApiSurface = { format: plainString(s, 'format', { where, required: true, minLength: 1 })! };
    const surface = plainString(s, 'surface', { where, minLength: 1 });
    const url = baseUrl(s, 'baseUrl', where);
    if (surface !== undefined) out.surface = surface;
    if (url !== undefined) out.baseUrl = url;
    if (s.supportedParams !== undefined) {
      if (!Array.isArray(s.supportedParams)) throw bad(`${where}supportedParams`, `field "${where}supportedParams" must be an array`);
      out.supportedParams = s.supportedParams.map((p: unknown, j) => {
        const at = `${where}supportedParams[${j}]`;
        if (!isPlainObject(p)) throw bad(at, `"${at}" must be an object`);
        onlyFields(p, ['name'], `${at}.`);
        return { name: plainString(p, 'name', { where: `${at}.`, required: true, minLength: 1 })! };
      });
    }
    return out;
  });
}

function models(v: unknown, field: string): ProviderModelWrite[] {
  if (!Array.isArray(v)) throw bad(field, `field "${field}" must be an array`);
  const seen = new Set<string>();
  return v.map((m: unknown, i) => {
    const where = `${field}[${i}].`;
    if (!isPlainObject(m)) throw bad(`${field}[${i}]`, `"${field}[${i}]" must be an object`);
    onlyFields(m, ['modelId', 'providerModelId', 'unsupportedParams'], where);
    const modelId = plainString(m, 'modelId', { where, required: true, minLength: 1, maxLength: NAME })!;
    if (seen.has(modelId)) throw bad(`${where}modelId`, `modelId "${modelId}" is listed twice`);
    seen.add(modelId);
    const out: ProviderModelWrite = { modelId };
    const providerModelId = plainString(m, 'providerModelId', { where, maxLength: NAME });
    if (providerModelId !== undefined) out.providerModelId = providerModelId;
    if (m.unsupportedParams !== undefined) {
      out.unsupportedParams = stringArray(m.unsupportedParams, `${where}unsupportedParams`);
      const long = out.unsupportedParams.findIndex((p) => p.length > NAME);
      if (long >= 0) throw bad(`${where}unsupportedParams[${long}]`, `unsupported parameter names are at most ${NAME} characters`);
    }
    return out;
  });
}

const FIELDS = ['providerId', 'name', 'baseUrl', 'metadata', 'supportedApiSurfaces', 'models'];

export function providerCreate(body: unknown): ProviderCreate {
  const o = bodyObject(body);
  onlyFields(o, FIELDS);
  const out: ProviderCreate = {
    providerId: plainString(o, 'providerId', { required: true, minLength: 1, maxLength: NAME })!,
    name: plainString(o, 'name', { required: true, minLength: 1, maxLength: NAME })!,
    baseUrl: baseUrl(o, 'baseUrl', '', true)!,
  };
  const metadata = plainString(o, 'metadata', { maxLength: METADATA });
  if (metadata !== undefined) out.metadata = metadata;
  if (o.supportedApiSurfaces !== undefined) out.supportedApiSurfaces = surfaces(o.supportedApiSurfaces, 'supportedApiSurfaces');
  if (o.models !== undefined) out.models = models(o.models, 'models');
  return out;
}

/** Parses a list that PATCH may also leave out (undefined) or clear (null). */
function optionalList<T>(v: unknown, parse: (v: unknown) => T[]): T[] | null | undefined {
  return v === undefined || v === null ? v : parse(v);
}

export function providerUpdate(body: unknown): ProviderUpdate {
  const o = bodyObject(body);
  onlyFields(o, FIELDS);
  if (o.providerId !== undefined) throw bad('providerId', 'field "providerId" cannot be changed');
  // The schema lets name be null, but a provider needs one: refuse to clear it.
  if (o.name === null) throw bad('name', 'field "name" cannot be cleared');
  return {
    name: plainString(o, 'name', { minLength: 1, maxLength: NAME }),
    baseUrl: baseUrl(o, 'baseUrl'),
    metadata: stringField(o, 'metadata', { nullable: true, maxLength: METADATA }),
    supportedApiSurfaces: optionalList(o.supportedApiSurfaces, (v) => surfaces(v, 'supportedApiSurfaces')),
    models: optionalList(o.models, (v) => models(v, 'models')),
  };
}

// ---- read shape and routes ----

export function providerView(base: string, p: ProviderRecord): S['AIGatewayProvider'] {
  return {
    id: p.id,
    uri: `${base}/providers/${p.id}`,
    providerId: p.providerId,
    name: p.name,
    baseUrl: p.baseUrl,
    ...(p.metadata !== undefined && { metadata: p.metadata }),
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
    createdBy: ref(base, p.createdBy),
    lastUpdatedBy: ref(base, p.lastUpdatedBy),
    ...(p.supportedApiSurfaces !== undefined && { supportedApiSurfaces: structuredClone(p.supportedApiSurfaces) }),
    models: p.models.map((m) => ({
      id: m.id,
      modelId: m.modelId,
      ...(m.providerModelId !== undefined && { providerModelId: m.providerModelId }),
      unsupportedParams: [...m.unsupportedParams],
    })),
  };
}

export const providerRoutes: AiGatewayRoutes = (base) => [
  {
    path: '/providers',
    methods: {
      GET: (req, acc) => ({
        status: 200,
        body: listPage(req, base(), 'aiGatewayProviders', providersOf(acc).list(), (p) => providerView(base(), p)),
      }),
      POST: (req, acc) => ({ status: 201, body: providerView(base(), providersOf(acc).create(providerCreate(req.body))) }),
    },
  },
  {
    path: '/providers/:id',
    methods: {
      GET: (req, acc) => ({ status: 200, body: providerView(base(), providersOf(acc).get(pathId(req))) }),
      PATCH: (req, acc) => {
        providersOf(acc).get(pathId(req)); // 404 before 400
        return { status: 200, body: providerView(base(), providersOf(acc).update(pathId(req), providerUpdate(req.body))) };
      },
      DELETE: (req, acc) => {
        providersOf(acc).delete(pathId(req));
        return { status: 204 };
      },
    },
  },
];
