import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig } from '../../src/config.ts';

/**
 * Checks of the built image and the compose stack from outside the containers, through the
 * Docker engine and the published ports. Run by scripts/container/test.sh, which sets up the
 * engine, builds the image and passes its name; not part of `npm test`.
 */
const DOCKER = process.env.DOCKER ?? 'docker';
const IMAGE = required('CONTAINER_TEST_IMAGE');
const BASE = required('CONTAINER_TEST_BASE');
const PROJECT = required('CONTAINER_TEST_PROJECT');
const COMPOSE = process.env.CONTAINER_TEST_COMPOSE ?? 'docker-compose';
/** Containers started here carry it, so that test.sh removes whatever a failed check leaves. */
const LABEL = `ai-gateway-graphql.container-test=${PROJECT}`;
/** The project's own layers (node_modules, dist/ with GraphiQL's 9 MB page, package.json): 70.5 MB at 0.1.0. */
const OWN_LAYERS_BUDGET_BYTES = 80_000_000;
const HARDENING = ['--read-only', '--cap-drop', 'ALL', '--security-opt', 'no-new-privileges', '--tmpfs', '/tmp'];

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run scripts/container/test.sh`);
  return value;
}

/** The parts of `docker inspect` (image or container) read here. */
interface ContainerState {
  Running: boolean;
  Status: string;
  ExitCode: number;
  OOMKilled: boolean;
  Health?: { Status: string; Log?: { Output: string }[] };
}
interface Inspected {
  Size: number;
  RootFS: { Layers: string[] };
  Config: {
    User: string;
    Env: string[];
    Entrypoint: string[] | null;
    Cmd: string[] | null;
    Healthcheck?: { Interval?: number; StartPeriod?: number; Retries?: number };
  };
  State: ContainerState;
  HostConfig: { ReadonlyRootfs: boolean; CapDrop: string[] | null; SecurityOpt: string[] | null };
}

const exec = promisify(execFile);
async function docker(...args: string[]): Promise<string> {
  return (await exec(DOCKER, args, { maxBuffer: 64 * 1024 * 1024 })).stdout.trim();
}
/** `docker-compose` (v1) or `docker compose` (v2), as test.sh found; host ports chosen by the engine. */
async function compose(...args: string[]): Promise<string> {
  const env = {
    ...process.env,
    GATEWAY_PUBLISH: '127.0.0.1:0',
    SIMULATOR_PUBLISH: '127.0.0.1:0',
    OPENROUTER_SIMULATOR_PUBLISH: '127.0.0.1:0',
  };
  const [command, ...prefix] = COMPOSE.split(' ');
  return (await exec(command!, [...prefix, '-p', PROJECT, ...args], { env })).stdout.trim();
}
async function inspect(id: string): Promise<Inspected> {
  return JSON.parse(await docker('inspect', id))[0];
}
async function run(...args: string[]): Promise<string> {
  return docker('run', '-d', '--label', LABEL, ...args);
}

/**
 * Waits for the container's health check to pass, failing at once if it reports unhealthy or the
 * container exits. The bound is its own schedule: start period plus every allowed retry, twice.
 */
async function healthy(id: string): Promise<ContainerState> {
  const check = (await inspect(id)).Config.Healthcheck ?? {};
  const ms = (ns: number | undefined, fallback: number) => (ns ? ns / 1e6 : fallback);
  const bound = 2 * (ms(check.StartPeriod, 0) + ms(check.Interval, 30_000) * ((check.Retries ?? 3) + 1)) + 10_000;
  const ends = Date.now() + bound;
  for (;;) {
    const state = (await inspect(id)).State;
    if (state.Health?.Status === 'healthy') return state;
    const log = JSON.stringify(state.Health?.Log?.at(-1) ?? {});
    if (state.Health?.Status === 'unhealthy' || !state.Running) throw new Error(`${id} is ${state.Health?.Status ?? state.Status}: ${log}`);
    if (Date.now() > ends) throw new Error(`${id} not healthy after ${bound} ms: ${log}`);
    await sleep(250);
  }
}

/**
 * What the kernel says of the container's main process: its uid, effective capabilities,
 * no_new_privs, and seccomp mode (2: a filter, the engine's default profile, as Kubernetes'
 * RuntimeDefault).
 */
async function processIdentity(id: string): Promise<Record<'uid' | 'capEff' | 'noNewPrivs' | 'seccomp', string>> {
  const status = await docker('exec', id, 'cat', '/proc/1/status');
  const field = (name: string) => new RegExp(`^${name}:\\s+(\\S+)`, 'm').exec(status)?.[1] ?? '';
  return { uid: field('Uid'), capEff: field('CapEff'), noNewPrivs: field('NoNewPrivs'), seccomp: field('Seccomp') };
}
/** The identity docker-compose.yml and deploy/k8s ask for. */
const HARDENED = { uid: '1000', capEff: '0000000000000000', noNewPrivs: '1', seccomp: '2' };

describe(`the base image ${BASE}`, () => {
  it('is what the official node image is: user node 1000:1000, Node 24, npm, its entrypoint and CMD', async () => {
    const base = await inspect(BASE);
    expect(base.Config.Entrypoint).toEqual(['docker-entrypoint.sh']);
    expect(base.Config.Cmd).toEqual(['node']);
    const nodeVersion = base.Config.Env.find((entry: string) => entry.startsWith('NODE_VERSION='))?.split('=')[1];
    expect(nodeVersion).toMatch(/^24\./);
    const facts = await docker(
      'run',
      '--rm',
      '--label',
      LABEL,
      BASE,
      'sh',
      '-c',
      'getent passwd node; node --version; npm --version; command -v node',
    );
    const [passwd, node, npm, nodePath] = facts.split('\n');
    expect(passwd).toBe('node:x:1000:1000::/home/node:/bin/bash');
    expect(node).toBe(`v${nodeVersion}`);
    expect(npm).toMatch(/^\d+\.\d+\.\d+$/);
    expect(nodePath).toBe('/usr/local/bin/node');
    // The entrypoint runs node for arguments that are options or scripts, commands as given.
    expect(await docker('run', '--rm', '--label', LABEL, BASE, '-e', 'console.log(6 * 7)')).toBe('42');
  });
});

describe(`the image ${IMAGE}`, () => {
  let image: Inspected;
  beforeAll(async () => {
    image = await inspect(IMAGE);
  });

  it('runs as a non-root numeric user, its code owned by root', async () => {
    expect(image.Config.User).toMatch(/^[1-9]\d*:\d+$/);
    const owners = await docker(
      'run',
      '--rm',
      '--label',
      LABEL,
      '--entrypoint',
      'stat',
      IMAGE,
      '-c',
      '%u',
      '/app/dist/main.js',
      '/app/node_modules',
    );
    expect(owners.split('\n')).toEqual(['0', '0']);
  });

  it('keeps no npm settings or secrets: none in its files, none in its history', async () => {
    const found = await docker(
      'run',
      '--rm',
      '--label',
      LABEL,
      '--entrypoint',
      'sh',
      IMAGE,
      '-c',
      'find / -xdev \\( -name .npmrc -o -path /run/secrets \\) -print 2>/dev/null; true',
    );
    expect(found).toBe('');
    const history = await docker('history', '--no-trunc', '--format', '{{.CreatedBy}}', IMAGE);
    expect(history).not.toMatch(/BEGIN CERTIFICATE|_authToken|_auth=|NODE_EXTRA_CA_CERTS=\//);
  });

  it(`keeps the project's own layers within ${OWN_LAYERS_BUDGET_BYTES / 1e6} MB`, async () => {
    const base = await inspect(BASE);
    // Built on this very base: its layers come first, so the difference is the project's.
    expect(image.RootFS.Layers.slice(0, base.RootFS.Layers.length)).toEqual(base.RootFS.Layers);
    const own = image.Size - base.Size;
    console.log(`own layers: ${(own / 1e6).toFixed(1)} MB of ${(image.Size / 1e6).toFixed(1)} MB`);
    expect(own).toBeLessThanOrEqual(OWN_LAYERS_BUDGET_BYTES);
  });

  it('turns healthy under plain `docker run`, hardened, as the gateway and as the simulator', async () => {
    const gateway = await run(...HARDENING, IMAGE);
    const simulator = await run(...HARDENING, IMAGE, 'node', 'dist/simulator.js');
    const [gatewayState, simulatorState] = await Promise.all([healthy(gateway), healthy(simulator)]);
    // Each was checked where it listens (healthcheck.mjs tells the programs apart).
    expect(gatewayState.Health?.Log?.at(-1)?.Output).toContain('/healthz answered 200');
    expect(simulatorState.Health?.Log?.at(-1)?.Output).toContain('simulator: http://127.0.0.1:4010/ answered');
    for (const id of [gateway, simulator]) expect(await processIdentity(id)).toEqual(HARDENED);
    await docker('rm', '-f', gateway, simulator);
  });
});

