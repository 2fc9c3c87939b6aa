// Child processes of the benchmark: the upstream, the gateway and the peer, each its own Node
// process on loopback so that each has its own event loop and its memory can be read.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface Child {
  name: string;
  process: ChildProcess;
  url: string;
  /** Lines the process wrote on stdout after it announced its URL (the gateway's logs). */
  linesAfterStart: () => number;
  stop(): Promise<void>;
}

const STARTUP_TIMEOUT_MS = 30_000;

function stopper(child: ChildProcess): () => Promise<void> {
  return () =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      child.kill('SIGTERM');
    });
}

function exitedEarly(name: string, child: ChildProcess): Promise<never> {
  return new Promise((_, reject) =>
    child.once('exit', (code, signal) => reject(new Error(`${name} exited during start-up (code ${code}, signal ${signal})`))),
  );
}

function timeout(name: string): Promise<never> {
  return new Promise((_, reject) =>
    setTimeout(() => reject(new Error(`${name} did not start within ${STARTUP_TIMEOUT_MS} ms`)), STARTUP_TIMEOUT_MS).unref(),
  );
}

/** Starts the upstream (bench/upstream.ts) and resolves once it listens; `count()` reads its request counter. */
export async function startUpstream(kind: 'stub' | 'simulator' = 'stub'): Promise<Child & { count(): Promise<number> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/upstream.ts'], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'production', UPSTREAM: kind },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const url = await Promise.race([
    new Promise<string>((resolve) =>
      child.on('message', (message: any) => {
        if (message?.type === 'ready') resolve(message.url);
      }),
    ),
    exitedEarly('upstream', child),
    timeout('upstream'),
  ]);
  const pending: ((total: number) => void)[] = [];
  child.on('message', (message: any) => {
    if (message?.type === 'count') pending.shift()?.(message.total);
  });
  return {
    name: 'upstream',
    process: child,
    url,
    linesAfterStart: () => 0,
    count: () =>
      new Promise((resolve) => {
        pending.push(resolve);
        child.send({ type: 'count' });
      }),
    stop: stopper(child),
  };
}

/**
 * Starts a process that prints a JSON line `{"msg": <ready>, "url": ...}` on stdout when it
 * listens, and counts the lines it prints after that.
 */
export async function startAnnouncing(
  name: string,
  args: string[],
  env: Record<string, string>,
  readyMessage: string,
  cwd: string = ROOT,
): Promise<Child> {
  // NODE_ENV=production as in the production image (Dockerfile): graphql-js, for one, skips its
  // development-only checks then.
  const child = spawn(process.execPath, args, {
    cwd,
    env: { ...process.env, NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let started = false;
  let after = 0;
  const lines = createInterface({ input: child.stdout! });
  const url = await Promise.race([
    new Promise<string>((resolve) =>
      lines.on('line', (line) => {
        if (started) {
          after += 1;
          return;
        }
        try {
          const parsed = JSON.parse(line);
          if (parsed.msg === readyMessage && typeof parsed.url === 'string') {
            started = true;
            resolve(parsed.url);
          }
        } catch {
          // not a JSON log line; ignore
        }
      }),
    ),
    exitedEarly(name, child),
    timeout(name),
  ]);
  return { name, process: child, url, linesAfterStart: () => after, stop: stopper(child) };
}

export interface Memory {
  /** Peak resident set size since the process started (VmHWM), in MiB. */
  peakRssMiB: number;
  /** Current resident set size (VmRSS), in MiB. */
  rssMiB: number;
}

/** Reads a process's resident memory from /proc (Linux). */
export function memoryOf(pid: number | undefined): Memory | undefined {
  if (pid === undefined) return undefined;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { peakRssMiB: kib('VmHWM') / 1024, rssMiB: kib('VmRSS') / 1024 };
  } catch {
    return undefined;
  }
}

const TICKS_PER_SECOND = 100; // USER_HZ; `getconf CLK_TCK` is 100 on Linux

/** CPU time (user + system, all threads) a process has used so far, in milliseconds; NaN when unreadable. */
export function cpuMsOf(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may contain spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return NaN;
  }
}

/**
 * Checks out the gateway (src/, package.json, tsconfig.json) of another git revision into a
 * temporary directory that shares this checkout's node_modules, so that one run can measure
 * the gateway before and after a change under the same machine noise. Run it there with tsx,
 * or bundle it with scripts/build.ts (`buildBundlesInTempDir({ root: dir })`).
 */
function existsAt(commit: string, path: string): boolean {
  try {
    execFileSync('git', ['-C', ROOT, 'cat-file', '-e', `${commit}:${path}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export function checkoutGateway(revision: string): { dir: string; commit: string; remove(): void } {
  const commit = execFileSync('git', ['-C', ROOT, 'rev-parse', '--short', revision], { encoding: 'utf8' }).trim();
  const dir = mkdtempSync(join(tmpdir(), `bench-gateway-${commit}-`));
  // What the build reads; `examples` (GraphiQL's tabs, bundled) is absent from older revisions.
  const paths = ['src', 'examples', 'package.json', 'tsconfig.json'].filter((path) => existsAt(commit, path));
  execFileSync('git', ['-C', ROOT, 'archive', '--format=tar', '-o', join(dir, 'src.tar'), commit, ...paths]);
  execFileSync('tar', ['-xf', 'src.tar'], { cwd: dir });
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  return { dir, commit, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
