// `npm run bench`: the facade against the peer (GraphQL generated from the OpenAPI document by
// @omnigraph/openapi) and against raw REST, on the same upstream, on loopback.
//
// Options (environment):
//   BENCH_DURATION     seconds per measurement (default 8; 3 with --quick)
//   BENCH_ROUNDS       alternated rounds; medians are reported (default 3; 1 with --quick)
//   BENCH_WARMUP       seconds of warm-up per target and shape (default 2; 1 with --quick)
//   BENCH_CONNECTIONS  autocannon connections (default 16)
//   BENCH_COUNT        queries sent to count upstream requests per query (default 50)
//   BENCH_PEER_N1      how the peer expresses shape 3: `two-requests` (default) or `one-request`
//                      (with the router key ids handed to it in advance); see bench/shapes.ts
//   BENCH_PEER_BODY_LIMIT `yoga` (default: yoga's own) or `content-length` (the gateway's plugin)
//   BENCH_UPSTREAM     `stub` (bench/stub.ts, default) or `simulator` (src/simulator as it is)
//   BENCH_PEER_FETCH   `default` (the loader's own fetch) or `undici` (default: default)
//   BENCH_OUT          where to write the report (default bench/RESULTS.md; none with --quick)
//   BENCH_CPU_PROF     a directory: run the gateway with --cpu-prof writing there
//   BENCH_GATEWAY_RUNTIME `bundle` (default: `npm run build`'s esbuild bundle, scripts/build.ts,
//                      built into a temporary directory and run by plain node, as the image runs
//                      dist/main.js) or `tsx` (node --import tsx src/main.ts, as `npm start` runs it)
//   BENCH_GATEWAY_FLAGS node flags for the gateway process, e.g. `--max-semi-space-size=32`.
//                      Unset: the image's heap flags (`--max-old-space-size=128 --max-semi-space-size=16`, the Dockerfile's
//                      NODE_OPTIONS) with the bundle, none with tsx; set it empty for no flags
//   BENCH_PER_ID       `0` to skip target `per-id`: the same gateway with LIST_LOOKUP_MIN_IDS=0
//                      (one GET per id), on the shapes that list-first lookups change (default: run)
//   BENCH_BASELINE     a git revision: also run the gateway of that revision as target `baseline`
//                      (alternated with the others), to measure a change under the same noise
//   BENCH_USAGE_FACADE the facade's query for shape 5: `joined` (default), or a floor of it,
//                      `events-only` or `events-and-keys` (see ShapeOptions.usageFacade)
//   BENCH_SHAPES       only these shapes, e.g. `list,n+1` (ids: list, lookups, n+1, mutation, usage, keys)
//   BENCH_TARGETS      only these targets, e.g. `facade` (facade, peer, raw, per-id, baseline)
import { cpus, loadavg } from 'node:os';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BENCH_TOKEN } from './fixture.ts';
import { load, type LoadRequest, type Measurement } from './load.ts';
import { buildBundlesInTempDir, IMAGE_HEAP_FLAG } from '../scripts/build.ts';
import { checkoutGateway, cpuMsOf, memoryOf, ROOT, startAnnouncing, startUpstream, type Child, type Memory } from './processes.ts';
import { answerOnce, buildShapes, discoverFixture, USAGE_FACADES, type Shape, type Target, type UsageFacade } from './shapes.ts';

