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

/**
 * JSON lines by default; `pretty` (the demo) formats them for a terminal with pino-pretty, one
 * line per entry, into `destination` (stdout when none).
 */
export function createLogger(level: string, destination?: pino.DestinationStream, format: 'json' | 'pretty' = 'json'): Logger {
  return pino(
    { ...BASE_OPTIONS, level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } },
    format === 'pretty' ? prettyStream(destination) : (destination ?? stdoutLines()),
  );
}

/**
 * Standard output, written asynchronously (pino's default), so that a slow reader of stdout
 * never stalls request handling: a line goes out at once when no write is in flight, and lines
 * that arrive meanwhile go out together in the next write. pino writes what is still buffered
 * synchronously when the process exits (also through process.exit). What pino leaves unbounded
 * is bounded here: when nothing reads stdout, lines beyond STDOUT_BUFFER_BYTES waiting are
 * dropped rather than filling the heap.
 */
function stdoutLines(): pino.DestinationStream {
  return pino.destination({ dest: 1, sync: false, maxLength: STDOUT_BUFFER_BYTES });
}

const STDOUT_BUFFER_BYTES = 4 * 1024 * 1024;

const BASE_OPTIONS = { base: { service: 'ai-gateway-graphql' }, timestamp: pino.stdTimeFunctions.isoTime } satisfies pino.LoggerOptions;

/**
 * `log`'s destination, level and format without the redaction walk, which costs CPU on every line:
 * only for lines built field by field from values that cannot hold a secret (the access log).
 */
export function unredactedSibling(log: Logger): Logger {
  const destination = (log as unknown as Record<symbol, pino.DestinationStream>)[pino.symbols.streamSym];
  return pino({ ...BASE_OPTIONS, level: log.level }, destination);
}

/** The access log's fields (src/observability/access-log.ts), which the pretty format writes as a sentence. */
const OPERATION_FIELDS = ['operationName', 'operationType', 'outcome', 'durationMs', 'upstreamCalls', 'errorCodes', 'traceId'];

function prettyStream(destination?: pino.DestinationStream): pino.DestinationStream {
  // Loaded only when asked for, so production never pays for it. Redaction happens before it.
  const pretty = createRequire(import.meta.url)('pino-pretty') as typeof import('pino-pretty');
  return pretty.build({
    ...(destination ? { destination } : {}),
    colorize: !destination && process.stdout.isTTY,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: ['pid', 'hostname', 'service', 'requestId', ...OPERATION_FIELDS].join(','),
    // Whatever else a line carries (debug details, an error) stays on that line.
    singleLine: true,
    messageFormat: (entry, messageKey) => prettyMessage(entry, String(entry[messageKey] ?? '')),
  });
}

/** `query ProviderKeys: success in 12.4 ms, 1 upstream call [request 4f0c…]` for an operation; the message otherwise. */
function prettyMessage(entry: Record<string, unknown>, message: string): string {
  const request = typeof entry.requestId === 'string' ? ` [request ${entry.requestId}]` : '';
  if (!('outcome' in entry)) return `${message}${request}`;
  const operation = [entry.operationType ?? 'operation', entry.operationName].filter(Boolean).join(' ');
  const codes = Array.isArray(entry.errorCodes) ? ` (${entry.errorCodes.join(', ')})` : '';
  const calls = entry.upstreamCalls === 1 ? '1 upstream call' : `${entry.upstreamCalls} upstream calls`;
  const trace = typeof entry.traceId === 'string' ? ` [trace ${entry.traceId}]` : '';
  return `${operation}: ${entry.outcome}${codes} in ${entry.durationMs} ms, ${calls}${request}${trace}`;
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
