// What each AI Gateway domain module needs to contribute its routes to routes.ts.
import type { ApiRequest, RouteDef } from '../http.ts';
import type { AiGatewayAccount } from './store.ts';

/** A domain's routes; `base()` is the simulator's URL, for `uri` and `nextPageUri`. */
export type AiGatewayRoutes = (base: () => string) => RouteDef<AiGatewayAccount>[];

/** The `:id` path parameter (routes only match non-empty segments). */
export function pathId(req: ApiRequest): string {
  return req.params.id ?? '';
}
