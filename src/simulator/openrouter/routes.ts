// HTTP routes of OpenRouter's key management API under /api/v1.
import type { components } from '../../contract/openrouter.ts';
import { SimError, bearerToken, type ApiDefinition, type ApiRequest } from '../http.ts';
import { accountRoutes } from './account-routes.ts';
import { management, type OpenRouterCaller } from './caller.ts';
import { keyCreate, keyUpdate, listQuery } from './request-bodies.ts';
import { apiKeyView, currentKeyFromRecord, currentManagementKey } from './views.ts';

export const BASE_PATH = '/api/v1';
export type { OpenRouterCaller } from './caller.ts';

export interface OpenRouterContext {
  /** Resolves a bearer token; undefined for a token no account or key has (answered 401). */
  caller(token: string): OpenRouterCaller | undefined;
}

export function errorBody(status: number, message: string, details: Record<string, string>): components['schemas']['ErrorResponse'] {
  return { error: { code: status, message, ...(Object.keys(details).length > 0 && { metadata: { ...details } }) } };
}

export function openRouterApi(ctx: OpenRouterContext): ApiDefinition<OpenRouterCaller> {
  const hash = (req: ApiRequest) => req.params.hash ?? '';
  return {
    errorBody,
    authenticate(req) {
      const token = bearerToken(req.headers);
      if (!token) throw new SimError(401, 'No auth credentials found');
      const caller = ctx.caller(token);
      // Like the real API: an unknown key is refused, not an empty account. The key is not echoed.
      if (!caller) throw new SimError(401, 'User not found.');
      return caller;
    },
    routes: [
      {
        path: `${BASE_PATH}/keys`,
        methods: {
          GET: (req, caller) => {
            const acc = management(caller);
            return { status: 200, body: { data: acc.listKeys(listQuery(req)).map(apiKeyView) } };
          },
          POST: (req, caller) => {
            const acc = management(caller);
            const rec = acc.createKey(keyCreate(req.body));
            return { status: 201, body: { data: apiKeyView(rec), key: rec.secret } };
          },
        },
      },
      {
        path: `${BASE_PATH}/keys/:hash`,
        methods: {
          GET: (req, caller) => ({ status: 200, body: { data: apiKeyView(management(caller).getKey(hash(req))) } }),
          PATCH: (req, caller) => {
            const acc = management(caller);
            acc.getKey(hash(req)); // 404 before 400
            return { status: 200, body: { data: apiKeyView(acc.updateKey(hash(req), keyUpdate(req.body))) } };
          },
          DELETE: (req, caller) => {
            management(caller).deleteKey(hash(req));
            return { status: 200, body: { deleted: true } };
          },
        },
      },
      {
        path: `${BASE_PATH}/key`,
        methods: {
          GET: (_req, caller) => ({
            status: 200,
            body: { data: caller.inferenceKey ? currentKeyFromRecord(caller.inferenceKey) : currentManagementKey(caller.account) },
          }),
        },
      },
      ...accountRoutes(BASE_PATH),
    ],
  };
}
