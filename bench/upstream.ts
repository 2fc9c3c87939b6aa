// The benchmark's upstream, run as its own process by bench/run.ts and seeded with the benchmark
// account. UPSTREAM=stub (default): bench/stub.ts, the simulator's handlers behind a lean server;
// UPSTREAM=simulator: the project's simulator as it is. It talks to the driver over IPC:
//   → {type: 'ready', url}        once listening
//   ← {type: 'count'}             → {type: 'count', total}: upstream requests served so far
import { seedBenchAccount, BENCH_TOKEN } from './fixture.ts';
import { startStubUpstream } from './stub.ts';
import { startAiGatewaySimulator } from '../src/simulator/index.ts';

const port = Number(process.env.PORT ?? 0);
let url: string;
let count: () => number;

if (process.env.UPSTREAM === 'simulator') {
  const simulator = await startAiGatewaySimulator({ host: '127.0.0.1', port, seedDemo: false });
  seedBenchAccount(simulator.account(BENCH_TOKEN));
  // The simulator keeps every request it served (headers, body) for tests; under load that log
  // would grow by the million. Fold it into a counter a few times a second.
  let folded = 0;
  count = () => {
    folded += simulator.requests.length;
    simulator.clearRequests();
    return folded;
  };
  setInterval(count, 250).unref();
  url = simulator.url;
} else {
  const stub = await startStubUpstream({ host: '127.0.0.1', port });
  seedBenchAccount(stub.account(BENCH_TOKEN));
  count = stub.served;
  url = stub.url;
}

process.on('message', (message: { type?: string }) => {
  if (message?.type === 'count') process.send?.({ type: 'count', total: count() });
});
process.on('disconnect', () => process.exit(0));
process.on('SIGTERM', () => process.exit(0));

process.send?.({ type: 'ready', url });
if (!process.send) console.log(JSON.stringify({ msg: 'upstream listening', url }));
