import type { Logger } from 'pino';
import { type Config, ConfigError, loadConfig } from './config.ts';
import { createLogger } from './logger.ts';
import { createGateway, type Gateway } from './server.ts';

/** `npm start`: runs the gateway until SIGINT/SIGTERM. */
async function main(): Promise<void> {
  let config: Config;
  let log: Logger;
  let gateway: Gateway;
  try {
    config = loadConfig();
    log = createLogger(config.logLevel, undefined, config.logFormat);
    gateway = createGateway(config, log);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  const url = await gateway.listen();
  log.info({ url: `${url}/graphql`, aiGateway: config.aiGatewayApiUrl }, 'gateway listening');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    await gateway.close();
    log.info('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

await main();
