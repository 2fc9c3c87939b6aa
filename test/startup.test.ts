import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** Runs `src/main.ts` (what `npm start` and the image run) with only `env` set; `entry` another entry point. */
function start(env: Record<string, string>, entry = 'src/main.ts') {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  return { child, exited, stdout: () => stdout, stderr: () => stderr };
}

describe('start-up configuration check (spawned src/main.ts)', () => {
  it.each([
    [{ PORT: 'abc' }, /PORT: /],
    [{ AI_GATEWAY_API_URL: 'not a url' }, /AI_GATEWAY_API_URL: /],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL: /],
    [{ OTEL_TRACES_EXPORTER: 'zipkin' }, /OTEL_TRACES_EXPORTER: /],
    [{ PERSISTED_OPERATIONS_FILE: '/nonexistent/manifest.json' }, /PERSISTED_OPERATIONS_FILE: cannot read/],
    [{ PERSISTED_OPERATIONS_FILE: tmpdir() }, /PERSISTED_OPERATIONS_FILE: cannot read .*EISDIR/],
  ])('exits 2 on %j with a message naming the variable', async (env, message) => {
    const run = start(env);
    expect(await run.exited).toBe(2);
    expect(run.stderr()).toMatch(/^Invalid configuration:/);
    expect(run.stderr()).toMatch(message);
    expect(run.stderr()).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('starts with valid settings, serves /readyz, and exits 0 on SIGTERM', async () => {
    const run = start({ AI_GATEWAY_API_URL: 'http://127.0.0.1:9' });
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no start-up line:\n${run.stdout()}${run.stderr()}`)), 15_000);
      run.child.stdout.on('data', () => {
        const line = run
          .stdout()
          .split('\n')
          .find((l) => l.includes('gateway listening'));
        if (line) {
          clearTimeout(timer);
          resolve(JSON.parse(line).url.replace(/\/graphql$/, ''));
        }
      });
    });
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
  });
});

/** Resolves once a line of the child's stdout matches `pattern`. */
function waitFor(run: ReturnType<typeof start>, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no line matching ${pattern}:\n${run.stdout()}${run.stderr()}`)), 15_000);
    const check = () => {
      const line = run
        .stdout()
        .split('\n')
        .find((l) => pattern.test(l));
      if (line) {
        clearTimeout(timer);
        resolve(line);
      }
    };
    run.child.stdout.on('data', check);
    check();
  });
}

describe('a busy port stops start-up with one line naming the address and the variable', () => {
  let busy: Server;
  let port: number;
  beforeAll(async () => {
    busy = createServer();
    busy.listen(0, '127.0.0.1');
    await once(busy, 'listening');
    port = (busy.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((resolve) => busy.close(() => resolve())));

  it.each([
    ['the gateway (npm start)', 'src/main.ts', () => ({ PORT: String(port) }), 'PORT'],
    ['the AI Gateway simulator (npm run simulator)', 'src/simulator/main.ts', () => ({ SIMULATOR_PORT: String(port) }), 'SIMULATOR_PORT'],
    [
      'the OpenRouter simulator (npm run simulator)',
      'src/simulator/main.ts',
      () => ({ SIMULATOR_PORT: '0', OPENROUTER_SIMULATOR_PORT: String(port) }),
      'OPENROUTER_SIMULATOR_PORT',
    ],
    ["the demo's gateway", 'src/demo.ts', () => ({ PORT: String(port), SIMULATOR_PORT: '0', OPENROUTER_SIMULATOR_PORT: '0' }), 'PORT'],
    ["the demo's simulator", 'src/demo.ts', () => ({ SIMULATOR_PORT: String(port), OPENROUTER_SIMULATOR_PORT: '0' }), 'SIMULATOR_PORT'],
  ])(
    '%s: exit 2, naming the variable',
    async (_label, entry, env, variable) => {
      const run = start({ SIMULATOR_HOST: '127.0.0.1', ...env() }, entry);
      expect(await run.exited).toBe(2);
      const lines = run.stderr().trim().split('\n');
      expect(lines).toEqual([
        `Cannot listen on 127.0.0.1:${port}: the address is already in use (EADDRINUSE). Set ${variable} to a free port, or stop what listens there.`,
      ]);
    },
    30_000,
  );
});

describe('an unreachable OTLP collector never stops the gateway', () => {
  let closedPort: number;
  beforeAll(async () => {
    const server = createServer();
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    closedPort = (server.address() as { port: number }).port;
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('serves, says once in the log that spans are not exported, and stops promptly on SIGTERM with exit 0', async () => {
    const run = start({
      AI_GATEWAY_API_URL: 'http://127.0.0.1:9',
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${closedPort}`,
      // The SDK's batch delay (5 s by default), shortened so that the export fails early.
      OTEL_BSP_SCHEDULE_DELAY: '100',
    });
    const listening = JSON.parse(await waitFor(run, /gateway listening/));
    const response = await fetch(listening.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer x' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(await response.json()).toEqual({ data: { __typename: 'Query' } });
    const warning = JSON.parse(await waitFor(run, /spans could not be exported/));
    expect(warning).toMatchObject({ level: 40, exporter: 'otlp', url: `http://127.0.0.1:${closedPort}/v1/traces` });
    expect(run.stdout()).not.toMatch(/\n\s+at /);
    // Still serving after the failed export.
    expect((await fetch(listening.url.replace(/\/graphql$/, '/readyz'))).status).toBe(200);
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    expect(run.stdout().match(/spans could not be exported/g)).toHaveLength(1);
  }, 60_000);
});
