import { loadConfig } from './config.ts';
import { createLogger } from './logger.ts';
import { createGateway } from './server.ts';
import { startAiGatewaySimulator, startOpenRouterSimulator } from './simulator/index.ts';

/**
 * `npm run demo`: the embedded upstream simulators plus the gateway pointed at them,
 * with GraphiQL pre-filled with the demo account's token. Nothing leaves this machine.
 */
const aiGateway = await startAiGatewaySimulator({ port: Number(process.env.SIMULATOR_PORT ?? 4010) });
const openRouter = await startOpenRouterSimulator({ port: Number(process.env.OPENROUTER_SIMULATOR_PORT ?? 4011) });
const config = loadConfig({
  ...process.env,
  AI_GATEWAY_API_URL: aiGateway.url,
  OPENROUTER_API_URL: openRouter.url,
  GRAPHIQL_DEMO_TOKEN: process.env.GRAPHIQL_DEMO_TOKEN ?? 'demo',
  // People read the demo's log in a terminal; LOG_FORMAT=json still gives JSON lines.
  LOG_FORMAT: process.env.LOG_FORMAT || 'pretty',
});
const log = createLogger(config.logLevel, undefined, config.logFormat);
const gateway = createGateway(config, log);
const url = await gateway.listen();

console.log(`
  AI Gateway GraphQL demo
  GraphiQL:    ${url}/graphql   (opens with "Authorization: Bearer demo" and example operations in tabs)
  Metrics:     ${url}/metrics   Health: ${url}/healthz   Readiness: ${url}/readyz
  Upstreams:   AI Gateway simulator ${aiGateway.url}, OpenRouter simulator ${openRouter.url}
  Stop with Ctrl-C.
`);

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await gateway.close();
  await Promise.all([aiGateway.close(), openRouter.close()]);
  process.exit(0);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
