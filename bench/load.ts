// One load measurement with autocannon: a fixed request, N connections, D seconds.
import autocannon from 'autocannon';

export interface LoadRequest {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface Measurement {
  requests: number;
  seconds: number;
  rps: number;
  p50: number;
  p99: number;
}

/**
 * Runs autocannon against `origin` and fails loudly if any response is not a 200 whose body
 * passes `verifyBody`, or if any request errs or times out. Latency percentiles are computed
 * from every response's exact duration (autocannon's own histogram rounds to whole ms).
 */
export function load(
  origin: string,
  request: LoadRequest,
  options: { seconds: number; connections: number; verifyBody: (body: string) => boolean },
): Promise<Measurement> {
  const latencies: number[] = [];
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
    instance.on('reqMismatch' as 'response', ((body: string) => {
      firstBad ??= body;
    }) as never);
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (statusCode === 200) latencies.push(responseTime);
    });
  });
}
