import { ConfigError, listenFailure, loadConfig } from './config.ts';
import { createLogger } from './logger.ts';
import { createGateway } from './server.ts';
import { type SimulatorServer, startAiGatewaySimulator, startOpenRouterSimulator } from './simulator/index.ts';
import { simulatorListenFailure, simulatorSettings } from './simulator/settings.ts';

/**
 * `npm run demo`: the embedded upstream simulators plus the gateway pointed at them, on
 * 127.0.0.1 unless HOST says otherwise, with GraphiQL pre-filled with the demo account's token.
 * Nothing leaves this machine. A start-up failure (a busy port, a bad setting) is one line on
 * stderr and exit code 2.
 */
const simulators: SimulatorServer[] = [];

function fail(message: string): never {
  console.error(message);
  // Whatever already listens goes with the process.
  process.exit(2);
}

const settings = (() => {
  try {
    return simulatorSettings();
  } catch (error) {
    return fail((error as Error).message);
  }
})();
const { host: simulatorHost } = settings;
const aiGateway = await startAiGatewaySimulator({ host: simulatorHost, port: settings.aiGatewayPort }).catch((error: unknown) =>
  fail(simulatorListenFailure(error, simulatorHost, settings.aiGatewayPort, 'SIMULATOR_PORT')),
);
simulators.push(aiGateway);
const openRouter = await startOpenRouterSimulator({ host: simulatorHost, port: settings.openRouterPort }).catch((error: unknown) =>
  fail(simulatorListenFailure(error, simulatorHost, settings.openRouterPort, 'OPENROUTER_SIMULATOR_PORT')),
);
simulators.push(openRouter);

const config = (() => {
  try {
    return loadConfig({
      ...process.env,
      // A demo is for this machine: it listens on loopback unless HOST says otherwise.
      HOST: process.env.HOST || '127.0.0.1',
      AI_GATEWAY_API_URL: aiGateway.url,
      OPENROUTER_API_URL: openRouter.url,
      GRAPHIQL_DEMO_TOKEN: process.env.GRAPHIQL_DEMO_TOKEN || 'demo',
      // People read the demo's log in a terminal; LOG_FORMAT=json still gives JSON lines.
      LOG_FORMAT: process.env.LOG_FORMAT || 'pretty',
    });
  } catch (error) {
    if (error instanceof ConfigError) return fail(error.message);
    throw error;
  }
})();
const log = createLogger(config.logLevel, undefined, config.logFormat);
const gateway = createGateway(config, log);
const url = await gateway
  .listen()
  .catch((error: unknown) => fail(listenFailure(error, config.host, config.port, { host: 'HOST', port: 'PORT' })));

console.log(`
  AI Gateway GraphQL demo
  GraphiQL:    ${url}/graphql   (opens with "Authorization: Bearer ${config.graphiqlDemoToken}" and example operations in tabs)
  Metrics:     ${url}/metrics   Health: ${url}/healthz   Readiness: ${url}/readyz
  Upstreams:   AI Gateway simulator ${aiGateway.url}, OpenRouter simulator ${openRouter.url}
  Stop with Ctrl-C.
`);

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await gateway.close();
  await Promise.all(simulators.map((simulator) => simulator.close()));
  process.exit(0);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
process.on('SIGHUP', () => void stop());
