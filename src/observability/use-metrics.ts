import type { Plugin } from 'graphql-yoga';
import type { GatewayMetrics } from './metrics.ts';
import { pathnameOf } from '../request-path.ts';

/** Serves the gateway's Prometheus registry on `GET <path>` (text exposition format). */
export function useMetrics(metrics: GatewayMetrics, path = '/metrics'): Plugin {
  return {
    // Not async: a promise from every request's hook would make every request wait a tick.
    onRequest({ request, endResponse, fetchAPI }) {
      if (pathnameOf(request.url) !== path) return;
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        endResponse(new fetchAPI.Response(null, { status: 405, headers: { allow: 'GET, HEAD' } }));
        return;
      }
      return metrics.registry.metrics().then((body) => {
        endResponse(new fetchAPI.Response(body, { status: 200, headers: { 'content-type': metrics.registry.contentType } }));
      });
    },
  };
}
