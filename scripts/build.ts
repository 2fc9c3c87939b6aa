// `npm run build`: bundles the gateway and the simulator into dist/ with esbuild, so that the
// image runs plain JavaScript (`node dist/main.js`) and needs neither tsx nor the sources.
// Packages stay external: node_modules is resolved at run time from the image's production
// dependencies, so dynamic imports (GraphiQL's renderer, loaded on the first GraphiQL request)
// and createRequire() lookups (pino-pretty, the OTLP exporters) work from dist/ as from src/.
import { build } from 'esbuild';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GRAPHIQL_TEMPLATE_OPTIONS, readExampleDocuments } from '../src/graphiql.ts';

/** The checkout this script belongs to. */
export const ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * The V8 heap flags the image sets (`ENV NODE_OPTIONS` in the Dockerfile; a test checks that the
 * two agree) and that `npm run bench` gives the gateway by default, so the benchmark measures
 * the gateway as the image runs it. The old-space cap keeps the heap from growing freely on a
 * big machine (~200 MiB peak RSS under the benchmark's load instead of 260-460). 128 MiB rather
 * than the 80 of before: with ~35 MiB live at start-up, 80 left too little room for 16 queries in
 * flight over pages of 100 items, and V8 spent most of their CPU collecting (1.8-3x slower on
 * every shape) to save ~10 MiB of RSS; 16 MiB semi-spaces let a query's data die young
 * (bench/RESULTS.md).
 */
export const IMAGE_HEAP_FLAG = '--max-old-space-size=128 --max-semi-space-size=16';

/** Bundle name (`<outdir>/<name>.js`) → entry point, relative to the checkout. */
export const ENTRY_POINTS = {
  main: 'src/main.ts',
  simulator: 'src/simulator/main.ts',
  /** `npm run demo:dist`: the demo (gateway and simulators in one process) with plain node. */
  demo: 'src/demo.ts',
} as const;

export type BundleName = keyof typeof ENTRY_POINTS;

export interface BuildOptions {
  /** The checkout whose src/ is bundled (default: this one). */
  root?: string;
  /** Which bundles to build (default: all of ENTRY_POINTS). */
  only?: readonly BundleName[];
}

/**
 * Bundles the entry points into `outdir` (`main.js`, `simulator.js`, each with a linked source
 * map) and returns their paths. `outdir` must see a node_modules and a package.json with
 * `"type": "module"` above it (or in it) at run time, as dist/ does in the checkout and the image.
 */
export async function buildBundles(outdir: string, options: BuildOptions = {}): Promise<Record<BundleName, string>> {
  const root = options.root ?? ROOT;
  const names = options.only ?? (Object.keys(ENTRY_POINTS) as BundleName[]);
  const result = await build({
    absWorkingDir: root,
    entryPoints: Object.fromEntries(names.map((name) => [name, join(root, ENTRY_POINTS[name])])),
    outdir: resolve(outdir),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22', // the oldest line `engines` supports
    packages: 'external',
    sourcemap: true,
    logLevel: 'warning',
    // GraphiQL's tabs: the bundle runs where examples/ is not (the image has dist/ only).
    define: { __EXAMPLE_DOCUMENTS__: JSON.stringify(readExampleDocuments(join(root, 'examples'))) },
  });
  if (result.errors.length > 0) throw new Error(`esbuild reported ${result.errors.length} error(s)`);
  // GraphiQL's page, rendered here so that the gateway never loads its 9 MB renderer (src/graphiql.ts).
  if (names.includes('main') || names.includes('demo')) {
    const { renderGraphiQL } = await import('@graphql-yoga/render-graphiql'); // 9 MB: only when building
    writeFileSync(join(resolve(outdir), 'graphiql.html'), renderGraphiQL(GRAPHIQL_TEMPLATE_OPTIONS));
  }
  return Object.fromEntries(names.map((name) => [name, join(resolve(outdir), `${name}.js`)])) as Record<BundleName, string>;
}

/**
 * Bundles into a fresh temporary directory that shares the checkout's node_modules (symlinked)
 * and declares itself an ES module package, so the bundles run there with plain `node` without
 * touching dist/. For the benchmark and the tests; `remove()` deletes the directory (not the
 * node_modules the link points to).
 */
export async function buildBundlesInTempDir(
  options: BuildOptions = {},
): Promise<{ dir: string; bundles: Record<BundleName, string>; remove(): void }> {
  const root = options.root ?? ROOT;
  const dir = mkdtempSync(join(tmpdir(), 'ai-gateway-graphql-build-'));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  try {
    symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
    writeFileSync(join(dir, 'package.json'), '{ "type": "module", "private": true }\n');
    const bundles = await buildBundles(dir, options);
    return { dir, bundles, remove };
  } catch (error) {
    remove();
    throw error;
  }
}

// `tsx scripts/build.ts`: a clean dist/ in the checkout.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dist = join(ROOT, 'dist');
  rmSync(dist, { recursive: true, force: true });
  const started = performance.now();
  const bundles = await buildBundles(dist);
  const list = Object.values(bundles).map((file) => file.slice(ROOT.length));
  console.log(`built ${list.join(', ')} in ${Math.round(performance.now() - started)} ms`);
}
