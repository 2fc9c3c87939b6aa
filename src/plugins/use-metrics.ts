import type { Plugin } from 'graphql-yoga';
import type { GatewayMetrics } from '../metrics.ts';

/** Serves the gateway's Prometheus registry on `GET <path>` (text exposition format). */
export function useMetrics(metrics: GatewayMetrics, path = '/metrics'): Plugin {
  return {
    async onRequest({ url, request, endResponse, fetchAPI }) {
      if (url.pathname !== path) return;
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        endResponse(new fetchAPI.Response(null, { status: 405, headers: { allow: 'GET, HEAD' } }));
        return;
      }
      const body = await metrics.registry.metrics();
      endResponse(new fetchAPI.Response(body, { status: 200, headers: { 'content-type': metrics.registry.contentType } }));
    },
  };
}
