import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { toGlobalId } from 'graphql-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAiGatewaySimulator, type AiGatewaySimulator } from '../../src/simulator/index.ts';

/** The real `npm start` entry point as a child process, with all its output captured. */
async function spawnGateway(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: new URL('../..', import.meta.url),
    env: { ...process.env, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'trace', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`gateway did not start:\n${output}`)), 15_000);
    child.stdout.on('data', () => {
      const match = /"url":"(http:\/\/127\.0\.0\.1:\d+)\/graphql"/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1] as string);
      }
    });
  });
  return { child, url, output: () => output };
}

function post(url: string, token: string, query: string, variables: Record<string, unknown> = {}) {
  return fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
}

let simulator: AiGatewaySimulator;
beforeAll(async () => {
  simulator = await startAiGatewaySimulator({ port: 0 });
});
afterAll(() => simulator.close());

describe('the gateway process', () => {
  let gateway: { child: ChildProcess; url: string; output: () => string };
  const token = `tok_process_${Date.now()}_secretish`;
  const inlineSecret = 'sk-process-inline-secret-77aa';
  const storedSecret = 'sk-process-stored-secret-88bb';

  beforeAll(async () => {
    gateway = await spawnGateway({ AI_GATEWAY_API_URL: simulator.url, SHUTDOWN_TIMEOUT_MS: '5000' });
  });
  afterAll(() => {
    if (gateway.child.exitCode === null) gateway.child.kill('SIGKILL');
  });

  it('serves requests, including failing ones, without writing tokens or secrets to its output (trace level)', async () => {
    const account = simulator.account(token);
    const key = account.createProviderKey({ providerId: 'openai', name: 'k', value: storedSecret });
    const configuration = account.createAccessKeyConfiguration({ name: 'c' });
    const list = await (await post(gateway.url, token, '{ providerKeys { nodes { id name keyRedacted } } }')).json();
    expect(list.data.providerKeys.nodes).toHaveLength(1);
    const update = await (
      await post(
        gateway.url,
        token,
        'mutation($input: UpdateAccessKeyConfigurationInput!) { updateAccessKeyConfiguration(input: $input) { accessKeyConfiguration { router { rules { steps { keys { name } } } } } } }',
        {
          input: {
            id: toGlobalId('AccessKeyConfiguration', configuration.id),
            router: {
              rules: [
                {
                  provider: 'openai',
                  steps: [{ keys: [{ name: 'inline', value: inlineSecret }, { providerKeyId: toGlobalId('ProviderKey', key.id) }] }],
                },
              ],
            },
          },
        },
      )
    ).json();
    expect(update.errors).toBeUndefined();
    // Failing paths log too: an upstream 401, a validation error carrying the secret, a fault.
    simulator.injectFault({ status: 401, body: { statusCode: 401, msg: 'bad token', details: {} } });
    await post(gateway.url, token, '{ providerKeys { nodes { id } } }');
    await post(
      gateway.url,
      token,
      'mutation($v: String) { updateAccessKeyConfiguration(input: { id: "x", router: { rules: [{ steps: [{ keys: [{ value: $v }] }] }] } }) { clientMutationId } }',
      { v: inlineSecret },
    );
    simulator.injectFault({ reset: true, times: 5 });
    await post(gateway.url, token, '{ providerKeys { nodes { id } } }');

    const output = gateway.output();
    expect(output).toContain('upstream call'); // trace/debug lines were written
    for (const sensitive of [token, inlineSecret, storedSecret]) expect(output).not.toContain(sensitive);
  });

  it('on SIGTERM finishes the in-flight request, stops accepting, closes pools and exits 0', async () => {
    simulator.clearFaults();
    simulator.injectFault({ delayMs: 800, match: { method: 'GET' } });
    const inflight = post(gateway.url, 'demo', '{ providerKeys(first: 2) { nodes { id } } }');
    await new Promise((resolve) => setTimeout(resolve, 200));
    const exited = once(gateway.child, 'exit');
    gateway.child.kill('SIGTERM');
    const response = await inflight;
    expect(response.status).toBe(200);
    expect((await response.json()).data.providerKeys.nodes).toHaveLength(2);
    const [code] = await exited;
    expect(code).toBe(0);
    await expect(fetch(`${gateway.url}/healthz`)).rejects.toThrow();
    expect(gateway.output()).toContain('shutting down');
  });
});

describe('start-up configuration errors', () => {
  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ AI_GATEWAY_API_URL: 'not-a-url' }, 'AI_GATEWAY_API_URL'],
    [{ CORS_ORIGINS: 'https://ok.example, nope' }, 'CORS_ORIGINS'],
  ])('exits non-zero naming the bad variable for %j', async (env, name) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: new URL('../..', import.meta.url),
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stderr.on('data', (chunk) => (output += chunk));
    const [code] = await once(child, 'exit');
    expect(code).toBe(2);
    expect(output).toContain(name);
  });
});
