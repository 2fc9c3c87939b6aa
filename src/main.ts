import type { Logger } from 'pino';
import { type Config, ConfigError, listenFailure, loadConfig } from './config.ts';
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
  const url = await gateway.listen().catch(async (error: unknown) => {
    console.error(listenFailure(error, config.host, config.port, { host: 'HOST', port: 'PORT' }));
    await gateway.close().catch(() => undefined);
    process.exit(2);
  });
  log.info({ url: `${url}/graphql`, aiGateway: config.aiGatewayApiUrl }, 'gateway listening');

  // SIGTERM (`docker stop`, Kubernetes) or SIGINT (Ctrl-C): /readyz answers 503 at once while
  // the gateway keeps serving for SHUTDOWN_DELAY_MS, so that load balancers stop routing here
  // before connections are refused; then close() stops listening and gives requests in flight
  // SHUTDOWN_TIMEOUT_MS. A second signal skips what is left of the delay.
  let stopping = false;
  let endDelay = () => {};
  const stop = async (signal: string) => {
    if (stopping) return endDelay();
    stopping = true;
    gateway.readiness.markStopping();
    log.info({ signal, delayMs: config.shutdownDelayMs, timeoutMs: config.shutdownTimeoutMs }, 'shutting down');
    // The whole shutdown is bounded: closing the pools and flushing traces get one second after
    // the cut, so the process is gone before the orchestrator's SIGKILL (README, Deploy).
    const bound = config.shutdownDelayMs + config.shutdownTimeoutMs + 1_000;
    setTimeout(() => {
      log.error({ boundMs: bound }, 'shutdown did not finish in time; exiting');
      process.exit(1);
    }, bound).unref();
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, config.shutdownDelayMs);
      endDelay = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    await gateway.close();
    log.info('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

await main();
