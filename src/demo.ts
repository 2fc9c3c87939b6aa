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
});
const log = createLogger(config.logLevel);
const gateway = createGateway(config, log);
const url = await gateway.listen();

console.log(`
  AI Gateway GraphQL demo
  GraphiQL:    ${url}/graphql   (opens with "Authorization: Bearer demo" and an example query)
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
