// API keys (/api-keys): the credentials of this management API. Every account starts with the
// key it was opened with (its token); keys created here authenticate as the same account, and
// a deleted key's token is refused from then on.
import type { components } from '../../contract/ai-gateway.ts';
import { SimError } from '../http.ts';
import { randomString, redact } from '../ids.ts';
import { bodyObject, onlyFields } from '../field-checks.ts';
import { listPage } from './paging.ts';
import { type AiGatewayRoutes, pathId, perAccount } from './routing.ts';
import { type AiGatewayAccount, type SeedExtras, type TokenKeyRecord, applyNullable, byIdDesc } from './store.ts';
import { labelsCreate, labelsUpdate } from './request-bodies.ts';
import { tokenKeyView } from './views.ts';

export type ApiKeyRecord = TokenKeyRecord;

export interface ApiKeyCreate extends SeedExtras {
  name?: string;
  description?: string;
  metadata?: string;
  /** Seed-only: a fixed token instead of a random one. */
  token?: string;
}

export interface ApiKeyUpdate {
  name?: string | null;
  description?: string | null;
  metadata?: string | null;
}

export type TokenState = 'active' | 'revoked';

export class ApiKeyStore {
  private readonly byId = new Map<string, ApiKeyRecord>();
  private readonly idByToken = new Map<string, string>();
  private readonly revoked = new Set<string>();

  constructor(private readonly account: AiGatewayAccount) {
    this.insert(account.apiKeyId, { token: account.token });
  }

  list(): ApiKeyRecord[] {
    return byIdDesc(this.byId);
  }

  get(id: string): ApiKeyRecord {
    const rec = this.byId.get(id);
    if (!rec) throw new SimError(404, `API key ${id} not found`);
    return rec;
  }

  /** Whether `token` opens this account: one of its keys, or a key it deleted. */
  tokenState(token: string): TokenState | undefined {
    if (this.idByToken.has(token)) return 'active';
    return this.revoked.has(token) ? 'revoked' : undefined;
  }

  create(input: ApiKeyCreate): ApiKeyRecord {
    return this.insert(this.account.newId('aigak_', input.createdAt), input);
  }

  update(id: string, patch: ApiKeyUpdate): ApiKeyRecord {
    const rec = this.get(id);
    applyNullable(rec, 'name', patch.name);
    applyNullable(rec, 'description', patch.description);
    applyNullable(rec, 'metadata', patch.metadata);
    rec.updatedAt = this.account.stamp();
    rec.lastUpdatedBy = this.account.apiKeyId;
    return rec;
  }

  /** Also the key the caller is using: its next request is refused (401). */
  delete(id: string): void {
    const rec = this.get(id);
    this.byId.delete(id);
    this.idByToken.delete(rec.token);
    this.revoked.add(rec.token);
  }

  /** Seed-only: fixed details for the account's own key, which exists before any seed runs. */
  seedDetails(id: string, details: Omit<ApiKeyCreate, 'token'>): void {
    Object.assign(this.get(id), details);
  }

  private insert(id: string, input: ApiKeyCreate): ApiKeyRecord {
    const createdAt = input.createdAt ?? this.account.stamp();
    // The upstream does not document its format; this mimics ngrok platform API keys.
    const token = input.token ?? `${randomString(27)}_${randomString(21)}`;
    const rec: ApiKeyRecord = {
      id,
      token,
      keyRedacted: redact(token),
      createdAt,
      updatedAt: input.updatedAt ?? createdAt,
      lastUsed: input.lastUsed ?? null,
      createdBy: this.account.apiKeyId,
      lastUpdatedBy: this.account.apiKeyId,
    };
    if (input.name !== undefined) rec.name = input.name;
    if (input.description !== undefined) rec.description = input.description;
    if (input.metadata !== undefined) rec.metadata = input.metadata;
    this.byId.set(id, rec);
    this.idByToken.set(token, id);
    return rec;
  }
}

/** The account's API keys; its own key is there from the first use on. */
export const apiKeysOf = perAccount((account) => new ApiKeyStore(account));

const FIELDS = ['name', 'description', 'metadata'];

export function apiKeyCreate(body: unknown): ApiKeyCreate {
  const o = bodyObject(body);
  onlyFields(o, FIELDS);
  return labelsCreate(o);
}

export function apiKeyUpdate(body: unknown): ApiKeyUpdate {
  const o = bodyObject(body);
  onlyFields(o, FIELDS);
  return labelsUpdate(o);
}

export function apiKeyView(base: string, k: ApiKeyRecord, withToken = false): components['schemas']['AIGatewayAPIKey'] {
  return tokenKeyView(base, 'api-keys', k, withToken);
}

export const apiKeyRoutes: AiGatewayRoutes = (base) => [
  {
    path: '/api-keys',
    methods: {
      GET: (req, acc) => ({
        status: 200,
        body: listPage(req, base(), 'aiGatewayApiKeys', apiKeysOf(acc).list(), (k) => apiKeyView(base(), k)),
      }),
      POST: (req, acc) => ({ status: 201, body: apiKeyView(base(), apiKeysOf(acc).create(apiKeyCreate(req.body)), true) }),
    },
  },
  {
    path: '/api-keys/:id',
    methods: {
      GET: (req, acc) => ({ status: 200, body: apiKeyView(base(), apiKeysOf(acc).get(pathId(req))) }),
      PATCH: (req, acc) => {
        apiKeysOf(acc).get(pathId(req)); // 404 before 400
        return { status: 200, body: apiKeyView(base(), apiKeysOf(acc).update(pathId(req), apiKeyUpdate(req.body))) };
      },
      DELETE: (req, acc) => {
        apiKeysOf(acc).delete(pathId(req));
        return { status: 204 };
      },
    },
  },
];
