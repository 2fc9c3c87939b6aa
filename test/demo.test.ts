// `npm run demo` as a newcomer runs it: through npm, stopped by a signal to npm's own process.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** Whether anything accepts connections at `url`'s host and port. */
async function answers(url: string): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(2_000) });
    return true;
  } catch {
    return false;
  }
}

describe('npm run demo', () => {
  let npm: ChildProcess;
  let output = '';
  let urls: { gateway: string; aiGateway: string; openRouter: string };

  beforeAll(async () => {
    npm = spawn('npm', ['run', '--silent', 'demo'], {
      // HOST unset: the demo's own default. Free ports for everything it starts.
      env: { ...process.env, HOST: '', PORT: '0', SIMULATOR_PORT: '0', OPENROUTER_SIMULATOR_PORT: '0', LOG_FORMAT: '', LOG_LEVEL: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    npm.stdout!.on('data', (chunk) => (output += chunk));
    npm.stderr!.on('data', (chunk) => (output += chunk));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the demo did not start:\n${output}`)), 30_000);
      npm.once('exit', (code) => reject(new Error(`npm exited with ${code}:\n${output}`)));
      npm.stdout!.on('data', () => {
        const gateway = /GraphiQL:\s+(http:\/\/\S+)\/graphql/.exec(output)?.[1];
        const upstreams = /AI Gateway simulator (http:\/\/\S+), OpenRouter simulator (http:\/\/\S+)/.exec(output);
        if (gateway && upstreams) {
          clearTimeout(timer);
          urls = { gateway, aiGateway: upstreams[1]!, openRouter: upstreams[2]! };
          resolve();
        }
      });
    });
  }, 60_000);

  afterAll(() => {
    if (npm.exitCode === null && npm.signalCode === null) npm.kill('SIGKILL');
  });

  it('listens on 127.0.0.1 by default, where it says, and nowhere else', async () => {
    expect(urls.gateway).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await answers(`${urls.gateway}/healthz`)).toBe(true);
    // Bound to 127.0.0.1 itself, not to every interface: another loopback address finds nothing.
    expect(await answers(`${urls.gateway.replace('127.0.0.1', '127.0.0.2')}/healthz`)).toBe(false);
  });

  it('logs one readable line per operation', async () => {
    const before = output.length;
    const response = await fetch(`${urls.gateway}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer demo' },
      body: JSON.stringify({ query: 'query DemoLine { providerKeys(first: 3) { nodes { id } } }' }),
    });
    expect((await response.json()).errors).toBeUndefined();
    await expect.poll(() => output.slice(before), { timeout: 5_000 }).toContain('DemoLine');
    const lines = output.slice(before).trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/INFO: query DemoLine: success in [\d.]+ ms, 1 upstream call \[request [\w-]+\]$/);
  });

  it('stops the gateway and both simulators when npm itself gets SIGTERM', async () => {
    const exited = once(npm, 'exit');
    npm.kill('SIGTERM');
    await exited;
    for (const url of [urls.gateway, urls.aiGateway, urls.openRouter]) {
      await expect.poll(() => answers(url), { timeout: 10_000, interval: 200 }).toBe(false);
    }
  }, 30_000);
});
