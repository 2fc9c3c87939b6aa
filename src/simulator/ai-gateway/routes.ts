// HTTP routes of the ngrok AI Gateway control plane; newer domains bring their own (see routing.ts).
import type { components } from '../../contract/ai-gateway.ts';
import { SimError, bearerToken, type ApiDefinition } from '../http.ts';
import { apiKeyRoutes } from './api-keys.ts';
import { creditRoutes } from './credits-routes.ts';
import { gatewayConfigRoutes } from './gateway-config.ts';
import { modelRoutes } from './models.ts';
import { listPage } from './paging.ts';
import { providerRoutes } from './providers.ts';
import { pathId as id } from './routing.ts';
import type { AiGatewayAccount } from './store.ts';
import * as v from './request-bodies.ts';
import { usageRoutes } from './usage-routes.ts';
import { accessKeyView, configurationView, providerKeyView } from './views.ts';

export interface AiGatewayContext {
  /** Base URL used for every uri / nextPageUri. */
  baseUrl(): string;
  /** The account a bearer token (any of its API keys) opens; undefined for a token no account has (answered 401). */
  accountFor(token: string): AiGatewayAccount | undefined;
}

export function errorBody(status: number, msg: string, details: Record<string, string>): components['schemas']['Error'] {
  return { errorCode: `ERR_NGROK_${status}`, statusCode: status, msg, details };
}

export function aiGatewayApi(ctx: AiGatewayContext): ApiDefinition<AiGatewayAccount> {
  const base = () => ctx.baseUrl();

  return {
    errorBody,
    authenticate(req) {
      const token = bearerToken(req.headers);
      if (!token) throw new SimError(401, 'missing or empty "Authorization: Bearer <API key>" header');
      const account = ctx.accountFor(token);
      // Like the real API: a mistyped key is refused, not an empty account. The key is not echoed.
      if (!account) throw new SimError(401, 'The API key is not valid: no account has it.');
      return account;
    },
    routes: [
      {
        path: '/provider-keys',
        methods: {
          GET: (req, acc) => {
            const provider = req.query.get('provider') ?? undefined;
            const items = acc.listProviderKeys(provider);
            const page = listPage(req, base(), 'aiGatewayProviderKeys', items, (k) => providerKeyView(base(), k), ['provider']);
            return { status: 200, body: page };
          },
          POST: (req, acc) => ({ status: 201, body: providerKeyView(base(), acc.createProviderKey(v.providerKeyCreate(req.body))) }),
        },
      },
      {
        path: '/provider-keys/:id',
        methods: {
          GET: (req, acc) => ({ status: 200, body: providerKeyView(base(), acc.getProviderKey(id(req))) }),
          PATCH: (req, acc) => {
            acc.getProviderKey(id(req)); // 404 before 400
            return { status: 200, body: providerKeyView(base(), acc.updateProviderKey(id(req), v.providerKeyUpdate(req.body))) };
          },
          DELETE: (req, acc) => (acc.deleteProviderKey(id(req)), { status: 204 }),
        },
      },
      {
        path: '/provider-keys/:id/rotate',
        methods: {
          POST: (req, acc) => {
            acc.getProviderKey(id(req));
            return { status: 200, body: providerKeyView(base(), acc.rotateProviderKey(id(req), v.providerKeyRotate(req.body))) };
          },
        },
      },
      {
        path: '/access-key-configurations',
        methods: {
          GET: (req, acc) => ({
            status: 200,
            body: listPage(req, base(), 'aiGatewayAccessKeyConfigurations', acc.listConfigurations(), (c) =>
              configurationView(base(), acc, c),
            ),
          }),
          POST: (req, acc) => ({
            status: 201,
            body: configurationView(base(), acc, acc.createAccessKeyConfiguration(v.configurationCreate(req.body))),
          }),
        },
      },
      {
        path: '/access-key-configurations/:id',
        methods: {
          GET: (req, acc) => ({ status: 200, body: configurationView(base(), acc, acc.getConfiguration(id(req))) }),
          PATCH: (req, acc) => {
            acc.getConfiguration(id(req));
            const updated = acc.updateAccessKeyConfiguration(id(req), v.configurationUpdate(req.body));
            return { status: 200, body: configurationView(base(), acc, updated) };
          },
          DELETE: (req, acc) => (acc.deleteAccessKeyConfiguration(id(req)), { status: 204 }),
        },
      },
      {
        path: '/access-keys',
        methods: {
          GET: (req, acc) => {
            const configurationId = req.query.get('accessKeyConfigurationId') ?? undefined;
            const items = acc.listAccessKeys(configurationId);
            const page = listPage(req, base(), 'aiGatewayAccessKeys', items, (k) => accessKeyView(base(), acc, k), [
              'accessKeyConfigurationId',
            ]);
            return { status: 200, body: page };
          },
          POST: (req, acc) => ({
            status: 201,
            body: accessKeyView(base(), acc, acc.createAccessKey(v.accessKeyCreate(req.body)), true),
          }),
        },
      },
      {
        path: '/access-keys/:id',
        methods: {
          GET: (req, acc) => ({ status: 200, body: accessKeyView(base(), acc, acc.getAccessKey(id(req))) }),
          PATCH: (req, acc) => {
            acc.getAccessKey(id(req));
            return { status: 200, body: accessKeyView(base(), acc, acc.updateAccessKey(id(req), v.accessKeyUpdate(req.body))) };
          },
          DELETE: (req, acc) => (acc.deleteAccessKey(id(req)), { status: 204 }),
        },
      },
      ...providerRoutes(base),
      ...modelRoutes(base),
      ...apiKeyRoutes(base),
      ...gatewayConfigRoutes(base),
      ...usageRoutes(base),
      ...creditRoutes(),
    ],
  };
}
