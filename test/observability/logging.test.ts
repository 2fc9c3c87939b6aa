import { Writable } from 'node:stream';
import { beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.ts';
import { newToken, useStack } from '../helpers/stack.ts';

const stack = useStack();
beforeEach(() => {
  stack.logs.length = 0;
  stack.simulator.clearRequests();
});

const infoLines = () => stack.logs.map((line) => JSON.parse(line)).filter((line) => line.level === 30);

describe('operation log line', () => {
  it('writes one info line per operation with request id, name, duration and upstream call count', async () => {
    await stack.gql(
      'query LogMe { providerKeys(first: 3) { nodes { id } } accessKeyConfigurations(first: 1) { nodes { id } } }',
      {},
      {
        headers: { 'x-request-id': 'log-req-1' },
      },
    );
    const lines = infoLines();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      msg: 'graphql operation',
      requestId: 'log-req-1',
      operationName: 'LogMe',
      operationType: 'query',
      outcome: 'success',
      upstreamCalls: stack.upstream().length,
    });
    expect(lines[0].upstreamCalls).toBe(2);
    expect(lines[0].durationMs).toBeGreaterThan(0);
  });

  it('writes still one line for a failed operation, with its error codes, and no variables or token', async () => {
    const token = newToken('log');
    await stack.gql('query LogFail($first: Int) { providerKeys(first: $first) { nodes { id } } }', { first: 9999 }, { token });
    const lines = infoLines();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ operationName: 'LogFail', outcome: 'error', errorCodes: ['BAD_USER_INPUT'], upstreamCalls: 0 });
    expect(stack.logs.join('\n')).not.toContain(token);
    expect(stack.logs.join('\n')).not.toContain('9999');
  });

  it('writes a line for operations refused before execution: unparsable, invalid, or without a query', async () => {
    await stack.gql('query Broken { providerKeys(first: 1) { nodes { id }', {}, { headers: { 'x-request-id': 'log-parse' } });
    await stack.gql('query Invalid { noSuchField }', {}, { headers: { 'x-request-id': 'log-invalid' } });
    const noQuery = await fetch(`${stack.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer demo', 'x-request-id': 'log-empty' },
      body: JSON.stringify({ variables: {} }),
    });
    expect(((await noQuery.json()) as { errors?: unknown[] }).errors).toHaveLength(1);
    const byId = new Map(infoLines().map((line) => [line.requestId, line]));
    expect(byId.get('log-parse')).toMatchObject({ outcome: 'error', errorCodes: ['GRAPHQL_PARSE_FAILED'], upstreamCalls: 0 });
    expect(byId.get('log-invalid')).toMatchObject({
      operationName: 'Invalid',
      operationType: 'query',
      outcome: 'error',
      errorCodes: ['GRAPHQL_VALIDATION_FAILED'],
    });
    expect(byId.get('log-empty')).toMatchObject({ outcome: 'error', upstreamCalls: 0 });
    expect(infoLines()).toHaveLength(3);
  });

  it("tags a request's own log lines with its request id", async () => {
    stack.simulator.injectFault({ status: 200, body: { aiGatewayProviderKeys: [{ id: 'aigpk_1', name: { nested: true } }], uri: '/' } });
    await stack.gql('query Odd { providerKeys(first: 1) { nodes { id name } } }', {}, { headers: { 'x-request-id': 'log-warn' } });
    const warning = stack.logs.map((line) => JSON.parse(line)).find((line) => line.level === 40);
    expect(warning).toMatchObject({ requestId: 'log-warn', msg: 'upstream value does not fit the schema' });
  });

  it('gives every operation its own request id', async () => {
    await Promise.all([stack.gql('query A { __typename }'), stack.gql('query B { __typename }')]);
    const ids = infoLines().map((line) => line.requestId);
    expect(new Set(ids).size).toBe(2);
  });
});

describe('pretty format', () => {
  it('is off by default (JSON lines) and only for the logger that asks', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    createLogger('info', sink).info({ authorization: 'Bearer x' }, 'hello');
    expect(JSON.parse(lines[0]!)).toMatchObject({ msg: 'hello', authorization: '[redacted]' });
    expect(() => createLogger('info', undefined, 'pretty')).not.toThrow();
  });

  it('writes one readable line per operation, and keeps every other entry on one line, redacted', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(...String(chunk).split('\n').filter(Boolean));
        done();
      },
    });
    const log = createLogger('debug', sink, 'pretty');
    const access = { requestId: 'req-1', operationName: 'ProviderKeys', operationType: 'query', outcome: 'success' };
    log.info({ ...access, durationMs: 12.4, upstreamCalls: 1 }, 'graphql operation');
    log.info({ ...access, outcome: 'error', errorCodes: ['BAD_USER_INPUT'], durationMs: 2, upstreamCalls: 0 }, 'graphql operation');
    log.debug({ requestId: 'req-1', upstreamCall: { method: 'GET', route: '/provider-keys', status: 200 } }, 'upstream call');
    log.info({ authorization: 'Bearer sk-secret-123', nested: { value: 'sk-secret-456' } }, 'hello');
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^\[[\d:.]+\] INFO: query ProviderKeys: success in 12\.4 ms, 1 upstream call \[request req-1\]$/);
    expect(lines[1]).toMatch(/INFO: query ProviderKeys: error \(BAD_USER_INPUT\) in 2 ms, 0 upstream calls \[request req-1\]$/);
    expect(lines[2]).toMatch(
      /DEBUG: upstream call \[request req-1\] \{"upstreamCall":\{"method":"GET","route":"\/provider-keys","status":200\}\}$/,
    );
    expect(lines[3]).toContain('[redacted]');
    expect(lines.join('\n')).not.toContain('sk-secret');
  });
});
