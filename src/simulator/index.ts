// Embedded upstream simulators (ngrok AI Gateway, OpenRouter keys) for tests, demos and local runs.
import { AiGatewaySimulator } from './ai-gateway/server.ts';
import { OpenRouterSimulator } from './openrouter/server.ts';
import type { StartOptions } from './types.ts';

export type { Fault, FaultMatch, RecordedRequest, SimulatorServer, StartOptions } from './types.ts';
export { AiGatewaySimulator } from './ai-gateway/server.ts';
export { OpenRouterSimulator } from './openrouter/server.ts';
export type {
  AiGatewayAccount,
  AccessKeyRecord,
  ConfigurationRecord,
  ProviderKeyRecord,
} from './ai-gateway/store.ts';
export type { OpenRouterAccount, OpenRouterKeyRecord } from './openrouter/store.ts';
export { DEMO_TOKEN as AI_GATEWAY_DEMO_TOKEN } from './ai-gateway/seed.ts';
export { FRESH_ACCOUNT_PREFIX } from './fresh-accounts.ts';
export { DEMO_KEY as OPENROUTER_DEMO_KEY, DEMO_KEY_COUNT as OPENROUTER_DEMO_KEY_COUNT } from './openrouter/seed.ts';

export async function startAiGatewaySimulator(opts: StartOptions = {}): Promise<AiGatewaySimulator> {
  const sim = new AiGatewaySimulator(opts);
  await sim.listen();
  return sim;
}

export async function startOpenRouterSimulator(opts: StartOptions = {}): Promise<OpenRouterSimulator> {
  const sim = new OpenRouterSimulator(opts);
  await sim.listen();
  return sim;
}
