// CLI for `npm run simulator`: both simulators on fixed ports until SIGINT/SIGTERM.
import { startAiGatewaySimulator, startOpenRouterSimulator } from './index.ts';

function port(name: string, fallback: number): number {
  const raw = process.env[name];
  const n = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`${name} must be a port number, got "${raw}"`);
  return n;
}

const host = process.env.SIMULATOR_HOST || '127.0.0.1';
const aiGateway = await startAiGatewaySimulator({ host, port: port('SIMULATOR_PORT', 4010) });
const openRouter = await startOpenRouterSimulator({ host, port: port('OPENROUTER_SIMULATOR_PORT', 4011) });

console.log(`ngrok AI Gateway simulator: ${aiGateway.url}  (token: demo)`);
console.log(`OpenRouter simulator:       ${openRouter.url}  (management key: demo)`);
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