const quick = process.argv.includes('--quick');
function usageFacade(raw: string | undefined): UsageFacade {
  if (raw === undefined || raw === '') return 'joined';
  if (!(USAGE_FACADES as readonly string[]).includes(raw)) throw new Error(`BENCH_USAGE_FACADE must be one of ${USAGE_FACADES.join(', ')}`);
  return raw as UsageFacade;
}
const num = (name: string, fallback: number) => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got ${JSON.stringify(raw)}`);
  return value;
};
const runtime = (() => {
  const raw = process.env.BENCH_GATEWAY_RUNTIME || 'bundle';
  if (raw !== 'bundle' && raw !== 'tsx') throw new Error(`BENCH_GATEWAY_RUNTIME must be bundle or tsx, got ${JSON.stringify(raw)}`);
  return raw;
})();
const options = {
  seconds: num('BENCH_DURATION', quick ? 3 : 8),
  rounds: Math.round(num('BENCH_ROUNDS', quick ? 1 : 3)),
  warmup: num('BENCH_WARMUP', quick ? 1 : 2),
  connections: Math.round(num('BENCH_CONNECTIONS', 16)),
  countQueries: Math.round(num('BENCH_COUNT', 50)),
  peerNPlusOne: process.env.BENCH_PEER_N1 === 'one-request' ? ('one-request' as const) : ('two-requests' as const),
  usageFacade: usageFacade(process.env.BENCH_USAGE_FACADE),
  upstream: process.env.BENCH_UPSTREAM === 'simulator' ? ('simulator' as const) : ('stub' as const),
  peerBodyLimit: process.env.BENCH_PEER_BODY_LIMIT === 'content-length' ? 'content-length' : 'yoga',
  peerFetch: process.env.BENCH_PEER_FETCH === 'undici' ? 'undici' : 'default',
  out: process.env.BENCH_OUT ?? (quick ? '' : join(ROOT, 'bench/RESULTS.md')),
  cpuProf: process.env.BENCH_CPU_PROF ?? '',
  baseline: process.env.BENCH_BASELINE ?? '',
  perId: process.env.BENCH_PER_ID !== '0',
  runtime,
  // The bundle runs with the image's heap cap unless the flags are given (even empty).
  gatewayFlags: (process.env.BENCH_GATEWAY_FLAGS ?? (runtime === 'bundle' ? IMAGE_HEAP_FLAG : '')).split(' ').filter(Boolean),
  shapes: (process.env.BENCH_SHAPES ?? '').split(',').filter(Boolean),
  targets: (process.env.BENCH_TARGETS ?? '').split(',').filter(Boolean),
};

const log = (message: string) => process.stderr.write(`${message}\n`);
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

interface Cell {
  shape: Shape;
  /**
   * `baseline` is the facade of another revision (BENCH_BASELINE); `per-id` the facade with
   * one GET per id (LIST_LOOKUP_MIN_IDS=0), where list-first lookups answer fewer requests.
   */
  label: Target | 'baseline' | 'per-id';
  target: Target;
  origin: string;
  request: LoadRequest;
  verifyBody: (body: string) => boolean;
  /** Builds the body of an answer's second request from the first's (the peer, shape 3). */
  then?: (firstBody: string) => string;
  /** The process that serves this target (the gateway, the peer, or the upstream for raw REST). */
  pid: number | undefined;
  /** Per round: CPU time of the serving process and of the upstream per query, in µs. */
  cpu: { server: number; upstream: number }[];
  /** Sends one request and checks the whole response. */
  once(): Promise<void>;
  runs: Measurement[];
  upstreamPerQuery?: number;
}

const graphqlBody = (body: string) => body.startsWith('{"data":') && !body.includes('"errors":');
const restBody = (body: string) => body.startsWith('{"aiGatewayProviderKeys":[');

function graphqlCell(shape: Shape, target: 'facade' | 'peer', url: string, pid: number | undefined, label: Cell['label'] = target): Cell {
  const { origin, pathname } = new URL(url);
  const request: LoadRequest = {
    method: 'POST',
    path: pathname,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${BENCH_TOKEN}` },
    body: JSON.stringify(shape[target]),
  };
  return {
    shape,
    label,
    target,
    origin,
    request,
    verifyBody: graphqlBody,
    runs: [],
    pid,
    cpu: [],
    // biome-ignore lint/suspicious/noThenProperty: `then` is the benchmark's follow-up request, not a thenable.
    ...(target === 'peer' && shape.peerThen ? { then: (body: string) => JSON.stringify(shape.peerThen!(JSON.parse(body).data)) } : {}),
    once: () =>
      answerOnce(shape, target, async (graphql) => {
        const response = await fetch(url, { method: 'POST', headers: request.headers, body: JSON.stringify(graphql) });
        return { status: response.status, text: await response.text() };
      }),
  };
}

