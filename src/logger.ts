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

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'ai-gateway-graphql' },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}
