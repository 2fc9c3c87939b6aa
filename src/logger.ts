import { createRequire } from 'node:module';
import pino, { type Logger } from 'pino';

/**
 * Paths pino blanks at every level. Credentials travel in headers; secrets in `value`
 * (provider keys), `token` (access keys) and `key` (OpenRouter keys) fields.
 */
export const REDACTED_PATHS = [
  'authorization',
  'headers.authorization',
  'headers["x-openrouter-authorization"]',
  '*.authorization',
  '*.headers.authorization',
  '*.headers["x-openrouter-authorization"]',
  'credentials',
  '*.credentials',
  'token',
  '*.token',
  'value',
  '*.value',
  'key',
  '*.key',
  'variables',
  '*.variables',
];

/** JSON lines by default; `pretty` (the demo) formats them for a terminal with pino-pretty. */
export function createLogger(level: string, destination?: pino.DestinationStream, format: 'json' | 'pretty' = 'json'): Logger {
  return pino(
    {
      level,
      base: { service: 'ai-gateway-graphql' },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    format === 'pretty' && !destination ? prettyStream() : destination,
  );
}

function prettyStream(): pino.DestinationStream {
  // Loaded only when asked for, so production never pays for it. Redaction happens before it.
  const pretty = createRequire(import.meta.url)('pino-pretty') as typeof import('pino-pretty');
  return pretty.build({ colorize: process.stdout.isTTY, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,service' });
}
