import type { Plugin } from 'graphql-yoga';
import { pathnameOf } from '../request-path.ts';

/**
 * Readiness, apart from liveness (`/healthz`): not ready until the server listens, and not
 * ready again once shutdown begins, so a load balancer stops sending new requests while the
 * ones in flight finish. The gateway keeps no other state, so nothing else gates readiness.
 */
export class Readiness {
  #state: 'starting' | 'ready' | 'stopping' = 'starting';

  get ready(): boolean {
    return this.#state === 'ready';
  }

  get state(): 'starting' | 'ready' | 'stopping' {
    return this.#state;
  }

  markReady(): void {
    if (this.#state === 'starting') this.#state = 'ready';
  }

  /** Called first thing on shutdown; there is no way back. */
  markStopping(): void {
    this.#state = 'stopping';
  }
}

/**
 * Answers `<endpoint>` with 200 `{"status":"ready"}` or 503 with the current state. (yoga's
 * useReadinessCheck tests a URLPattern against every other request.)
 * Once stopping, every response says `Connection: close`: the client opens its next request on
 * a new connection (through the load balancer, to another instance) and this one is closed as
 * soon as its response is written, instead of idling for the keep-alive timeout while the
 * shutdown waits for it.
 */
export function useReadiness(readiness: Readiness, endpoint = '/readyz'): Plugin {
  return {
    onRequest({ request, endResponse, fetchAPI }) {
      if (pathnameOf(request.url) !== endpoint) return;
      endResponse(fetchAPI.Response.json({ status: readiness.state }, { status: readiness.ready ? 200 : 503 }));
    },
    onResponse({ response }) {
      if (readiness.state === 'stopping') response.headers.set('connection', 'close');
    },
  };
}
