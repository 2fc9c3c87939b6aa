import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';

/** Runs `src/main.ts` (what `npm start` and the image run) with only `env` set. */
function start(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
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
