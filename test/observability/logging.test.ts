import { Writable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.ts';
import { newToken, startStack, type Stack } from '../helpers/stack.ts';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.close());
beforeEach(() => {
  stack.logs.length = 0;
  stack.simulator.clearRequests();
});

const infoLines = () => stack.logs.map((line) => JSON.parse(line)).filter((line) => line.level === 30);

describe('operation log line', () => {
  it('writes one info line per operation with request id, name, duration and upstream call count', async () => {
    await stack.gql('query LogMe { providerKeys(first: 3) { nodes { id } } accessKeyConfigurations(first: 1) { nodes { id } } }', {}, {
      headers: { 'x-request-id': 'log-req-1' },
    });
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
});