function rawCell(shape: Shape, upstreamUrl: string, pid: number | undefined): Cell {
  const request: LoadRequest = { method: 'GET', path: shape.raw!.path, headers: { authorization: `Bearer ${BENCH_TOKEN}` } };
  return {
    shape,
    label: 'raw',
    target: 'raw',
    origin: upstreamUrl,
    request,
    verifyBody: restBody,
    runs: [],
    pid,
    cpu: [],
    async once() {
      const response = await fetch(upstreamUrl + request.path, { headers: request.headers });
      const text = await response.text();
      if (response.status !== 200 || !restBody(text)) throw new Error(`raw ${shape.id}: HTTP ${response.status}: ${text.slice(0, 300)}`);
      if (JSON.parse(text).aiGatewayProviderKeys.length !== 20) throw new Error(`raw ${shape.id}: expected 20 keys`);
    },
  };
}

function machine() {
  const model = /^model name\s*:\s*(.+)$/m.exec(safeRead('/proc/cpuinfo'))?.[1]?.trim() ?? cpus()[0]?.model ?? 'unknown';
  return { cpu: model, cores: cpus().length, node: process.version, date: new Date().toISOString() };
}

function safeRead(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

async function main() {
  const started = Date.now();
  const info = machine();
  const loadBefore = loadavg();
  log(
    `bench: ${options.rounds} round(s) × ${options.seconds}s, ${options.connections} connections, ${info.cores} cores, node ${info.node}`,
  );

  const children: Child[] = [];
  const cleanups: (() => void)[] = [];
  const stopAll = async () => {
    await Promise.all(children.map((child) => child.stop()));
    for (const cleanup of cleanups) cleanup();
  };
  process.on('SIGINT', () => void stopAll().then(() => process.exit(130)));
  try {
    const upstream = await startUpstream(options.upstream);
    children.push(upstream);
    let entry = ['--import', 'tsx', 'src/main.ts'];
    if (options.runtime === 'bundle') {
      const build = await buildBundlesInTempDir({ only: ['main'] });
      cleanups.push(build.remove);
      entry = [build.bundles.main];
    }
    const gatewayArgs = [...(options.cpuProf ? ['--cpu-prof', '--cpu-prof-dir', options.cpuProf] : []), ...options.gatewayFlags, ...entry];
    const gateway = await startAnnouncing(
      'gateway',
      gatewayArgs,
      { HOST: '127.0.0.1', PORT: '0', AI_GATEWAY_API_URL: upstream.url, LOG_LEVEL: process.env.LOG_LEVEL ?? 'info' },
      'gateway listening',
    );
    children.push(gateway);
    let baseline: Child | undefined;
    let baselineCommit = '';
    if (options.baseline) {
      const checkout = checkoutGateway(options.baseline);
      cleanups.push(checkout.remove);
      baselineCommit = checkout.commit;
      // The same runtime as the gateway: that revision's sources through this checkout's build.
      let baselineEntry = ['--import', 'tsx', 'src/main.ts'];
      if (options.runtime === 'bundle') {
        const build = await buildBundlesInTempDir({ root: checkout.dir, only: ['main'] });
        cleanups.push(build.remove);
        baselineEntry = [build.bundles.main];
      }
      baseline = await startAnnouncing(
        'baseline gateway',
        [...options.gatewayFlags, ...baselineEntry],
        { HOST: '127.0.0.1', PORT: '0', AI_GATEWAY_API_URL: upstream.url, LOG_LEVEL: process.env.LOG_LEVEL ?? 'info' },
        'gateway listening',
        checkout.dir,
      );
      children.push(baseline);
      log(`baseline: the gateway of ${baselineCommit} at ${baseline.url}`);
    }
    const peer = await startAnnouncing(
      'peer',
      ['--import', 'tsx', 'bench/peer.ts'],
      { PEER_UPSTREAM_URL: upstream.url, PEER_FETCH: options.peerFetch, PEER_BODY_LIMIT: options.peerBodyLimit },
      'peer listening',
    );
    children.push(peer);
    const idle = { gateway: memoryOf(gateway.process.pid), peer: memoryOf(peer.process.pid) };
    log(`upstream ${upstream.url}, gateway ${gateway.url}, peer ${peer.url}`);

    const fixture = await discoverFixture(upstream.url, BENCH_TOKEN);
    const shapes = buildShapes(fixture, { peerNPlusOne: options.peerNPlusOne, usageFacade: options.usageFacade }).filter(
      (shape) => options.shapes.length === 0 || options.shapes.includes(shape.id),
    );
    // The same build with list-first lookups off, started only when a selected shape and the
    // selected targets need it: what the lookup shapes cost at one GET per id.
    const perIdWanted =
      options.perId &&
      (options.targets.length === 0 || options.targets.includes('per-id')) &&
      shapes.some((shape) => shape.facadeRequests < shape.distinctResources);
    const perId = perIdWanted
      ? await startAnnouncing(
          'per-id gateway',
          [...options.gatewayFlags, ...entry],
          {
            HOST: '127.0.0.1',
            PORT: '0',
            AI_GATEWAY_API_URL: upstream.url,
            LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
            LIST_LOOKUP_MIN_IDS: '0',
          },
          'gateway listening',
        )
      : undefined;
    if (perId) children.push(perId);
    const cells: Cell[] = shapes
      .flatMap((shape) => [
        graphqlCell(shape, 'facade', gateway.url, gateway.process.pid),
        ...(baseline ? [graphqlCell(shape, 'facade', baseline.url, baseline.process.pid, 'baseline')] : []),
        ...(perId && shape.facadeRequests < shape.distinctResources
          ? [graphqlCell(shape, 'facade', perId.url, perId.process.pid, 'per-id')]
          : []),
        graphqlCell(shape, 'peer', peer.url, peer.process.pid),
        ...(shape.raw ? [rawCell(shape, upstream.url, upstream.process.pid)] : []),
      ])
      .filter((cell) => options.targets.length === 0 || options.targets.includes(cell.label));

    // Correctness first, then upstream requests per query (every response checked in full).
    for (const cell of cells) {
      await cell.once();
      const before = await upstream.count();
      for (let sent = 0; sent < options.countQueries; sent += 5) {
        await Promise.all(Array.from({ length: Math.min(5, options.countQueries - sent) }, () => cell.once()));
      }
      cell.upstreamPerQuery = ((await upstream.count()) - before) / options.countQueries;
      log(`checked ${cell.label} ${cell.shape.id}: ${cell.upstreamPerQuery} upstream request(s) per query`);
    }

    const run = (cell: Cell, seconds: number) =>
      load(cell.origin, cell.request, {
        seconds,
        connections: options.connections,
        verifyBody: cell.verifyBody,
        // biome-ignore lint/suspicious/noThenProperty: `then` is the benchmark's follow-up request, not a thenable.
        ...(cell.then ? { then: cell.then } : {}),
      });
    for (const cell of cells) await run(cell, options.warmup);

    for (let round = 1; round <= options.rounds; round++) {
      for (const shape of shapes) {
        const ofShape = cells.filter((cell) => cell.shape === shape);
        // Alternate the order every round so that drifting machine load hits every side alike.
        const ordered = round % 2 === 1 ? ofShape : [...ofShape].reverse();
        for (const cell of ordered) {
          const cpuBefore = { server: cpuMsOf(cell.pid), upstream: cpuMsOf(upstream.process.pid) };
          const measurement = await run(cell, options.seconds);
          const perQuery = (before: number, pid: number | undefined) => ((cpuMsOf(pid) - before) * 1000) / measurement.requests;
          const cpu = { server: perQuery(cpuBefore.server, cell.pid), upstream: perQuery(cpuBefore.upstream, upstream.process.pid) };
          cell.runs.push(measurement);
          cell.cpu.push(cpu);
          log(
            `round ${round} ${shape.id.padEnd(8)} ${cell.label.padEnd(8)} ${measurement.rps.toFixed(0).padStart(6)} req/s  p50 ${measurement.p50.toFixed(2)} ms  p99 ${measurement.p99.toFixed(2)} ms  cpu/query ${cpu.server.toFixed(0)} µs (upstream ${cpu.upstream.toFixed(0)} µs)`,
          );
        }
      }
    }

    const memory = {
      gateway: memoryOf(gateway.process.pid),
      peer: memoryOf(peer.process.pid),
      baseline: memoryOf(baseline?.process.pid),
      perId: memoryOf(perId?.process.pid),
    };
    const gatewayLogLines = gateway.linesAfterStart();
    const report = renderReport({
      info,
      loadBefore,
      loadAfter: loadavg(),
      shapes,
      cells,
      idle,
      memory,
      gatewayLogLines,
      baselineCommit,
      minutes: (Date.now() - started) / 60_000,
    });
    process.stdout.write(report);
    if (options.out) {
      writeFileSync(options.out, withNotes(options.out, report));
      log(`wrote ${options.out}`);
    }
    const failed = report.match(/^\| .* \| ✗ \|$/gm);
    if (failed) log(`${failed.length} target(s) missed; see the report`);
  } finally {
    await stopAll();
  }
}

const BEGIN = '<!-- bench:begin (written by npm run bench; edit outside these markers) -->';
const END = '<!-- bench:end -->';

/** The report between markers; what the file holds outside them (notes by hand) is kept. */
function withNotes(file: string, report: string): string {
  const previous = safeRead(file);
  const begin = previous.indexOf(BEGIN);
  const end = previous.indexOf(END);
  const block = `${BEGIN}\n${report}${END}\n`;
  if (begin < 0 || end < begin) return block;
  return previous.slice(0, begin) + block + previous.slice(end + END.length + 1);
}

interface ReportInput {
  info: ReturnType<typeof machine>;
  loadBefore: number[];
  loadAfter: number[];
  shapes: Shape[];
  cells: Cell[];
  idle: { gateway: Memory | undefined; peer: Memory | undefined };
  memory: { gateway: Memory | undefined; peer: Memory | undefined; baseline: Memory | undefined; perId: Memory | undefined };
  gatewayLogLines: number;
  baselineCommit: string;
  minutes: number;
}

function renderReport(input: ReportInput): string {
  const { shapes, cells } = input;
  const cell = (shape: Shape, label: Cell['label']) => cells.find((c) => c.shape === shape && c.label === label);
  const rps = (c: Cell | undefined) => (c ? median(c.runs.map((run) => run.rps)) : NaN);
  const p50 = (c: Cell | undefined) => (c ? median(c.runs.map((run) => run.p50)) : NaN);
  const p99 = (c: Cell | undefined) => (c ? median(c.runs.map((run) => run.p99)) : NaN);
  const serverCpu = (c: Cell | undefined) => (c ? median(c.cpu.map((cpu) => cpu.server)) : NaN);
  const f0 = (n: number) => (Number.isFinite(n) ? n.toFixed(0) : '–');
  const f2 = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : '–');
  const ratio = (a: number, b: number) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${(a / b).toFixed(2)}×` : '–');
  const mib = (m: Memory | undefined) => (m ? m.peakRssMiB.toFixed(0) : '–');

  const lines: string[] = [];
  lines.push('## Latest run', '');
  lines.push(
    `Machine: ${input.info.cpu}, ${input.info.cores} cores · Node ${input.info.node} · ${input.info.date} · load average ${input.loadBefore
      .map((n) => n.toFixed(2))
      .join('/')} before, ${input.loadAfter.map((n) => n.toFixed(2)).join('/')} after`,
  );
  lines.push(
    `Run: ${options.rounds} alternated round(s) × ${options.seconds} s per target and shape, ${options.connections} connections (autocannon), medians of the rounds; ` +
      `${options.countQueries} checked queries per target and shape for upstream counts; gateway runtime: ${options.runtime === 'bundle' ? 'node dist/main.js (npm run build, as the image runs it)' : 'node --import tsx src/main.ts'}${
        options.gatewayFlags.length ? ` ${options.gatewayFlags.join(' ')}` : ''
      }; upstream: ${options.upstream}; peer fetch: ${options.peerFetch}; peer body limit: ${options.peerBodyLimit}; took ${input.minutes.toFixed(1)} min.`,
    '',
  );

  lines.push('### Headline', '');
  lines.push(
    '| shape | facade req/s | peer req/s | facade/peer | raw REST req/s | facade/raw | p99 ms facade / peer | CPU µs/query facade / peer | upstream req/query facade / peer |',
  );
  lines.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const shape of shapes) {
    const facade = cell(shape, 'facade');
    const peer = cell(shape, 'peer');
    const raw = cell(shape, 'raw');
    lines.push(
      `| ${shape.title} | ${f0(rps(facade))} | ${f0(rps(peer))} | **${ratio(rps(facade), rps(peer))}** | ${raw ? f0(rps(raw)) : '–'} | ${
        raw ? `**${ratio(rps(facade), rps(raw))}**` : '–'
      } | ${f2(p99(facade))} / ${f2(p99(peer))} | ${f0(serverCpu(facade))} / ${f0(serverCpu(peer))} | ${facade?.upstreamPerQuery ?? '–'} / ${
        peer?.upstreamPerQuery ?? '–'
      } |`,
    );
  }
  lines.push('');
  lines.push(
    `Peak RSS (VmHWM) over the whole run: gateway **${mib(input.memory.gateway)} MiB** (${mib(input.idle.gateway)} MiB after start-up), peer ${mib(
      input.memory.peer,
    )} MiB (${mib(input.idle.peer)} MiB after start-up). Gateway log lines written during the run: ${input.gatewayLogLines}.`,
    '',
  );

  const perIdShapes = shapes.filter((shape) => cell(shape, 'per-id'));
  if (perIdShapes.length > 0) {
    lines.push('### The same gateway with one GET per id (`LIST_LOOKUP_MIN_IDS=0`)', '');
    lines.push(
      `List-first lookups answer these shapes' lookups from one list page; here is the facade without them (peak RSS ${mib(input.memory.perId)} MiB).`,
      '',
    );
    lines.push(
      '| shape | per-id req/s | peer req/s | per-id/peer | p99 ms per-id / peer | CPU µs/query per-id / peer | upstream req/query per-id / peer |',
    );
    lines.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const shape of perIdShapes) {
      const perId = cell(shape, 'per-id');
      const peer = cell(shape, 'peer');
      lines.push(
        `| ${shape.title} | ${f0(rps(perId))} | ${f0(rps(peer))} | **${ratio(rps(perId), rps(peer))}** | ${f2(p99(perId))} / ${f2(p99(peer))} | ${f0(serverCpu(perId))} / ${f0(
          serverCpu(peer),
        )} | ${perId?.upstreamPerQuery ?? '–'} / ${peer?.upstreamPerQuery ?? '–'} |`,
      );
    }
    lines.push('');
  }

  if (input.baselineCommit) {
    lines.push(`Baseline: the gateway of ${input.baselineCommit}, peak RSS ${mib(input.memory.baseline)} MiB.`, '');
    lines.push('| shape | facade req/s | baseline req/s | facade/baseline | CPU µs/query facade / baseline |');
    lines.push('| --- | ---: | ---: | ---: | ---: |');
    for (const shape of shapes) {
      const facade = cell(shape, 'facade');
      const base = cell(shape, 'baseline');
      if (!facade || !base) continue;
      const cpu = (c: Cell) => median(c.cpu.map((x) => x.server));
      lines.push(
        `| ${shape.title} | ${f0(rps(facade))} | ${f0(rps(base))} | **${ratio(rps(facade), rps(base))}** | ${f0(cpu(facade))} / ${f0(cpu(base))} |`,
      );
    }
    lines.push('');
  }

  lines.push('### All measurements', '');
  lines.push(
    '| shape | target | req/s (median) | p50 ms | p99 ms | upstream req/query | CPU µs/query: server (upstream) | req/s per round |',
  );
  lines.push('| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |');
  for (const c of cells) {
    const server = c.label === 'raw' ? NaN : median(c.cpu.map((cpu) => cpu.server));
    lines.push(
      `| ${c.shape.id} | ${c.label} | ${f0(rps(c))} | ${f2(p50(c))} | ${f2(p99(c))} | ${c.upstreamPerQuery ?? '–'} | ${f0(server)} (${f0(
        median(c.cpu.map((cpu) => cpu.upstream)),
      )}) | ${c.runs.map((run) => f0(run.rps)).join(' / ')} |`,
    );
  }
  lines.push('');

  lines.push('### Targets', '');
  lines.push('| target | measured | met |');
  lines.push('| --- | --- | --- |');
  const row = (label: string, measured: string, ok: boolean) => lines.push(`| ${label} | ${measured} | ${ok ? '✓' : '✗'} |`);
  const byId = (id: string) => shapes.find((shape) => shape.id === id);
  const [list, lookups, nPlusOne, usage, keys] = [byId('list'), byId('lookups'), byId('n+1'), byId('usage'), byId('keys')];
  if (list) {
    const facade = cell(list, 'facade');
    const peer = cell(list, 'peer');
    const raw = cell(list, 'raw');
    row('shape 1: facade ≥ 2× peer req/s', ratio(rps(facade), rps(peer)), rps(facade) >= 2 * rps(peer));
    row('shape 1: facade ≥ 0.5× raw REST req/s', ratio(rps(facade), rps(raw)), rps(facade) >= 0.5 * rps(raw));
    row('shape 1: facade p99 ≤ peer p99', `${f2(p99(facade))} ms vs ${f2(p99(peer))} ms`, p99(facade) <= p99(peer));
  }
  for (const shape of [lookups, nPlusOne, usage, keys]) {
    if (!shape) continue;
    const facade = cell(shape, 'facade');
    const peer = cell(shape, 'peer');
    const label = shape.title.slice(0, 2);
    row(`shape ${label.replace('.', '')}: facade ≥ 3× peer req/s`, ratio(rps(facade), rps(peer)), rps(facade) >= 3 * rps(peer));
    row(
      `shape ${label.replace('.', '')}: facade upstream req/query ≤ ${shape.distinctResources} distinct resources`,
      `${facade?.upstreamPerQuery} (peer ${peer?.upstreamPerQuery})`,
      (facade?.upstreamPerQuery ?? Infinity) <= shape.distinctResources,
    );
  }
  for (const shape of shapes) {
    const facade = cell(shape, 'facade');
    if (facade && (facade.upstreamPerQuery ?? 0) > shape.distinctResources && ![lookups, nPlusOne, usage, keys].includes(shape)) {
      row(`${shape.id}: facade upstream req/query ≤ ${shape.distinctResources}`, String(facade.upstreamPerQuery), false);
    }
  }
  const peak = input.memory.gateway?.peakRssMiB ?? NaN;
  row('gateway peak RSS ≤ 150 MB', `${f0(peak)} MiB (${f0((peak * 1024 * 1024) / 1e6)} MB)`, peak * 1024 * 1024 <= 150e6);
  lines.push('');

  lines.push('### How each shape is expressed', '');
  for (const shape of shapes) {
    lines.push(`- **${shape.title}**: facade \`${shape.facade.query.slice(0, 140)}${shape.facade.query.length > 140 ? '…' : ''}\``);
    if (shape.peerNote) lines.push(`  - peer: ${shape.peerNote}`);
    if (shape.raw) lines.push(`  - raw REST: \`${shape.raw.method} ${shape.raw.path}\` straight at the upstream`);
  }
  lines.push('');
  return `${lines.join('\n')}\n`;
}

await main();
