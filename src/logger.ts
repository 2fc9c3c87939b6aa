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
    { ...BASE_OPTIONS, level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } },
    format === 'pretty' && !destination ? prettyStream() : destination,
  );
}

const BASE_OPTIONS = { base: { service: 'ai-gateway-graphql' }, timestamp: pino.stdTimeFunctions.isoTime } satisfies pino.LoggerOptions;

/**
 * `log`'s destination, level and format without the redaction walk, which costs CPU on every line:
 * only for lines built field by field from values that cannot hold a secret (the access log).
 */
export function unredactedSibling(log: Logger): Logger {
  const destination = (log as unknown as Record<symbol, pino.DestinationStream>)[pino.symbols.streamSym];
  return pino({ ...BASE_OPTIONS, level: log.level }, destination);
}

function prettyStream(): pino.DestinationStream {
  // Loaded only when asked for, so production never pays for it. Redaction happens before it.
  const pretty = createRequire(import.meta.url)('pino-pretty') as typeof import('pino-pretty');
  return pretty.build({ colorize: process.stdout.isTTY, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,service' });
}

/** What request-scoped code logs through: a pino Logger, or a lazyChild of one. */
export type RequestLogger = Pick<Logger, 'debug' | 'info' | 'warn' | 'error'>;

/**
 * A child of `parent` made on first use. Most requests log nothing of their own, and making a
 * child (its bindings go through redaction) costs CPU on every request.
 */
export function lazyChild(parent: Logger, bindings: pino.Bindings): RequestLogger {
  return new LazyChild(parent, bindings) as unknown as RequestLogger;
}

class LazyChild {
  #child: Logger | undefined;
  constructor(
    private readonly parent: Logger,
    private readonly bindings: pino.Bindings,
  ) {}

  #get(): Logger {
    return (this.#child ??= this.parent.child(this.bindings));
  }

  debug(...args: Parameters<pino.LogFn>): void {
    this.#get().debug(...args);
  }

  info(...args: Parameters<pino.LogFn>): void {
    this.#get().info(...args);
  }

  warn(...args: Parameters<pino.LogFn>): void {
    this.#get().warn(...args);
  }

  error(...args: Parameters<pino.LogFn>): void {
    this.#get().error(...args);
  }
}
