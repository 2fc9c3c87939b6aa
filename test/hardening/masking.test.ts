import { Writable } from 'node:stream';
import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { GatewayContext } from '../../src/context.ts';
import { GatewayError } from '../../src/errors.ts';
import { createLogger } from '../../src/logger.ts';
import { toClientError } from '../../src/plugins/use-error-codes.ts';

function contextWithLog() {
  const lines: string[] = [];
  const log = createLogger('debug', new Writable({ write: (chunk, _e, done) => (lines.push(String(chunk)), done()) }));
  return { context: { requestId: 'req-42', log: log.child({ requestId: 'req-42' }) } as unknown as GatewayContext, lines };
}

const located = (original: Error, path: string[] = ['providerKeys']) =>
  new GraphQLError(original.message, { originalError: original, path });

describe('error presentation', () => {
  it('turns an unexpected exception into a generic error with the request id; details go to the log only', () => {
    const { context, lines } = contextWithLog();
    const bug = new TypeError("Cannot read properties of undefined (reading 'internal secret path')");
    const error = toClientError(located(bug), context);
    expect(error.message).toBe('Unexpected error. Quote request id req-42 when reporting it.');
    expect(error.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR', requestId: 'req-42' });
    expect(JSON.stringify(error.toJSON())).not.toContain('internal secret path');
    expect(lines.join('')).toContain('internal secret path');
    expect(lines.join('')).toContain('req-42');
  });

  it('keeps a GatewayError code and its client-safe details', () => {
    const { context } = contextWithLog();
    const error = toClientError(located(new GatewayError('CONFLICT', 'still linked', { upstream: { statusCode: 409 } })), context);
    expect(error.extensions).toEqual({ code: 'CONFLICT', upstream: { statusCode: 409 } });
    expect(error.path).toEqual(['providerKeys']);
  });

  it('codes variable coercion errors BAD_USER_INPUT and serialization errors UPSTREAM_BAD_RESPONSE without the value', () => {
    const { context } = contextWithLog();
    expect(toClientError(new GraphQLError('Variable "$first" got invalid value'), context).extensions.code).toBe('BAD_USER_INPUT');
    const serialization = toClientError(
      located(new Error('String cannot represent value: { token: "sk-x" }'), ['providerKey', 'name']),
      context,
    );
    expect(serialization.extensions.code).toBe('UPSTREAM_BAD_RESPONSE');
    expect(serialization.message).not.toContain('sk-x');
  });
});