describe(`${COMPOSE} up`, () => {
  const services = parse(readFileSync('docker-compose.yml', 'utf8')).services;
  let ids: { gateway: string; simulator: string };
  let gatewayUrl: string;
  let simulatorUrl: string;

  beforeAll(async () => {
    await compose('up', '-d', '--no-build');
    ids = { gateway: await compose('ps', '-q', 'gateway'), simulator: await compose('ps', '-q', 'simulator') };
    await Promise.all([healthy(ids.gateway), healthy(ids.simulator)]);
    gatewayUrl = `http://${await compose('port', 'gateway', '4000')}`;
    simulatorUrl = `http://${await compose('port', 'simulator', '4010')}`;
  });
  afterAll(async () => {
    await compose('down', '--volumes', '--remove-orphans');
  });

  const graphql = (query: string) =>
    fetch(`${gatewayUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer demo' },
      body: JSON.stringify({ query }),
    });

  it('runs both services non-root, read-only, without capabilities, as the Kubernetes manifests do', async () => {
    for (const id of Object.values(ids)) {
      const container = await inspect(id);
      expect(container.Config.User).toBe('1000:1000');
      expect(container.HostConfig.ReadonlyRootfs).toBe(true);
      expect(container.HostConfig.CapDrop).toEqual(['ALL']);
      expect(container.HostConfig.SecurityOpt).toContain('no-new-privileges:true');
      expect(await processIdentity(id)).toEqual(HARDENED);
    }
  });

  it('serves { __typename } and the demo account through the published port', async () => {
    const typename = await graphql('{ __typename }');
    expect(typename.status).toBe(200);
    expect(await typename.json()).toEqual({ data: { __typename: 'Query' } });
    const keys = await graphql('{ providerKeys(first: 2) { nodes { id name } } }');
    const body = await keys.json();
    expect(body.errors).toBeUndefined();
    expect(body.data.providerKeys.nodes.length).toBeGreaterThan(0);
  });

  it('stops with exit 0 inside the default grace period: /readyz 503 first, late and in-flight requests answered', async () => {
    const config = loadConfig(services.gateway.environment);
    // Held upstream past the delay, so the request is still in flight when the listener
    // closes, and answered well before the shutdown timeout cuts it.
    const upstreamDelayMs = config.shutdownDelayMs + config.shutdownTimeoutMs / 2;
    await fetch(`${simulatorUrl}/__simulator/requests`, { method: 'DELETE' });
    const fault = await fetch(`${simulatorUrl}/__simulator/faults`, {
      method: 'POST',
      body: JSON.stringify({ delayMs: upstreamDelayMs, match: { method: 'GET', path: '/provider-keys' } }),
    });
    expect(fault.status).toBe(201);
    const inflight = graphql('{ providerKeys(first: 1) { nodes { id } } }');
    for (;;) {
      const { requests } = await (await fetch(`${simulatorUrl}/__simulator/requests`)).json();
      if (requests.some((request: { path: string }) => request.path === '/provider-keys')) break;
      await sleep(50);
    }

    // `docker-compose stop` (or v2's): SIGTERM, then SIGKILL after the default 10 s (no stop_grace_period).
    expect(services.gateway.stop_grace_period).toBeUndefined();
    const stopped = compose('stop', 'gateway');
    for (;;) {
      const ready = await fetch(`${gatewayUrl}/readyz`);
      if (ready.status === 503) break;
      expect(ready.status).toBe(200);
      await sleep(20);
    }
    const late = await graphql('{ __typename }');
    expect(late.status).toBe(200);
    expect(late.headers.get('connection')).toBe('close');

    const answer = await inflight;
    expect(answer.status).toBe(200);
    expect((await answer.json()).data.providerKeys.nodes).toHaveLength(1);
    await stopped;
    const state = (await inspect(ids.gateway)).State;
    expect(state.ExitCode).toBe(0); // 137 had it been killed at the end of the grace period
    expect(state.OOMKilled).toBe(false);
    expect(await docker('logs', ids.gateway)).toMatch(/"msg":"stopped"/);
  });
});
