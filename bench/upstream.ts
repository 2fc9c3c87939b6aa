// The benchmark's upstream, run as its own process by bench/run.ts: the project's AI Gateway
// simulator (the REST contract the gateway and the peer are both written against), seeded with
// the benchmark account. It talks to the driver over the IPC channel:
//   → {type: 'ready', url}        once listening
//   ← {type: 'count'}             → {type: 'count', total}: upstream requests served so far
import { seedBenchAccount, BENCH_TOKEN } from './fixture.ts';
import { startAiGatewaySimulator } from '../src/simulator/index.ts';

const simulator = await startAiGatewaySimulator({ host: '127.0.0.1', port: Number(process.env.PORT ?? 0), seedDemo: false });
seedBenchAccount(simulator.account(BENCH_TOKEN));

// The simulator keeps every request it served (headers, body) for tests; under load that log
// would grow by the million. Fold it into a counter a few times a second.
let folded = 0;
const fold = () => {
  folded += simulator.requests.length;
  simulator.clearRequests();
  return folded;
};
setInterval(fold, 250).unref();

process.on('message', (message: { type?: string }) => {
  if (message?.type === 'count') process.send?.({ type: 'count', total: fold() });
});
process.on('disconnect', () => process.exit(0));
process.on('SIGTERM', () => process.exit(0));

process.send?.({ type: 'ready', url: simulator.url });
if (!process.send) console.log(JSON.stringify({ msg: 'upstream listening', url: simulator.url }));
