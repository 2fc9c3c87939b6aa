// The simulators' settings for `npm run simulator` and `npm run demo`, from the environment.

export interface SimulatorSettings {
  /** SIMULATOR_HOST: the interface both simulators listen on. */
  host: string;
  /** SIMULATOR_PORT: the AI Gateway simulator's port. */
  aiGatewayPort: number;
  /** OPENROUTER_SIMULATOR_PORT: the OpenRouter simulator's port. */
  openRouterPort: number;
}

/** Reads the settings; throws an Error naming the variable when a port is not a port number. */
export function simulatorSettings(env: Record<string, string | undefined> = process.env): SimulatorSettings {
  return {
    host: env.SIMULATOR_HOST || '127.0.0.1',
    aiGatewayPort: port('SIMULATOR_PORT', env.SIMULATOR_PORT, 4010),
    openRouterPort: port('OPENROUTER_SIMULATOR_PORT', env.OPENROUTER_SIMULATOR_PORT, 4011),
  };
}

function port(name: string, raw: string | undefined, fallback: number): number {
  const n = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`${name} must be a port number (0 to 65535), got "${raw}"`);
  return n;
}

/** One line saying why a simulator could not listen and which variable to change (a busy port, most often). */
export function simulatorListenFailure(error: unknown, host: string, port: number, variable: string): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const address = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  if (code === 'EADDRINUSE') {
    return `Cannot listen on ${address}: the address is already in use (EADDRINUSE). Set ${variable} to a free port, or stop what listens there.`;
  }
  return `Cannot listen on ${address}: ${(error as Error | undefined)?.message ?? String(error)}. Check SIMULATOR_HOST and ${variable}.`;
}
