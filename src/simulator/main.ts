// CLI for `npm run simulator`: both simulators on fixed ports until SIGINT/SIGTERM.
import { startAiGatewaySimulator, startOpenRouterSimulator } from './index.ts';
import { simulatorListenFailure, simulatorSettings, type SimulatorSettings } from './settings.ts';

let settings: SimulatorSettings;
try {
  settings = simulatorSettings();
} catch (error) {
  console.error((error as Error).message);
  process.exit(2);
}
const { host } = settings;
const started = async <T>(start: () => Promise<T>, port: number, variable: string): Promise<T> =>
  start().catch((error: unknown) => {
    console.error(simulatorListenFailure(error, host, port, variable));
    process.exit(2);
  });
const aiGateway = await started(
  () => startAiGatewaySimulator({ host, port: settings.aiGatewayPort }),
  settings.aiGatewayPort,
  'SIMULATOR_PORT',
);
const openRouter = await started(
  () => startOpenRouterSimulator({ host, port: settings.openRouterPort }),
  settings.openRouterPort,
  'OPENROUTER_SIMULATOR_PORT',
);

console.log(`ngrok AI Gateway simulator: ${aiGateway.url}  (token: demo, or any token starting with "fresh-" for a new empty account)`);
console.log(`OpenRouter simulator:       ${openRouter.url}  (management key: demo, or any key starting with "fresh-")`);
console.log('Admin API on both: /__simulator/faults, /__simulator/requests, POST /__simulator/reset');

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`${signal} received, shutting down`);
  await Promise.all([aiGateway.close(), openRouter.close()]);
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
