import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBundlesInTempDir, IMAGE_HEAP_FLAG } from '../scripts/build.ts';
import { exampleOperations } from '../src/graphiql.ts';

/**
 * `npm run build`'s output run as the image runs it: plain `node` (no tsx) on the bundles, the
 * heap cap in NODE_OPTIONS, node_modules resolved at run time, GraphiQL's page
 * prerendered next to the bundle. Built into a temporary directory with node_modules
 * symlinked, so dist/ is left alone.
 */

/** A port nothing listens on right now (the simulator CLI takes fixed ports). */
async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

interface Started {
  child: ChildProcess;
  output: () => string;
}

/** Spawns `node <args>` with only `env` (and PATH) set; resolves once a stdout line matches `ready`. */
async function startNode(args: string[], env: Record<string, string>, ready: RegExp): Promise<Started> {
  const child = spawn(process.execPath, args, {
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${args.join(' ')} did not start:\n${output}`)), 10_000);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${args.join(' ')} exited during start-up (code ${code}, signal ${signal}):\n${output}`));
    });
    child.stdout!.on('data', () => {
      if (ready.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  return { child, output: () => output };
}

async function stop(started: Started | undefined): Promise<void> {
  const child = started?.child;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

describe('the bundles (scripts/build.ts) run with plain node', () => {
  let build: Awaited<ReturnType<typeof buildBundlesInTempDir>> | undefined;
  let simulator: Started | undefined;
  /** With the image's heap cap (Dockerfile). */
  let gateway: Started | undefined;
  const urlOf = (started: Started) =>
    JSON.parse(
      started
        .output()
        .split('\n')
        .find((line) => line.includes('"gateway listening"'))!,
    ).url as string;

  beforeAll(async () => {
    build = await buildBundlesInTempDir();
    const [aiGatewayPort, openRouterPort] = [await freePort(), await freePort()];
    simulator = await startNode(
      [build.bundles.simulator],
      { SIMULATOR_HOST: '127.0.0.1', SIMULATOR_PORT: String(aiGatewayPort), OPENROUTER_SIMULATOR_PORT: String(openRouterPort) },
      /OpenRouter simulator:/,
    );
    const env = {
      HOST: '127.0.0.1',
      PORT: '0',
      AI_GATEWAY_API_URL: `http://127.0.0.1:${aiGatewayPort}`,
      OPENROUTER_API_URL: `http://127.0.0.1:${openRouterPort}/api/v1`,
      GRAPHIQL_DEMO_TOKEN: 'demo',
      LOG_LEVEL: 'info',
    };
    gateway = await startNode([build.bundles.main], { ...env, NODE_OPTIONS: IMAGE_HEAP_FLAG }, /"msg":"gateway listening"/);
  });

  afterAll(async () => {
    await Promise.all([stop(gateway), stop(simulator)]);
    build?.remove();
  });

  it('writes main.js, simulator.js and demo.js with linked source maps', () => {
    for (const file of [build!.bundles.main, build!.bundles.simulator, build!.bundles.demo]) {
      expect(existsSync(file), file).toBe(true);
      expect(existsSync(`${file}.map`), `${file}.map`).toBe(true);
      expect(readFileSync(file, 'utf8')).toMatch(/\/\/# sourceMappingURL=\w+\.js\.map\s*$/);
    }
  });

  it("answers a GraphQL query with the simulator's data under the image's heap cap", async () => {
    const response = await fetch(urlOf(gateway!), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer demo' },
      body: JSON.stringify({ query: '{ providerKeys(first: 2) { nodes { id name } } }' }),
    });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.errors).toBeUndefined();
    expect(body.data.providerKeys.nodes).toHaveLength(2);
    for (const node of body.data.providerKeys.nodes) expect(node).toEqual({ id: expect.any(String), name: expect.any(String) });
  });

  it("serves GraphiQL from the prerendered page, to six browsers at once, under the image's heap cap", async () => {
    expect(existsSync(join(build!.dir, 'graphiql.html'))).toBe(true);
    const pages = await Promise.all(
      Array.from({ length: 6 }, async () => {
        const response = await fetch(urlOf(gateway!), { headers: { accept: 'text/html' } });
        expect(response.status).toBe(200);
        expect(response.headers.get('content-type')).toMatch(/^text\/html/);
        return response.text();
      }),
    );
    for (const html of pages) {
      expect(html).toContain('<title>AI Gateway GraphQL</title>');
      expect(html).toContain('YogaGraphiQL.renderYogaGraphiQL');
      expect(html).toContain('Bearer demo'); // GRAPHIQL_DEMO_TOKEN reached the page
      expect(html).not.toContain('@@GRAPHIQL_OPTIONS@@');
      // The example tabs are in the bundle: there is no examples/ beside it.
      for (const { name } of exampleOperations()) expect(html).toContain(name);
    }
    // Still up, and still answering queries.
    const response = await fetch(urlOf(gateway!), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer demo' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(await response.json()).toEqual({ data: { __typename: 'Query' } });
  });

  it('runs the demo offline from demo.js (npm run demo:dist) and stops it on SIGTERM', async () => {
    const demo = await startNode(
      [build!.bundles.demo],
      { PORT: '0', SIMULATOR_PORT: '0', OPENROUTER_SIMULATOR_PORT: '0', LOG_FORMAT: 'json' },
      /GraphiQL:\s+http:\S+/,
    );
    try {
      const url = /GraphiQL:\s+(http:\S+)/.exec(demo.output())![1]!;
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/graphql$/);
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer demo', 'x-openrouter-authorization': 'Bearer demo' },
        body: JSON.stringify({ query: '{ providerKeys(first: 1) { nodes { name } } openRouterKeys(first: 1) { nodes { name } } }' }),
      });
      const body = await response.json();
      expect(body.errors).toBeUndefined();
      expect(body.data.providerKeys.nodes).toHaveLength(1);
      const exited = once(demo.child, 'exit');
      demo.child.kill('SIGTERM');
      expect((await exited)[0], demo.output()).toBe(0);
    } finally {
      await stop(demo);
    }
  });

  it('stops on SIGTERM with exit code 0', async () => {
    for (const started of [gateway!]) {
      const exited = once(started.child, 'exit');
      started.child.kill('SIGTERM');
      expect((await exited)[0], started.output()).toBe(0);
    }
  });
});
