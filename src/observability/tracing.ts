import { createRequire } from 'node:module';
import type { TextMapGetter, Tracer } from '@opentelemetry/api';
import type { ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, Sampler, SpanExporter, TracerProvider } from '@opentelemetry/sdk-trace';
import type { Logger } from 'pino';
import type { TracingConfig } from '../config.ts';
import type { OperationObserver } from './operation-scope.ts';
import type { OperationScope } from './operation-scope.ts';
import { routeTemplate } from './route-template.ts';
import type { UpstreamAttempt, UpstreamAttemptStart } from '../upstream/client.ts';

const headersGetter: TextMapGetter<Headers> = {
  keys: (headers) => [...headers.keys()],
  get: (headers, key) => headers.get(key) ?? undefined,
};

/**
 * OpenTelemetry, loaded only when tracing is on: its packages hold memory that a
 * gateway without tracing should not pay for (the image's heap cap is tight). CommonJS
 * `require` keeps the loading synchronous; the types come from the static imports above.
 */
function loadOpenTelemetry() {
  const require = createRequire(import.meta.url);
  return {
    api: require('@opentelemetry/api') as typeof import('@opentelemetry/api'),
    core: require('@opentelemetry/core') as typeof import('@opentelemetry/core'),
    resources: require('@opentelemetry/resources') as typeof import('@opentelemetry/resources'),
    sdk: require('@opentelemetry/sdk-trace') as typeof import('@opentelemetry/sdk-trace'),
  };
}
type OpenTelemetry = ReturnType<typeof loadOpenTelemetry>;

/** The longest the gateway's close() waits for buffered spans to leave; a dead collector must not hold up a shutdown. */
const FLUSH_BOUND_MS = 2_000;

/**
 * The gateway's tracing, or undefined when it is off; a handed-in exporter turns it on (tests).
 * `log` hears about spans that could not be exported: tracing never stops the gateway.
 */
export function createTracing(config: TracingConfig | undefined, exporter?: SpanExporter, log?: Logger): Tracing | undefined {
  if (exporter) return new Tracing(config ?? DEFAULTS, exporter, log);
  return config && new Tracing(config, undefined, log);
}

const DEFAULTS: TracingConfig = {
  exporter: 'otlp',
  protocol: 'http/protobuf',
  url: undefined,
  serviceName: 'ai-gateway-graphql',
  sampler: 'parentbased_always_on',
  samplerArg: undefined,
};

/**
 * OpenTelemetry tracing for one gateway: a SERVER span per GraphQL operation (continuing the
 * caller's W3C trace context) and a CLIENT span per upstream attempt, whose `traceparent` is
 * sent upstream. The provider is the gateway's own, not the global one, so gateways in one
 * process (tests) do not share exporters; the operation span travels in the OperationScope.
 */
export class Tracing {
  readonly #otel: OpenTelemetry = loadOpenTelemetry();
  readonly #provider: TracerProvider;
  readonly #tracer: Tracer;
  readonly #propagator = new this.#otel.core.W3CTraceContextPropagator();

  readonly #log: Logger | undefined;

  /** `exporter` replaces the configured one (tests pass an in-memory exporter). */
  constructor(config: TracingConfig, exporter?: SpanExporter, log?: Logger) {
    this.#log = log;
    const { resources, sdk } = this.#otel;
    const resource = resources
      .detectResources({ detectors: [resources.envDetector] })
      .merge(resources.resourceFromAttributes({ 'service.name': config.serviceName }));
    // A handed-in exporter (tests) gets spans at once; production batches.
    const processor = exporter
      ? new sdk.SimpleSpanProcessor({ exporter })
      : new sdk.BatchSpanProcessor({ exporter: new ReportingExporter(exporterFor(config, sdk), config, log) });
    this.#provider = new sdk.TracerProvider({ resource, sampler: samplerFor(config, sdk), spanProcessors: [processor] });
    this.#tracer = this.#provider.getTracer('ai-gateway-graphql');
  }

