import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { startStack, type Stack } from '../helpers/stack.ts';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const CALLER_SPAN_ID = '00f067aa0ba902b7';
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-0[01]$/;

describe('tracing on (in-memory exporter)', () => {
  const exporter = new InMemorySpanExporter();
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({}, { spanExporter: exporter });
  });
  afterAll(() => stack.close());
  beforeEach(() => {
    exporter.reset();
    stack.simulator.clearRequests();
  });

  it('continues the caller trace: a span per operation and per upstream call, traceparent sent upstream', async () => {
    const res = await stack.gql(
      'query Traced { providerKeys(first: 2) { nodes { id } } }',
      {},
      {
        headers: { traceparent: `00-${TRACE_ID}-${CALLER_SPAN_ID}-01`, 'x-request-id': 'trace-req-1' },
      },
    );
    expect(res.errors).toBeUndefined();
    const spans = exporter.getFinishedSpans();
    const operation = spans.find((span) => span.kind === SpanKind.SERVER)!;
    expect(operation.name).toBe('query Traced');
    expect(operation.spanContext().traceId).toBe(TRACE_ID);
    expect(operation.parentSpanContext?.spanId).toBe(CALLER_SPAN_ID);
    expect(operation.attributes).toMatchObject({
      'graphql.operation.name': 'Traced',
      'graphql.operation.type': 'query',
      'gateway.request_id': 'trace-req-1',
      'gateway.upstream_calls': 1,
    });

    const upstreamSpans = spans.filter((span) => span.kind === SpanKind.CLIENT);
    expect(upstreamSpans).toHaveLength(1);
    const call = upstreamSpans[0]!;
    expect(call.name).toBe('GET /provider-keys');
    expect(call.parentSpanContext?.spanId).toBe(operation.spanContext().spanId);
    expect(call.attributes).toMatchObject({
      'http.request.method': 'GET',
      'url.template': '/provider-keys',
      'http.response.status_code': 200,
    });

    // The upstream saw the upstream span's context: same trace, that span as parent.
    const sent = stack.upstream()[0]!.headers.traceparent as string;
    const [, traceId, parentId] = TRACEPARENT.exec(sent)!;
    expect(traceId).toBe(TRACE_ID);
    expect(parentId).toBe(call.spanContext().spanId);
  });

  it('starts a new trace without a caller traceparent, one upstream span per attempt', async () => {
    stack.simulator.injectFault({ match: { method: 'GET', path: '/provider-keys' }, status: 503 });
    await stack.gql('query Retried { providerKeys(first: 1) { nodes { id } } }');
    const spans = exporter.getFinishedSpans();
    const operation = spans.find((span) => span.kind === SpanKind.SERVER)!;
    const calls = spans.filter((span) => span.kind === SpanKind.CLIENT);
    expect(calls).toHaveLength(2);
    expect(calls[0]!.status.code).toBe(SpanStatusCode.ERROR);
    expect(calls[1]!.attributes['http.request.resend_count']).toBe(1);
    for (const call of calls) expect(call.spanContext().traceId).toBe(operation.spanContext().traceId);
    const sent = stack.upstream().map((request) => TRACEPARENT.exec(request.headers.traceparent as string)?.[2]);
    expect(sent).toEqual(calls.map((call) => call.spanContext().spanId));
  });

  it('marks failed operations as errors with the error code', async () => {
    await stack.gql('query Unauthenticated { providerKeys(first: 1) { nodes { id } } }', {}, { token: null });
    const operation = exporter.getFinishedSpans().find((span) => span.kind === SpanKind.SERVER)!;
    expect(operation.status).toMatchObject({ code: SpanStatusCode.ERROR, message: 'UNAUTHENTICATED' });
    expect(operation.attributes['error.type']).toBe('UNAUTHENTICATED');
  });

  it('logs the trace id on the operation line', async () => {
    await stack.gql('query LoggedTrace { __typename }', {}, { headers: { traceparent: `00-${TRACE_ID}-${CALLER_SPAN_ID}-01` } });
    const line = stack.logs.map((l) => JSON.parse(l)).find((l) => l.operationName === 'LoggedTrace');
    expect(line.traceId).toBe(TRACE_ID);
  });
});

describe('tracing off (default)', () => {
  it('sends no traceparent upstream and has no tracer', async () => {
    const stack = await startStack();
    try {
      await stack.gql(
        '{ providerKeys(first: 1) { nodes { id } } }',
        {},
        { headers: { traceparent: `00-${TRACE_ID}-${CALLER_SPAN_ID}-01` } },
      );
      expect(stack.gateway.tracing).toBeUndefined();
      expect(stack.upstream()[0]!.headers.traceparent).toBeUndefined();
    } finally {
      await stack.close();
    }
  });
});

describe('tracing configuration (OTEL_*)', () => {
  it('is off unless an exporter or endpoint is set, and OTEL_SDK_DISABLED wins', () => {
    expect(loadConfig({}).tracing).toBeUndefined();
    expect(loadConfig({ OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }).tracing).toBeUndefined();
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/', OTEL_SDK_DISABLED: 'true' }).tracing).toBeUndefined();
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' }).tracing).toMatchObject({
      exporter: 'otlp',
      protocol: 'http/protobuf',
      url: 'http://collector:4318/v1/traces',
      sampler: 'parentbased_always_on',
    });
    expect(loadConfig({ OTEL_TRACES_EXPORTER: 'console' }).tracing).toMatchObject({ exporter: 'console' });
    expect(
      loadConfig({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://c:4318/custom', OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/json' }).tracing,
    ).toMatchObject({ url: 'http://c:4318/custom', protocol: 'http/json' });
  });

  it.each([
    [{ OTEL_TRACES_EXPORTER: 'zipkin' }, 'OTEL_TRACES_EXPORTER'],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' }, 'OTEL_EXPORTER_OTLP_ENDPOINT'],
    [{ OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }, 'OTEL_EXPORTER_OTLP_PROTOCOL'],
    [{ OTEL_TRACES_SAMPLER_ARG: '2' }, 'OTEL_TRACES_SAMPLER_ARG'],
  ])('refuses %j', (env, name) => {
    expect(() => loadConfig(env)).toThrow(name);
  });

  it.each([
    ['http/json', 'application/json'],
    ['http/protobuf', 'application/x-protobuf'],
  ])('exports %s to an OTLP/HTTP collector at OTEL_EXPORTER_OTLP_ENDPOINT', async (protocol, contentType) => {
    const received: { path: string; type: string; body: string }[] = [];
    const collector = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        // Span names are plain UTF-8 strings in protobuf too, so a byte search finds them.
        received.push({ path: req.url ?? '', type: req.headers['content-type'] ?? '', body: Buffer.concat(chunks).toString('latin1') });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
    const endpoint = `http://127.0.0.1:${(collector.address() as AddressInfo).port}`;
    const stack = await startStack({
      OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
      OTEL_EXPORTER_OTLP_PROTOCOL: protocol,
      OTEL_SERVICE_NAME: 'gw-test',
    });
    try {
      await stack.gql('query Exported { providerKeys(first: 1) { nodes { id } } }');
    } finally {
      await stack.close(); // flushes the batch
      await new Promise((resolve) => collector.close(resolve));
    }
    expect(received.map((r) => r.path)).toContain('/v1/traces');
    expect(received[0]!.type).toContain(contentType);
    const all = received.map((r) => r.body).join('\n');
    expect(all).toContain('query Exported');
    expect(all).toContain('GET /provider-keys');
    expect(all).toContain('gw-test');
  });
});
