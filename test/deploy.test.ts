import { builtinModules } from 'node:module';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DockerfileParser, type Copy, type Env, type Instruction } from 'dockerfile-ast';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { loadConfig } from '../src/config.ts';
import { ENTRY_POINTS, IMAGE_HEAP_FLAG } from '../scripts/build.ts';

/**
 * No Docker engine or cluster here: these tests parse the deployment files and check what
 * they promise (stages, user, probes, wiring), and that their settings pass the gateway's own
 * configuration check.
 */
const read = (path: string) => readFileSync(path, 'utf8');
const pkg = JSON.parse(read('package.json')) as {
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

  it('installs nothing in the final stage and copies only node_modules, dist/ and package.json', () => {
    expect(of('RUN')).toEqual([]);
    const copied = copySources(final).map((path) => path.replace(/^\/app\//, ''));
    expect(copied.sort()).toEqual(['dist', 'node_modules', 'package.json']);
  });

  it('runs the bundle with plain node, with the heap cap that `npm run bench` measures', () => {
    const cmd = JSON.parse(of('CMD').at(-1)?.getArgumentsContent() ?? '[]');
    expect(cmd).toEqual(['node', `dist/${Object.keys(ENTRY_POINTS)[0]}.js`]);
    expect(Object.keys(ENTRY_POINTS)[0]).toBe('main');
    expect(env.NODE_OPTIONS).toBe(IMAGE_HEAP_FLAG);
    expect(env.NODE_ENV).toBe('production');
    expect(pkg.scripts['start:dist']).toBe('node dist/main.js');
  });

  it('runs as a non-root user, honours PORT, exposes it and checks /healthz', () => {
    const user = of('USER').at(-1)?.getArgumentsContent() ?? 'root';
    expect(user.split(':')[0]).not.toMatch(/^(root|0)$/);
    expect(env.PORT).toBe('4000');
    expect(of('EXPOSE').map((i) => i.getArgumentsContent())).toContain('4000');
    expect(of('STOPSIGNAL')[0]?.getArgumentsContent()).toBe('SIGTERM');
    const healthcheck = of('HEALTHCHECK')[0]?.getArgumentsContent() ?? '';
    expect(healthcheck).toContain('/healthz');
    expect(healthcheck).toContain('process.env.PORT');
  });

  it('has a .dockerignore that keeps local state out of the context and lets the build inputs in', () => {
    const ignored = read('.dockerignore')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith('#'));
    for (const entry of ['node_modules', 'dist', '.git', '.env', 'test', 'bench']) expect(ignored).toContain(entry);
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
  const compose = parse(read('docker-compose.yml'));
  const { gateway, simulator } = compose.services;

  it('has a gateway and a simulator, both built from the Dockerfile, with health checks', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['gateway', 'simulator']);
    for (const service of [gateway, simulator]) {
      expect(service.build).toBe('.');
      expect(service.healthcheck.test[0]).toBe('CMD');
    }
    expect(gateway.healthcheck.test.join(' ')).toMatch(/\/readyz|\/healthz/);
    // Both services run the image; the simulator runs its bundle with plain node, as the gateway does.
    expect(ENTRY_POINTS.simulator).toBe('src/simulator/main.ts');
    expect(simulator.command).toEqual(['node', 'dist/simulator.js']);
    expect(gateway.command).toBeUndefined(); // the image's CMD
    // The image's heap cap holds for the demo too: GraphiQL's page lives outside the heap.
    expect(gateway.environment.NODE_OPTIONS).toBeUndefined();
  });

  it('points the gateway at the simulator service and waits for it to be healthy', () => {
    expect(new URL(gateway.environment.AI_GATEWAY_API_URL).hostname).toBe('simulator');
    expect(new URL(gateway.environment.AI_GATEWAY_API_URL).port).toBe(simulator.environment.SIMULATOR_PORT);
    expect(new URL(gateway.environment.OPENROUTER_API_URL).port).toBe(simulator.environment.OPENROUTER_SIMULATOR_PORT);
    expect(simulator.environment.SIMULATOR_HOST).toBe('0.0.0.0');
    expect(gateway.depends_on.simulator.condition).toBe('service_healthy');
  });

  it('publishes the gateway port it configures, with an environment the gateway accepts', () => {
    expect(gateway.ports).toContain(`${gateway.environment.PORT}:${gateway.environment.PORT}`);
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

  it('probes liveness on /healthz and readiness on /readyz at the container port', () => {
    expect(container.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
    expect(container.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'http' });
    expect(container.ports).toContainEqual({ name: 'http', containerPort: 4000, protocol: 'TCP' });
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
    // RSS ran ~55 MiB above the old-space cap in the benchmark (133 MiB peak with 80).
    expect(mebibytes(container.resources.requests.memory)).toBeGreaterThanOrEqual(heapMiB + 60);
    expect(mebibytes(container.resources.limits.memory)).toBeGreaterThanOrEqual(mebibytes(container.resources.requests.memory));
    expect(mebibytes(container.resources.limits.memory)).toBeGreaterThanOrEqual(heapMiB + 100);
  });

  it('runs non-root, without privilege escalation, on a read-only root filesystem', () => {
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000 });
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
