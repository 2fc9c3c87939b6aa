// One load measurement with autocannon: a fixed request (or a fixed request followed by one built
// from its answer), N connections, D seconds.
import autocannon from 'autocannon';

export interface LoadRequest {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface Measurement {
  /** Answers: responses, or completed pairs of responses with `then`. */
  requests: number;
  seconds: number;
  rps: number;
  p50: number;
  p99: number;
}

/**
 * Runs autocannon against `origin` and fails loudly if any response is not a 200 whose body
 * passes `verifyBody`, or if any request errs or times out. Latency percentiles are computed
 * from every answer's exact duration (autocannon's own histogram rounds to whole ms).
 *
 * With `then`, one answer is two requests on the same connection, one after the other: the
 * second has the body `then` builds from the first's response; an answer's latency is the sum.
 */
export function load(
  origin: string,
  request: LoadRequest,
  options: { seconds: number; connections: number; verifyBody: (body: string) => boolean; then?: (firstBody: string) => string },
): Promise<Measurement> {
  const latencies: number[] = [];
  const then = options.then;
  const requests = then
    ? [
        {
          ...request,
          onResponse: (status: number, body: string, context: Record<string, unknown>) => {
            context.next = status === 200 ? then(body) : undefined;
          },
        },
        {
          ...request,
          setupRequest: (next: autocannon.Request, context: Record<string, unknown>) => ({
            ...next,
            body: (context.next as string) ?? next.body,
          }),
        },
      ]
    : undefined;
  /** With `then`: per connection, the duration of the first request of the answer under way. */
  const firstHalf = new Map<unknown, number>();
  let firstBad: string | undefined;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: origin + request.path,
        connections: options.connections,
        duration: options.seconds,
        method: request.method,
        headers: request.headers,
        ...(request.body === undefined ? {} : { body: request.body }),
        verifyBody: options.verifyBody,
        ...(requests ? { requests } : {}),
      } as autocannon.Options,
      (error, result) => {
        if (error) return reject(error);
        const problems = [
          result.non2xx && `${result.non2xx} non-2xx responses`,
          result.errors && `${result.errors} request errors`,
          result.timeouts && `${result.timeouts} timeouts`,
          result.mismatches && `${result.mismatches} responses with errors or unexpected bodies`,
        ].filter(Boolean);
        if (problems.length) {
          const sample = firstBad === undefined ? '' : `; first unexpected body: ${firstBad.slice(0, 500)}`;
          return reject(new Error(`${request.method} ${origin}${request.path}: ${problems.join(', ')}${sample}`));
        }
        if (latencies.length === 0) return reject(new Error(`${request.method} ${origin}${request.path}: no responses`));
        const sorted = Float64Array.from(latencies).sort();
        const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
        resolve({
          requests: latencies.length,
          seconds: result.duration,
          rps: latencies.length / result.duration,
          p50: at(0.5),
          p99: at(0.99),
        });
      },
    );
    instance.on(
      'reqMismatch' as 'response',
      ((body: string) => {
        firstBad ??= body;
      }) as never,
    );
    instance.on('response', (client, statusCode, _bytes, responseTime) => {
      if (statusCode !== 200) return;
      if (!then) return void latencies.push(responseTime);
      const first = firstHalf.get(client);
      if (first === undefined) firstHalf.set(client, responseTime);
      else {
        firstHalf.delete(client);
        latencies.push(first + responseTime);
      }
    });
  });
}
