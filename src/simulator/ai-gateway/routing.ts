// What each newer AI Gateway domain module (providers, API keys, ...) builds on: its routes for
// routes.ts, and its own per-account state beside the core records of store.ts.
import type { ApiRequest, RouteDef } from '../http.ts';
import type { AiGatewayAccount } from './store.ts';

/** A domain's routes; `base()` is the simulator's URL, for `uri` and `nextPageUri`. */
export type AiGatewayRoutes = (base: () => string) => RouteDef<AiGatewayAccount>[];

/** The `:id` path parameter (routes only match non-empty segments). */
export function pathId(req: ApiRequest): string {
  return req.params.id ?? '';
}

/**
 * A domain's state for each account, made on first use. It lives here rather than on the
 * account so that store.ts imports no domain module (and no import cycle forms).
 */
export function perAccount<T>(create: (account: AiGatewayAccount) => T): (account: AiGatewayAccount) => T {
  const states = new WeakMap<AiGatewayAccount, T>();
  return (account) => {
    let state = states.get(account);
    if (state === undefined) {
      state = create(account);
      states.set(account, state);
    }
    return state;
  };
}
