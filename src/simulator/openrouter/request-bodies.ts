// Request validation for OpenRouter key management.
import { SimError, type ApiRequest } from '../http.ts';
import { bodyObject, onlyFields, plainString, stringField } from '../field-checks.ts';
import type { KeyCreate, KeyListQuery, KeyUpdate, LimitReset } from './store.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// UTC only: the contract rejects offsets, so require a trailing Z.
const UTC_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

function bad(field: string, message: string): SimError {
  return new SimError(400, message, { field });
}

export function listQuery(req: ApiRequest): KeyListQuery {
  const offsetRaw = req.query.get('offset');
  let offset = 0;
  if (offsetRaw !== null && offsetRaw !== '') {
    if (!/^\d+$/.test(offsetRaw) || !Number.isSafeInteger(Number(offsetRaw))) {
      throw bad('offset', 'offset must be an integer >= 0');
    }
    offset = Number(offsetRaw);
  }
  const inc = req.query.get('include_disabled');
  if (inc !== null && inc !== 'true' && inc !== 'false') throw bad('include_disabled', 'include_disabled must be "true" or "false"');
  const ws = req.query.get('workspace_id');
  if (ws !== null && !UUID.test(ws)) throw bad('workspace_id', 'workspace_id must be a UUID');
  return { offset, includeDisabled: inc === 'true', ...(ws !== null && { workspaceId: ws }) };
}

function limitField(o: Record<string, unknown>): number | null | undefined {
  const v = o.limit;
  if (v === undefined || v === null) return v;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw bad('limit', 'limit must be a number >= 0 or null');
  return v;
}

function limitResetField(o: Record<string, unknown>): LimitReset | null | undefined {
  const v = o.limit_reset;
  if (v === undefined || v === null) return v;
  if (v !== 'daily' && v !== 'weekly' && v !== 'monthly') {
    throw bad('limit_reset', 'limit_reset must be one of daily, weekly, monthly or null');
  }
  return v;
}

function boolField(o: Record<string, unknown>, key: string): boolean | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'boolean') throw bad(key, `${key} must be a boolean`);
  return v;
}

export function keyCreate(body: unknown): KeyCreate {
  const o = bodyObject(body);
  onlyFields(o, ['name', 'limit', 'limit_reset', 'include_byok_in_limit', 'expires_at', 'creator_user_id', 'workspace_id']);
  const out: KeyCreate = { name: plainString(o, 'name', { required: true, minLength: 1 })! };
  const limit = limitField(o);
  const reset = limitResetField(o);
  const byok = boolField(o, 'include_byok_in_limit');
  const expires = stringField(o, 'expires_at', { nullable: true });
  const creator = stringField(o, 'creator_user_id', { nullable: true, minLength: 1 });
  const ws = plainString(o, 'workspace_id');
  if (typeof expires === 'string' && (!UTC_DATE_TIME.test(expires) || Number.isNaN(Date.parse(expires)))) {
    throw bad('expires_at', 'expires_at must be an ISO 8601 date-time in UTC (ending in Z)');
  }
  if (ws !== undefined && !UUID.test(ws)) throw bad('workspace_id', 'workspace_id must be a UUID');
  if (limit !== undefined) out.limit = limit;
  if (reset !== undefined) out.limit_reset = reset;
  if (byok !== undefined) out.include_byok_in_limit = byok;
  if (expires !== undefined) out.expires_at = expires;
  if (creator !== undefined) out.creator_user_id = creator;
  if (ws !== undefined) out.workspace_id = ws;
  return out;
}

export function keyUpdate(body: unknown): KeyUpdate {
  const o = bodyObject(body);
  onlyFields(o, ['name', 'disabled', 'limit', 'limit_reset', 'include_byok_in_limit']);
  const out: KeyUpdate = {};
  const name = plainString(o, 'name', { minLength: 1 });
  const disabled = boolField(o, 'disabled');
  const limit = limitField(o);
  const reset = limitResetField(o);
  const byok = boolField(o, 'include_byok_in_limit');
  if (name !== undefined) out.name = name;
  if (disabled !== undefined) out.disabled = disabled;
  if (limit !== undefined) out.limit = limit;
  if (reset !== undefined) out.limit_reset = reset;
  if (byok !== undefined) out.include_byok_in_limit = byok;
  return out;
}
