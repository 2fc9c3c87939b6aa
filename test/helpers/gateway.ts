import { Writable } from 'node:stream';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/logger.ts';
import { createGateway } from '../../src/server.ts';

/** A gateway on a random loopback port in front of any upstream URL, with its log lines. */
export async function startGateway(env: Record<string, string>) {
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const gateway = createGateway(loadConfig({ HOST: '127.0.0.1', PORT: '0', ...env }), createLogger('debug', sink));
  const url = await gateway.listen();
  const gql = async (query: string, token = 'demo') => {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query }),
    });
    return { status: response.status, ...(await response.json()) } as { status: number; data?: any; errors?: any[] };
  };
  return { gateway, url, logs, gql, close: () => gateway.close() };
}
