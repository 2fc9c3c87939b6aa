import { randomUUID } from 'node:crypto';
import type { Plugin } from 'graphql-yoga';

const requestIds = new WeakMap<Request, string>();
// Accept a caller's id only when it is short and plain, so it is safe in logs and headers.
const SAFE_REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;

/** The request id of a request seen by useRequestId (an incoming `x-request-id`, or a new UUID). */
export function requestIdOf(request: Request): string {
  let id = requestIds.get(request);
  if (!id) {
    const incoming = request.headers.get('x-request-id');
    id = incoming && SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
    requestIds.set(request, id);
  }
  return id;
}

/** Echoes the request id in the `x-request-id` response header. */
export function useRequestId(): Plugin {
  return {
    onResponse({ request, response }) {
      response.headers.set('x-request-id', requestIdOf(request));
    },
  };
}
