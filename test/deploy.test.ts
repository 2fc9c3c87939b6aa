import { builtinModules } from 'node:module';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DockerfileParser, type Copy, type Instruction } from 'dockerfile-ast';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { loadConfig } from '../src/config.ts';

/**
 * No Docker engine or cluster here: these tests parse the deployment files and check what
 * they promise (stages, user, probes, wiring), and that their settings pass the gateway's own
 * configuration check.
 */
const read = (path: string) => readFileSync(path, 'utf8');
const pkg = JSON.parse(read('package.json')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };

describe('Dockerfile', () => {
  const dockerfile = DockerfileParser.parse(read('Dockerfile'));
  const froms = dockerfile.getFROMs();
  const instructions = dockerfile.getInstructions();
  // Instructions of the final stage: everything after the last FROM.
  const lastFrom = instructions.lastIndexOf(froms.at(-1)! as unknown as Instruction);
  const final = instructions.slice(lastFrom + 1);
  const of = (keyword: string, list = final) => list.filter((i) => i.getKeyword() === keyword);

  it('is multi-stage, dependencies installed without devDependencies from the lock file', () => {
    expect(froms.length).toBeGreaterThanOrEqual(2);
    const depsStage = froms[0]!.getBuildStage();
    expect(depsStage).toBeTruthy();
    const install = of('RUN', instructions.slice(0, lastFrom)).map((i) => i.getArgumentsContent() ?? '');
    expect(install.some((run) => /npm ci\b/.test(run) && /--omit=dev\b/.test(run))).toBe(true);
    const copyModules = of('COPY').find((i) => i.getArgumentsContent()?.includes('node_modules')) as Copy | undefined;
    expect(copyModules?.getFromFlag()?.getValue()).toBe(depsStage);
  });

  it('installs nothing in the final stage and copies no tests or dev tooling', () => {
    expect(of('RUN')).toEqual([]);
    const copied = of('COPY').flatMap((i) => i.getArguments().slice(0, -1).map((arg) => arg.getValue()));
    for (const path of copied) expect(path).not.toMatch(/^(test|scripts|bench|\.)/);
  });

  it('runs as a non-root user, honours PORT, exposes it and checks /healthz', () => {
    const user = of('USER').at(-1)?.getArgumentsContent() ?? 'root';
    expect(user.split(':')[0]).not.toMatch(/^(root|0)$/);
    const env = of('ENV').map((i) => i.getArgumentsContent()).join(' ');
    expect(env).toMatch(/\bPORT=4000\b/);
    expect(of('EXPOSE').map((i) => i.getArgumentsContent())).toContain('4000');
    const healthcheck = of('HEALTHCHECK')[0]?.getArgumentsContent() ?? '';
    expect(healthcheck).toContain('/healthz');
    expect(healthcheck).toContain('process.env.PORT');
    expect(of('CMD')[0]?.getArgumentsContent()).toContain('src/main.ts');
  });

  it('has a .dockerignore that keeps local state out of the context', () => {
    const ignored = read('.dockerignore').split('\n').map((line) => line.trim());
    for (const entry of ['node_modules', '.git', '.env']) expect(ignored).toContain(entry);
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
    expect(simulator.command.join(' ')).toContain('src/simulator/main.ts');
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
    expect(docs.map((doc) => doc.kind).sort()).toEqual(['ConfigMap', 'Deployment', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'Service']);
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

  it('runs non-root, without privilege escalation, on a read-only root filesystem', () => {
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000 });
    expect(container.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
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
