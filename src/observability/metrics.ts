import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { OperationScope } from './operation-scope.ts';
import { routeTemplate } from './route-template.ts';
import type { UpstreamAttempt } from '../upstream/client.ts';

/** Value that stands for any label value outside the allowed set. */
export const OTHER = 'other';

/**
 * Keeps one label's value set small: values must match `pattern`, and once `max` distinct
 * values were seen any new one becomes `other`. Label sets grow memory and storage forever,
 * and operation names are chosen by clients.
 */
export class BoundedLabel {
  readonly #seen = new Set<string>();
  constructor(
    private readonly max: number,
    private readonly pattern: RegExp,
  ) {}

  value(raw: string | undefined, missing: string): string {
    if (raw === undefined || raw === '') return missing;
    if (!this.pattern.test(raw)) return OTHER;
    if (this.#seen.has(raw)) return raw;
    if (this.#seen.size >= this.max) return OTHER;
    this.#seen.add(raw);
    return raw;
  }
}

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * The gateway's Prometheus metrics in their own Registry (never the global one), so several
 * gateways can live in one process. Labels carry names, routes and codes, never ids or tokens.
 */
export class GatewayMetrics {
  readonly registry = new Registry();
  readonly #operationNames = new BoundedLabel(200, /^[_A-Za-z][_0-9A-Za-z]{0,63}$/);
  readonly #errorCodes = new BoundedLabel(50, /^[A-Z][A-Z0-9_]{0,47}$/);
  readonly #routes = new BoundedLabel(100, /^[/a-z{}-]{1,200}$/);

  readonly #operations = new Counter({
    name: 'graphql_operations_total',
    help: 'GraphQL operations by operation name, type and outcome (success or error).',
    labelNames: ['operation_name', 'operation_type', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly #operationDuration = new Histogram({
    name: 'graphql_operation_duration_seconds',
    help: 'Time from receiving the GraphQL parameters to having the result.',
    labelNames: ['operation_name', 'operation_type', 'outcome'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  readonly #errors = new Counter({
    name: 'graphql_errors_total',
    help: 'Errors in GraphQL results by extensions.code.',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });
  readonly #upstreamRequests = new Counter({
    name: 'upstream_requests_total',
    help: 'Upstream HTTP attempts by upstream, route template, method and status (or error code when no status).',
    labelNames: ['upstream', 'route', 'method', 'status'] as const,
    registers: [this.registry],
  });
  readonly #upstreamDuration = new Histogram({
    name: 'upstream_request_duration_seconds',
    help: 'Upstream HTTP attempt latency, including reading the body.',
    labelNames: ['upstream', 'route', 'method', 'status'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  readonly #upstreamRetries = new Counter({
    name: 'upstream_retries_total',
    help: 'Upstream attempts that were retries of an earlier failed attempt.',
    labelNames: ['upstream', 'route', 'method'] as const,
    registers: [this.registry],
  });
  readonly #batchSizes = new Histogram({
    name: 'dataloader_batch_size',
    help: 'Keys per DataLoader batch.',
    labelNames: ['loader'] as const,
    buckets: [1, 2, 5, 10, 20, 50, 100],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  readonly observeOperation = (scope: OperationScope): void => {
    const labels = {
      operation_name: this.#operationNames.value(scope.operationName, 'anonymous'),
      operation_type: scope.operationType ?? 'unknown',
      outcome: scope.hasErrors ? 'error' : 'success',
    };
    this.#operations.inc(labels);
    this.#operationDuration.observe(labels, scope.durationMs / 1000);
    for (const code of scope.errorCodes) this.#errors.inc({ code: this.#errorCodes.value(code, 'UNKNOWN') });
    for (const batch of scope.dataLoaderBatches) this.#batchSizes.observe({ loader: batch.loader }, batch.size);
  };

  observeUpstream(attempt: UpstreamAttempt): void {
    const route = routeTemplate(attempt.path);
    const status = attempt.statusCode !== undefined ? String(attempt.statusCode) : (attempt.errorCode ?? 'UNKNOWN');
    const labels = this.#upstreamLabels(attempt.upstream, route, attempt.method, status);
    this.#upstreamRequests.inc(labels);
    this.#upstreamDuration.observe(labels, attempt.durationMs / 1000);
    if (attempt.retry > 0) this.#upstreamRetries.inc({ upstream: labels.upstream, route: labels.route, method: labels.method });
  }

  // One label object per series, made once: building and bounding labels cost more than
  // prom-client's own work on every upstream call. Bounded like the series themselves.
  readonly #upstreamLabelCache = new Map<string, { upstream: string; route: string; method: string; status: string }>();

  #upstreamLabels(upstream: string, rawRoute: string, method: string, status: string) {
    const key = `${upstream} ${method} ${status} ${rawRoute}`;
    let labels = this.#upstreamLabelCache.get(key);
    if (!labels) {
      labels = { upstream, route: this.#routes.value(rawRoute, '/'), method, status };
      if (this.#upstreamLabelCache.size < 1_000) this.#upstreamLabelCache.set(key, labels);
    }
    return labels;
  }
}
