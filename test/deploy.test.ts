import { execFile } from 'node:child_process';
import { builtinModules } from 'node:module';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DockerfileParser, type Copy, type Env, type Instruction } from 'dockerfile-ast';
import { Deployment } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ConfigMap, Service } from 'kubernetes-models/v1';
import semver from 'semver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { loadConfig } from '../src/config.ts';
import { createLogger } from '../src/logger.ts';
import { createGateway, type Gateway } from '../src/server.ts';
import { startAiGatewaySimulator, startOpenRouterSimulator } from '../src/simulator/index.ts';
import { ENTRY_POINTS, IMAGE_HEAP_FLAG } from '../scripts/build.ts';

/**
 * No Docker engine or cluster here: these tests parse the deployment files and check what
 * they promise (stages, user, probes, wiring), and that their settings pass the gateway's own
 * configuration check.
 */
const read = (path: string) => readFileSync(path, 'utf8');
const pkg = JSON.parse(read('package.json')) as {
  version: string;
  engines: { node: string };
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

describe('Dockerfile', () => {
  const dockerfile = DockerfileParser.parse(read('Dockerfile'));
  const froms = dockerfile.getFROMs();
  const instructions = dockerfile.getInstructions();
  const stageNames = froms.map((from) => from.getBuildStage());
  /** Instructions of the stage that `froms[index]` begins. */
  const stage = (index: number) => {
    const begin = instructions.indexOf(froms[index]! as unknown as Instruction);
    const next = froms[index + 1];
    return instructions.slice(begin + 1, next ? instructions.indexOf(next as unknown as Instruction) : undefined);
  };
  const final = stage(froms.length - 1);
  const of = (keyword: string, list = final) => list.filter((i) => i.getKeyword() === keyword);
  const runs = (list: Instruction[]) => of('RUN', list).map((i) => i.getArgumentsContent() ?? '');
  /** Index of the stage with a RUN matching every pattern. */
  const stageRunning = (...patterns: RegExp[]) =>
    froms.findIndex((_, index) => runs(stage(index)).some((run) => patterns.every((pattern) => pattern.test(run))));
  const copySources = (list: Instruction[]) =>
    of('COPY', list).flatMap((i) =>
      i
        .getArguments()
        .slice(0, -1)
        .map((arg) => arg.getValue()),
    );
  const copyFrom = (path: string) => of('COPY').find((i) => copySources([i]).includes(path)) as Copy | undefined;
  /** The final stage's environment, from its ENV instructions. */
  const env: Record<string, string> = Object.fromEntries(
    of('ENV').flatMap((i) => (i as Env).getProperties().map((property) => [property.getName(), property.getValue() ?? ''])),
  );

  it('is multi-stage: a build stage with devDependencies runs `npm run build`, a deps stage installs production dependencies', () => {
    expect(froms.length).toBeGreaterThanOrEqual(3);
    const build = stageRunning(/\bnpm run build\b/);
    expect(build).toBeGreaterThanOrEqual(0);
    expect(build).toBeLessThan(froms.length - 1);
    // The build installs devDependencies (esbuild, tsx) from the lock file, then gets the sources.
    expect(runs(stage(build)).some((run) => /\bnpm ci\b/.test(run) && !/--omit=dev\b/.test(run))).toBe(true);
    const buildInputs = copySources(stage(build));
    for (const path of ['package.json', 'package-lock.json', 'tsconfig.json', 'scripts', 'src']) expect(buildInputs).toContain(path);
    const deps = stageRunning(/\bnpm ci\b/, /--omit=dev\b/, /--ignore-scripts\b/);
    expect(deps).toBeGreaterThanOrEqual(0);
    expect(deps).toBeLessThan(froms.length - 1);
    expect(copyFrom('/app/node_modules')?.getFromFlag()?.getValue()).toBe(stageNames[deps]);
    expect(copyFrom('/app/dist')?.getFromFlag()?.getValue()).toBe(stageNames[build]);
  });

  it('installs nothing in the final stage and copies only node_modules, dist/, package.json and the health check', () => {
    expect(of('RUN')).toEqual([]);
    const copied = copySources(final).map((path) => path.replace(/^\/app\//, ''));
    expect(copied.sort()).toEqual(['dist', 'node_modules', 'package.json', 'scripts/container/healthcheck.mjs']);
  });

  it('builds every stage on the Node 24 LTS image, which `engines` allows, and needs nothing from Docker Hub but it', () => {
    expect(new Set(froms.map((from) => from.getImage()))).toEqual(new Set(['node:24-bookworm-slim']));
    expect(pkg.engines.node.split('||').map((range) => range.trim())).toContain('^24.0.0');
    // A `# syntax=` directive makes BuildKit fetch a frontend image on every build.
    expect(read('Dockerfile')).not.toMatch(/^#\s*syntax\s*=/im);
  });

  it('checks every npm install with `npm ls`, so a broken install fails the build where it happens', () => {
    const installs = froms.flatMap((_, index) => runs(stage(index))).filter((run) => /\bnpm (ci|install)\b/.test(run));
    expect(installs.length).toBe(2);
    for (const run of installs) {
      // `npm ls` runs after the install, in the same RUN, joined by && (so the step fails).
      expect(run).toMatch(/\bnpm ci\b[^;|]*&& npm ls\b/);
      expect(run).toContain(/--omit=dev\b/.test(run) ? 'npm ls --omit=dev --all' : 'npm ls --all');
    }
  });

  it('takes npm settings only as BuildKit secrets mounted for the installs, never as files, arguments or variables', () => {
    const installs = instructions.filter((i) => i.getKeyword() === 'RUN' && /\bnpm ci\b/.test(i.getArgumentsContent() ?? ''));
    for (const install of installs) {
      const run = install.getTextContent(); // flags included
      expect(run).toContain('--mount=type=secret,id=npmrc,target=/root/.npmrc');
      expect(run).toContain('--mount=type=secret,id=npm_ca');
      expect(run).toContain('if [ -f /run/secrets/npm_ca ]; then export NODE_EXTRA_CA_CERTS=/run/secrets/npm_ca; fi');
    }
    expect(instructions.filter((i) => i.getKeyword() === 'ARG')).toEqual([]);
    const everything = instructions.map((i) => i.getArgumentsContent() ?? '').join('\n');
    expect(everything).not.toMatch(/npmrc[^,\s]*\s+\.\/|_authToken|NPM_TOKEN|NPM_CONFIG_/i);
    for (const keyword of ['COPY', 'ADD']) {
      for (const i of instructions.filter((x) => x.getKeyword() === keyword)) expect(i.getArgumentsContent()).not.toMatch(/npmrc/);
    }
  });

  it('runs the bundle with plain node, with the heap cap that `npm run bench` measures', () => {
    const cmd = JSON.parse(of('CMD').at(-1)?.getArgumentsContent() ?? '[]');
    expect(cmd).toEqual(['node', `dist/${Object.keys(ENTRY_POINTS)[0]}.js`]);
    expect(Object.keys(ENTRY_POINTS)[0]).toBe('main');
    expect(env.NODE_OPTIONS).toBe(IMAGE_HEAP_FLAG);
    expect(env.NODE_ENV).toBe('production');
    // exec: node replaces npm's shell, so a signal to the script reaches the gateway.
    expect(pkg.scripts['start:dist']).toBe('exec node dist/main.js');
  });

  it('runs as a non-root numeric user, honours PORT, exposes it and has a health check', () => {
    const user = of('USER').at(-1)?.getArgumentsContent() ?? 'root';
    expect(user).toMatch(/^[1-9]\d*:\d+$/); // numeric, so Kubernetes can verify runAsNonRoot
    expect(env.PORT).toBe('4000');
    expect(of('EXPOSE').map((i) => i.getArgumentsContent())).toContain('4000');
    expect(of('STOPSIGNAL')[0]?.getArgumentsContent()).toBe('SIGTERM');
    const healthcheck = of('HEALTHCHECK')[0]?.getArgumentsContent() ?? '';
    expect(healthcheck).toMatch(/CMD \["node", "healthcheck\.mjs"\]$/);
    expect(copyFrom('scripts/container/healthcheck.mjs')?.getArguments().at(-1)?.getValue()).toBe('./healthcheck.mjs');
  });

  it('has a .dockerignore that keeps local state out of the context and lets the build inputs in', () => {
    const ignored = read('.dockerignore')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith('#'));
    for (const entry of ['node_modules', 'dist', '.git', '.env', '.npmrc', 'test', 'bench']) expect(ignored).toContain(entry);
    // Top-level patterns only (all this file has): `*` within one path segment.
    const glob = (pattern: string) => new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`);
    for (const input of ['package.json', 'package-lock.json', 'tsconfig.json', 'scripts', 'src']) {
      expect(
        ignored.filter((pattern) => !pattern.startsWith('!') && glob(pattern.replace(/^\/|\/$/g, '')).test(input)),
        input,
      ).toEqual([]);
    }
  });

  it('needs neither tsx nor esbuild at run time: they are devDependencies', () => {
    for (const tool of ['tsx', 'esbuild']) {
      expect(pkg.dependencies[tool], tool).toBeUndefined();
      expect(pkg.devDependencies[tool], tool).toBeDefined();
    }
  });

  it('needs no devDependency at run time: src/ imports only dependencies and Node built-ins', () => {
    const files = readdirSync('src', { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    const builtins = new Set(builtinModules);
    const missing: string[] = [];
    for (const file of files) {
      // Static imports and createRequire(...)('pkg') alike.
      for (const match of read(join('src', file)).matchAll(/(?:from\s+|import\(\s*|\)\(\s*)'([^'.][^']*)'/g)) {
        const specifier = match[1]!;
        const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!;
        if (specifier.startsWith('node:') || builtins.has(name)) continue;
        if (!pkg.dependencies[name]) missing.push(`${file}: ${specifier}`);
      }
    }
    expect(missing).toEqual([]);
  });
});

describe('docker-compose.yml', () => {
  const compose = parse(read('docker-compose.yml'), { merge: true });
  const { gateway, simulator } = compose.services;

  it('has a gateway and a simulator, both built from the Dockerfile, with health checks', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['gateway', 'simulator']);
    for (const service of [gateway, simulator]) {
      expect(service.build).toBe('.');
      expect(service.healthcheck.test[0]).toBe('CMD');
    }
    expect(gateway.healthcheck.test.join(' ')).toMatch(/\/readyz|\/healthz/);
    expect(simulator.healthcheck.test).toEqual(['CMD', 'node', 'healthcheck.mjs', 'simulator']);
    // Both services run the image; the simulator runs its bundle with plain node, as the gateway does.
    expect(ENTRY_POINTS.simulator).toBe('src/simulator/main.ts');
    expect(simulator.command).toEqual(['node', 'dist/simulator.js']);
    expect(gateway.command).toBeUndefined(); // the image's CMD
    // The image's heap cap holds for the demo too: GraphiQL's page lives outside the heap.
    expect(gateway.environment.NODE_OPTIONS).toBeUndefined();
  });

  it('runs both services hardened: read-only root filesystem, no capabilities, no privilege escalation, a tmpfs /tmp', () => {
    for (const service of [gateway, simulator]) {
      expect(service.read_only).toBe(true);
      expect(service.cap_drop).toEqual(['ALL']);
      expect(service.security_opt).toEqual(['no-new-privileges:true']);
      expect(service.tmpfs.map((mount: string) => mount.split(':')[0])).toEqual(['/tmp']);
      expect(service.user).toBeUndefined(); // the image's numeric user
    }
  });

  it('lets the default stop grace period (10 s) cover the default shutdown', () => {
    expect(gateway.stop_grace_period).toBeUndefined();
    const config = loadConfig(gateway.environment);
    // src/main.ts bounds the shutdown at delay + timeout + 1 s.
    expect(config.shutdownDelayMs + config.shutdownTimeoutMs + 1_000).toBeLessThan(10_000);
  });

  it('points the gateway at the simulator service and waits for it to be healthy', () => {
    expect(new URL(gateway.environment.AI_GATEWAY_API_URL).hostname).toBe('simulator');
    expect(new URL(gateway.environment.AI_GATEWAY_API_URL).port).toBe(simulator.environment.SIMULATOR_PORT);
    expect(new URL(gateway.environment.OPENROUTER_API_URL).port).toBe(simulator.environment.OPENROUTER_SIMULATOR_PORT);
    expect(simulator.environment.SIMULATOR_HOST).toBe('0.0.0.0');
    expect(gateway.depends_on.simulator.condition).toBe('service_healthy');
  });

  it('publishes the gateway port it configures, with an environment the gateway accepts', () => {
    // `${GATEWAY_PUBLISH:-4000}:4000`: the host side can move, 4000 by default.
    expect(gateway.ports).toContain(`\${GATEWAY_PUBLISH:-${gateway.environment.PORT}}:${gateway.environment.PORT}`);
    const config = loadConfig(gateway.environment);
    expect(config).toMatchObject({ port: 4000, host: '0.0.0.0', aiGatewayApiUrl: 'http://simulator:4010', graphiqlDemoToken: 'demo' });
  });
});

describe('Kubernetes manifests (deploy/k8s)', () => {
  const docs = readdirSync('deploy/k8s')
    .filter((file) => file.endsWith('.yaml') && file !== 'kustomization.yaml')
    .flatMap((file) => parseAllDocuments(read(join('deploy/k8s', file))).map((doc) => doc.toJS()));
  const byKind = (kind: string) => docs.find((doc) => doc.kind === kind);
  const deployment = byKind('Deployment');
  const pod = deployment.spec.template.spec;
  const container = pod.containers[0];

  it('parses, and kustomization lists every manifest', () => {
    const kustomization = parse(read('deploy/k8s/kustomization.yaml'));
    const files = readdirSync('deploy/k8s').filter((file) => file.endsWith('.yaml') && file !== 'kustomization.yaml');
    expect([...kustomization.resources].sort()).toEqual(files.sort());
    expect(docs.map((doc) => doc.kind).sort()).toEqual([
      'ConfigMap',
      'Deployment',
      'HorizontalPodAutoscaler',
      'PodDisruptionBudget',
      'Service',
    ]);
  });

  it('validates against the Kubernetes API schemas (kubernetes-models), offline', () => {
    const models = { ConfigMap, Deployment, Service, HorizontalPodAutoscaler, PodDisruptionBudget } as const;
    for (const doc of docs) {
      const Model = models[doc.kind as keyof typeof models];
      expect(Model, doc.kind).toBeDefined();
      expect(doc.apiVersion).toBe(Model.apiVersion);
      expect(() => new Model(doc).validate(), `${doc.kind} ${doc.metadata.name}`).not.toThrow();
    }
    // The schemas catch wrong types and missing fields; unknown fields pass them, so the fields
    // the checks below rely on are read back from the models.
    expect(() => new Deployment({ ...deployment, spec: { ...deployment.spec, replicas: '2' } }).validate()).toThrow(/replicas/);
  });

  it('probes liveness on /healthz and readiness on /readyz at the container port', () => {
    expect(container.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
    expect(container.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'http' });
    expect(container.startupProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
    expect(container.ports).toContainEqual({ name: 'http', containerPort: 4000, protocol: 'TCP' });
    // The named port is where the ConfigMap makes the gateway listen.
    expect(loadConfig(byKind('ConfigMap').data).port).toBe(4000);
  });

  describe('probes against the gateway running with the ConfigMap', () => {
    let gateway: Gateway;
    let url: string;
    beforeAll(async () => {
      // Its settings, on a random loopback port (the upstream is never called by the probes).
      gateway = createGateway(loadConfig({ ...byKind('ConfigMap').data, HOST: '127.0.0.1', PORT: '0' }), createLogger('silent'));
      url = await gateway.listen();
    });
    afterAll(() => gateway.close());

    it('answers each probe path with 200 while serving', async () => {
      for (const probe of [container.livenessProbe, container.readinessProbe, container.startupProbe]) {
        const response = await fetch(`${url}${probe.httpGet.path}`);
        expect(response.status, probe.httpGet.path).toBe(200);
      }
    });

    it('fails readiness, not liveness, once shutdown begins', async () => {
      gateway.readiness.markStopping();
      expect((await fetch(`${url}${container.readinessProbe.httpGet.path}`)).status).toBe(503);
      expect((await fetch(`${url}${container.livenessProbe.httpGet.path}`)).status).toBe(200);
    });
  });

  it('gives the pod a termination grace period longer than preStop plus the whole shutdown', () => {
    const preStop = container.lifecycle.preStop.exec.command;
    expect(preStop.slice(0, 1)).toEqual(['sleep']);
    const preStopMs = Number(preStop[1]) * 1000;
    const config = loadConfig(byKind('ConfigMap').data);
    // src/main.ts bounds the shutdown at SHUTDOWN_DELAY_MS + SHUTDOWN_TIMEOUT_MS + 1 s.
    const shutdownMs = config.shutdownDelayMs + config.shutdownTimeoutMs + 1_000;
    expect(pod.terminationGracePeriodSeconds * 1000).toBeGreaterThan(preStopMs + shutdownMs);
    // In-flight requests get at least one upstream call's full time after the listener closes.
    expect(config.shutdownTimeoutMs).toBeGreaterThanOrEqual(config.upstreamTimeoutMs);
  });

  it('sets resource requests and limits', () => {
    expect(container.resources.requests).toMatchObject({ cpu: expect.any(String), memory: expect.any(String) });
    expect(container.resources.limits).toMatchObject({ cpu: expect.any(String), memory: expect.any(String) });
  });

  it("keeps the image's heap cap, with a memory request and limit above the RSS it allows", () => {
    const mebibytes = (quantity: string) => {
      const match = /^(\d+)(Mi|Gi)$/.exec(quantity);
      if (!match) throw new Error(`unexpected memory quantity ${quantity}`);
      return Number(match[1]) * (match[2] === 'Gi' ? 1024 : 1);
    };
    // NODE_OPTIONS comes from the image (Dockerfile) unless the manifests override it.
    const overrides = [
      ...(container.env ?? [])
        .filter((variable: { name: string }) => variable.name === 'NODE_OPTIONS')
        .map((variable: { value: string }) => variable.value),
      ...(byKind('ConfigMap').data.NODE_OPTIONS === undefined ? [] : [byKind('ConfigMap').data.NODE_OPTIONS]),
    ];
    const heapFlag = overrides.at(-1) ?? IMAGE_HEAP_FLAG;
    const heapMiB = Number(/--max-old-space-size=(\d+)/.exec(heapFlag)?.[1]);
    expect(heapMiB).toBeGreaterThan(0);
    // RSS ran ~80 MiB above the old-space cap in the benchmark (~206 MiB peak with 128).
    expect(mebibytes(container.resources.requests.memory)).toBeGreaterThanOrEqual(heapMiB + 90);
    expect(mebibytes(container.resources.limits.memory)).toBeGreaterThanOrEqual(mebibytes(container.resources.requests.memory));
    expect(mebibytes(container.resources.limits.memory)).toBeGreaterThanOrEqual(heapMiB + 160);
  });

  it('runs non-root, without privilege escalation, on a read-only root filesystem, as the container test runs the image', () => {
    // The image's numeric user (Dockerfile USER) ...
    const [uid, gid] = (
      DockerfileParser.parse(read('Dockerfile'))
        .getInstructions()
        .filter((i) => i.getKeyword() === 'USER')
        .at(-1)
        ?.getArgumentsContent() ?? ''
    )
      .split(':')
      .map(Number);
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: uid, runAsGroup: gid });
    // ... and what docker-compose.yml applies, which scripts/container/test.sh proves works.
    const composed = parse(read('docker-compose.yml'), { merge: true }).services.gateway;
    expect(composed.read_only).toBe(true);
    expect(composed.cap_drop).toEqual(['ALL']);
    expect(composed.security_opt).toContain('no-new-privileges:true');
    expect(composed.tmpfs.map((mount: string) => mount.split(':')[0])).toContain('/tmp');
    expect(container.securityContext).toMatchObject({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    });
    expect(container.volumeMounts).toContainEqual({ name: 'tmp', mountPath: '/tmp' });
  });

  it('selects its pods from the Service, HPA and PDB', () => {
    const labels = deployment.spec.template.metadata.labels;
    expect(deployment.spec.selector.matchLabels).toEqual(labels);
    expect(byKind('Service').spec.selector).toEqual(labels);
    expect(byKind('Service').spec.ports[0].targetPort).toBe('http');
    expect(byKind('PodDisruptionBudget').spec.selector.matchLabels).toEqual(labels);
    const hpa = byKind('HorizontalPodAutoscaler');
    expect(hpa.apiVersion).toBe('autoscaling/v2');
    expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: deployment.metadata.name });
    expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(2);
    expect(hpa.spec.maxReplicas).toBeGreaterThan(hpa.spec.minReplicas);
  });

  it('configures the container from a ConfigMap the gateway accepts', () => {
    const configMap = byKind('ConfigMap');
    expect(container.envFrom).toContainEqual({ configMapRef: { name: configMap.metadata.name } });
    expect(loadConfig(configMap.data)).toMatchObject({ port: 4000, metricsEnabled: true, tracing: undefined });
  });
});

describe('one image name', () => {
  it('is ai-gateway-graphql:<package version> in the README, the compose file, the manifests and the Dockerfile', () => {
    const expected = `ai-gateway-graphql:${pkg.version}`;
    const files = ['README.md', 'docker-compose.yml', 'Dockerfile', ...readdirSync('deploy/k8s').map((file) => join('deploy/k8s', file))];
    const named = files.flatMap((file) =>
      [...read(file).matchAll(/\bai-gateway-graphql:([\w.<>-]+)/g)].map((match) => ({ file, name: match[0] })),
    );
    // Placeholders for the user's own tag (`<tag>`) aside, every mention is the one name.
    const names = named.filter(({ name }) => !name.includes('<'));
    expect(names.length).toBeGreaterThan(5);
    expect(names.filter(({ name }) => name !== expected)).toEqual([]);
    for (const file of ['README.md', 'docker-compose.yml', 'deploy/k8s/deployment.yaml']) {
      expect(names.map(({ file }) => file)).toContain(file);
    }
  });
});

describe("the image's health check (scripts/container/healthcheck.mjs)", () => {
  /** Runs it as the HEALTHCHECK does, with plain node; resolves to its exit code and output. */
  const healthcheck = (args: string[], env: Record<string, string>) =>
    new Promise<{ code: number; output: string }>((resolve) => {
      execFile(
        process.execPath,
        ['scripts/container/healthcheck.mjs', ...args],
        { env: { PATH: process.env.PATH, ...env } },
        (error, stdout) => resolve({ code: error ? Number(error.code) : 0, output: stdout }),
      );
    });
  const portOf = (url: string) => new URL(url).port;

  it('checks the gateway on /healthz at HOST and PORT, and fails when nothing answers there', async () => {
    const gateway = createGateway(
      loadConfig({ HOST: '127.0.0.1', PORT: '0', AI_GATEWAY_API_URL: 'http://127.0.0.1:9' }),
      createLogger('silent'),
    );
    const url = await gateway.listen();
    const env = { HOST: '0.0.0.0', PORT: portOf(url) }; // a wildcard listen address is checked on loopback
    expect(await healthcheck(['gateway'], env)).toEqual({
      code: 0,
      output: `gateway: http://127.0.0.1:${env.PORT}/healthz answered 200\n`,
    });
    // Without an argument it reads PID 1's command line; here that is no simulator, so: the gateway.
    expect((await healthcheck([], env)).code).toBe(0);
    gateway.readiness.markStopping();
    expect((await healthcheck(['gateway'], env)).code).toBe(0); // liveness: a draining gateway is alive
    await gateway.close();
    const down = await healthcheck(['gateway'], env);
    expect(down.code).toBe(1);
    expect(down.output).toContain('ECONNREFUSED');
  });

  it('checks both simulators at SIMULATOR_PORT and OPENROUTER_SIMULATOR_PORT, and fails when one is down', async () => {
    const aiGateway = await startAiGatewaySimulator({ port: 0 });
    const openRouter = await startOpenRouterSimulator({ port: 0 });
    const env = { SIMULATOR_PORT: portOf(aiGateway.url), OPENROUTER_SIMULATOR_PORT: portOf(openRouter.url) };
    const up = await healthcheck(['simulator'], env);
    expect(up.code).toBe(0);
    expect(up.output.split('\n').filter(Boolean)).toHaveLength(2);
    // The gateway's check would fail there: nothing serves /healthz on the default port 4000's place.
    await openRouter.close();
    expect((await healthcheck(['simulator'], env)).code).toBe(1);
    await aiGateway.close();
  });
});

describe('supported Node versions (package.json engines)', () => {
  const lock = JSON.parse(read('package-lock.json')) as {
    packages: Record<string, { engines?: { node?: string } | string[]; optional?: boolean; os?: string[]; cpu?: string[] }>;
  };
  /** Every installed package's engines.node, as npm checks them on `npm ci` (EBADENGINE). */
  const required = Object.entries(lock.packages)
    .filter(([path, entry]) => path !== '' && entry.engines && !Array.isArray(entry.engines) && entry.engines.node)
    // Platform packages installed only elsewhere (esbuild's, biome's for other systems) are not checked here.
    .filter(([, entry]) => !entry.os || entry.os.includes(process.platform))
    .map(([path, entry]) => ({ path, range: (entry.engines as { node: string }).node }));

  it('allows only versions that every dependency accepts, so `npm ci` warns of no engine on any of them', () => {
    expect(required.length).toBeGreaterThan(20);
    const ours = pkg.engines.node;
    const rejecting = required.filter(({ range }) => !semver.subset(ours, range, { includePrerelease: false }));
    expect(rejecting).toEqual([]);
    // The floor is what graphql-yoga's dependencies need (@whatwg-node/promise-helpers: >=22.15.0).
    expect(semver.minVersion(ours)?.version).toBe('22.15.0');
  });

  it('includes the Node line CI runs and the image ships (24)', () => {
    expect(semver.satisfies('24.0.0', pkg.engines.node)).toBe(true);
    expect(semver.satisfies('20.19.0', pkg.engines.node)).toBe(false); // end of life
    // CI runs the suite on Node 24 (.ci/run): this very process, there.
    if (process.env.CI === 'true') expect(semver.major(process.version)).toBe(24);
  });
});