  /** Starts and ends the operation span around each GraphQL operation. */
  readonly operations: OperationObserver = {
    start: (scope) => {
      const { ROOT_CONTEXT, SpanKind } = this.#otel.api;
      const parent = this.#propagator.extract(ROOT_CONTEXT, scope.request.headers, headersGetter);
      scope.span = this.#tracer.startSpan('GraphQL Operation', { kind: SpanKind.SERVER }, parent);
    },
    end: (scope) => {
      const span = scope.span;
      if (!span) return;
      const type = scope.operationType;
      const name = scope.operationName?.slice(0, 64);
      if (type) span.updateName(name ? `${type} ${name}` : type);
      span.setAttributes({
        ...(type ? { 'graphql.operation.type': type } : {}),
        ...(name ? { 'graphql.operation.name': name } : {}),
        'gateway.request_id': scope.requestId,
        'gateway.upstream_calls': scope.upstreamCalls,
      });
      if (scope.hasErrors) {
        const codes = [...new Set(scope.errorCodes)];
        span.setAttribute('error.type', codes[0] ?? 'GRAPHQL_ERROR');
        span.setStatus({ code: this.#otel.api.SpanStatusCode.ERROR, message: codes.join(', ') });
      }
      span.end();
    },
  };

  /** Upstream client hook: a span per attempt, its context sent as `traceparent`. */
  readonly beforeUpstreamAttempt = (start: UpstreamAttemptStart) => {
    const { ROOT_CONTEXT, SpanKind, SpanStatusCode, defaultTextMapSetter, trace } = this.#otel.api;
    const route = routeTemplate(start.path);
    const origin = new URL(start.origin);
    const parent = (start.caller as OperationScope | undefined)?.span;
    const span = this.#tracer.startSpan(
      `${start.method} ${route}`,
      {
        kind: SpanKind.CLIENT,
        attributes: {
          'http.request.method': start.method,
          'url.template': route,
          'server.address': origin.hostname,
          'server.port': Number(origin.port || (origin.protocol === 'https:' ? 443 : 80)),
          'gateway.upstream': start.upstream,
          ...(start.retry > 0 ? { 'http.request.resend_count': start.retry } : {}),
        },
      },
      parent ? trace.setSpan(ROOT_CONTEXT, parent) : ROOT_CONTEXT,
    );
    this.#propagator.inject(trace.setSpan(ROOT_CONTEXT, span), start.headers, defaultTextMapSetter);
    return (attempt: UpstreamAttempt) => {
      if (attempt.statusCode !== undefined) span.setAttribute('http.response.status_code', attempt.statusCode);
      if (attempt.errorCode) {
        span.setAttribute('error.type', attempt.statusCode !== undefined ? String(attempt.statusCode) : attempt.errorCode);
        span.setStatus({ code: SpanStatusCode.ERROR, message: attempt.errorCode });
      }
      span.end();
    };
  };

  /** Exports what is buffered and stops, within FLUSH_BOUND_MS; called when the gateway closes. Never throws. */
  async shutdown(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const bound = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), FLUSH_BOUND_MS);
      timer.unref();
    });
    const outcome = await Promise.race([this.#provider.shutdown().catch(() => 'failed' as const), bound]);
    clearTimeout(timer);
    if (outcome === 'timeout')
      this.#log?.warn({ boundMs: FLUSH_BOUND_MS }, 'tracing: buffered spans were not exported in time; stopping without them');
  }
}

/**
 * Tells the log when spans cannot be exported (a collector that is down, unreachable or refuses
 * them), once per outage and once when it recovers, instead of failing silently or loudly.
 */
class ReportingExporter implements SpanExporter {
  #failing = false;

  constructor(
    private readonly inner: SpanExporter,
    private readonly config: TracingConfig,
    private readonly log: Logger | undefined,
  ) {}

  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    this.inner.export(spans, (result) => {
      // ExportResultCode.SUCCESS is 0.
      if (result.code !== 0 && !this.#failing) {
        this.#failing = true;
        this.log?.warn(
          { exporter: this.config.exporter, url: this.config.url ?? 'the exporter default', error: result.error?.message },
          'tracing: spans could not be exported; the gateway goes on without them',
        );
      } else if (result.code === 0 && this.#failing) {
        this.#failing = false;
        this.log?.info({ exporter: this.config.exporter }, 'tracing: spans are exported again');
      }
      done(result);
    });
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }
}

function exporterFor(config: TracingConfig, sdk: OpenTelemetry['sdk']): SpanExporter {
  switch (config.exporter) {
    case 'console':
      return new sdk.ConsoleSpanExporter();
    case 'otlp': {
      // The exporters read OTEL_EXPORTER_OTLP_HEADERS, _TIMEOUT and _COMPRESSION themselves.
      // Loaded only when used: the protobuf exporter alone slows start-up noticeably.
      const options = config.url ? { url: config.url } : {};
      const require = createRequire(import.meta.url);
      const { OTLPTraceExporter } =
        config.protocol === 'http/json'
          ? (require('@opentelemetry/exporter-trace-otlp-http') as typeof import('@opentelemetry/exporter-trace-otlp-http'))
          : (require('@opentelemetry/exporter-trace-otlp-proto') as typeof import('@opentelemetry/exporter-trace-otlp-proto'));
      return new OTLPTraceExporter(options);
    }
  }
}

/** OTEL_TRACES_SAMPLER / OTEL_TRACES_SAMPLER_ARG, as the specification defines them. */
function samplerFor(config: TracingConfig, sdk: OpenTelemetry['sdk']): Sampler {
  const { AlwaysOffSampler, AlwaysOnSampler, ParentBasedSampler, TraceIdRatioBasedSampler } = sdk;
  const ratio = new TraceIdRatioBasedSampler(config.samplerArg ?? 1);
  switch (config.sampler) {
    case 'always_on':
      return new AlwaysOnSampler();
    case 'always_off':
      return new AlwaysOffSampler();
    case 'traceidratio':
      return ratio;
    case 'parentbased_always_off':
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case 'parentbased_traceidratio':
      return new ParentBasedSampler({ root: ratio });
    case 'parentbased_always_on':
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
  }
}
