// The image's HEALTHCHECK (Dockerfile). One image runs two programs, the gateway
// (`node dist/main.js`, the default) and the upstream simulator (`node dist/simulator.js`, as
// docker-compose.yml runs it), and each must be checked where it listens, whether it runs under
// compose or plain `docker run`. Kubernetes ignores HEALTHCHECK and uses its own probes.
//
//   node healthcheck.mjs [gateway|simulator]
//
// Without an argument the program is read from PID 1's command line: the official image's
// entrypoint execs the command, and with `docker run --init` docker-init keeps it as arguments.
// Plain JavaScript with no imports beyond Node's: it runs as copied, with no build step.
import { readFileSync } from 'node:fs';

const TIMEOUT_MS = 2_500; // under the HEALTHCHECK's --timeout=3s, so a hang reports itself

function programOfPid1() {
  try {
    const argv = readFileSync('/proc/1/cmdline', 'utf8').split('\0');
    return argv.some((arg) => /(^|\/)simulator\.js$/.test(arg)) ? 'simulator' : 'gateway';
  } catch {
    return 'gateway';
  }
}

/** The address to call for a listen address: the wildcard ones are reachable on loopback. */
function hostOf(listenHost) {
  if (!listenHost || listenHost === '0.0.0.0') return '127.0.0.1';
  if (listenHost === '::') return '[::1]';
  return listenHost.includes(':') ? `[${listenHost}]` : listenHost;
}

async function check(url, isHealthy) {
  const response = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS) });
  await response.body?.cancel();
  if (!isHealthy(response.status)) throw new Error(`${url} answered ${response.status}`);
  return `${url} answered ${response.status}`;
}

const env = process.env;
const program = process.argv[2] ?? programOfPid1();
const checks =
  program === 'simulator'
    ? // Both simulators; any HTTP answer (401 without a token) means the server is serving.
      [env.SIMULATOR_PORT || '4010', env.OPENROUTER_SIMULATOR_PORT || '4011'].map((port) =>
        check(`http://${hostOf(env.SIMULATOR_HOST)}:${port}/`, (status) => status < 500),
      )
    : // Liveness, not readiness: a draining gateway is healthy until it exits.
      [check(`http://${hostOf(env.HOST)}:${env.PORT || '4000'}/healthz`, (status) => status === 200)];

try {
  for (const line of await Promise.all(checks)) console.log(`${program}: ${line}`);
  process.exit(0);
} catch (error) {
  console.log(`${program}: ${error.cause?.code ?? error.message}`);
  process.exit(1);
}
